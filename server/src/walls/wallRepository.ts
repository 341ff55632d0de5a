import { WallState } from '@shared/wall/wallState'
import type { Db } from '../store/database'

/** Where each named wall's state lives, so every screen of it, and a restart, sees the same. */
export interface WallRepository {
  get(name: string): WallState | null
  save(state: WallState): void
  list(): WallState[]
}

export function createSqliteWallRepository(db: Db): WallRepository {
  const select = db.prepare('SELECT state FROM walls WHERE name = ?')
  const upsert = db.prepare(
    `INSERT INTO walls (name, version, updated_at, state) VALUES (@name, @version, @updatedAt, @state)
     ON CONFLICT (name) DO UPDATE SET version = excluded.version, updated_at = excluded.updated_at, state = excluded.state`,
  )
  const all = db.prepare('SELECT state FROM walls ORDER BY name')
  // Stored states were validated when written; parsing again guards against a hand-edited store.
  const parse = (row: { state: string }) => WallState.parse(JSON.parse(row.state))
  return {
    get(name) {
      const row = select.get(name) as { state: string } | undefined
      return row ? parse(row) : null
    },
    save(state) {
      upsert.run({ name: state.name, version: state.version, updatedAt: state.updatedAt, state: JSON.stringify(state) })
    },
    list: () => (all.all() as { state: string }[]).map(parse),
  }
}
