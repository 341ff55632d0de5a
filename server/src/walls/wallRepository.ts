import { WallState } from '@shared/wall/wallState'
import type { Db } from '../store/database'

/** Where each named wall's state lives, so every screen of it, and a restart, sees the same. */
export interface WallRepository {
  get(name: string): WallState | null
  save(state: WallState): void
  list(): WallState[]
  /** Whether a wall of that name was there to delete. */
  delete(name: string): boolean
}

/**
 * A state stored before the alarm queue: its held alarm lacks what the queue orders by. Read it as
 * the least urgent alarm, reported when it came on the wall, holding for the time it was given.
 */
export function upgradeStoredWall(raw: unknown): unknown {
  if (!raw || typeof raw !== 'object') return raw
  const alarm = (raw as { alarm?: Record<string, unknown> | null }).alarm
  if (!alarm || 'holdSeconds' in alarm) return raw
  const startedAt = String(alarm['startedAt'])
  const holdSeconds = Math.min(3600, Math.max(5, Math.round((Date.parse(String(alarm['expiresAt'])) - Date.parse(startedAt)) / 1000) || 300))
  return { ...raw, alarm: { urgencyMinutes: 365 * 24 * 60, reportedAt: startedAt, holdSeconds, ...alarm } }
}

export function createSqliteWallRepository(db: Db): WallRepository {
  const select = db.prepare('SELECT state FROM walls WHERE name = ?')
  const upsert = db.prepare(
    `INSERT INTO walls (name, version, updated_at, state) VALUES (@name, @version, @updatedAt, @state)
     ON CONFLICT (name) DO UPDATE SET version = excluded.version, updated_at = excluded.updated_at, state = excluded.state`,
  )
  const all = db.prepare('SELECT state FROM walls ORDER BY name')
  const remove = db.prepare('DELETE FROM walls WHERE name = ?')
  // Stored states were validated when written; parsing again guards against a hand-edited store.
  const parse = (row: { state: string }) => WallState.parse(upgradeStoredWall(JSON.parse(row.state)))
  return {
    get(name) {
      const row = select.get(name) as { state: string } | undefined
      return row ? parse(row) : null
    },
    save(state) {
      upsert.run({ name: state.name, version: state.version, updatedAt: state.updatedAt, state: JSON.stringify(state) })
    },
    list: () => (all.all() as { state: string }[]).map(parse),
    delete: (name) => remove.run(name).changes > 0,
  }
}
