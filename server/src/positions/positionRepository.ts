import type { Db } from '../store/database'

/** One stored fix: what the terminal sent, whose it is, from which handset, and when it arrived. */
export interface PositionRow {
  workerId: string
  at: string
  lng: number
  lat: number
  accuracyM: number
  onDuty: boolean
  terminalId: string | null
  receivedAt: string
}

/** Where fixes are kept (migration 11's `positions` table); only the retention sweep deletes. */
export interface PositionRepository {
  insert(row: PositionRow): void
  /** Each worker's newest fix (by `at`) received since `sinceIso`: what the server holds in memory after a restart. */
  latestSince(sinceIso: string): PositionRow[]
  /** Deletes the fixes received before `beforeIso`; answers how many went. */
  deleteReceivedBefore(beforeIso: string): number
  count(): number
}

interface Row {
  worker_id: string
  at: string
  lng: number
  lat: number
  accuracy_m: number
  on_duty: number
  terminal_id: string | null
  received_at: string
}

const toPosition = (r: Row): PositionRow => ({
  workerId: r.worker_id,
  at: r.at,
  lng: r.lng,
  lat: r.lat,
  accuracyM: r.accuracy_m,
  onDuty: r.on_duty === 1,
  terminalId: r.terminal_id,
  receivedAt: r.received_at,
})

export function createSqlitePositionRepository(db: Db): PositionRepository {
  const s = {
    insert: db.prepare(
      `INSERT INTO positions (worker_id, at, lng, lat, accuracy_m, on_duty, terminal_id, received_at)
       VALUES (@workerId, @at, @lng, @lat, @accuracyM, @onDuty, @terminalId, @receivedAt)`,
    ),
    // Received since the cut, then the newest `at` per worker (SQLite's bare-column rule for max()).
    latest: db.prepare(
      `SELECT worker_id, max(at) AS at, lng, lat, accuracy_m, on_duty, terminal_id, received_at
       FROM positions WHERE received_at >= ? GROUP BY worker_id`,
    ),
    delete: db.prepare('DELETE FROM positions WHERE received_at < ?'),
    count: db.prepare('SELECT COUNT(*) AS n FROM positions'),
  }
  return {
    insert: (row) => void s.insert.run({ ...row, onDuty: row.onDuty ? 1 : 0 }),
    latestSince: (sinceIso) => (s.latest.all(sinceIso) as Row[]).map(toPosition),
    deleteReceivedBefore: (beforeIso) => s.delete.run(beforeIso).changes,
    count: () => (s.count.get() as { n: number }).n,
  }
}
