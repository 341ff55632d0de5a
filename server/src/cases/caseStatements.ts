import type { Db } from '../store/database'

/** Every statement the case repository runs, prepared once per store. */
export function prepareCaseStatements(db: Db) {
  const insertCase = db.prepare(
    `INSERT INTO cases (id, code, version, state, source, category_code, grid_id, community_id,
       assignee_kind, assignee_id, created_at, updated_at, search, reporter_phone, data,
       overdue, at_risk, lng, lat, next_flag_at)
     VALUES (@id, @code, @version, @state, @source, @categoryCode, @gridId, @communityId,
       @assigneeKind, @assigneeId, @createdAt, @updatedAt, @search, @reporterPhone, @data,
       @overdue, @atRisk, @lng, @lat, @nextFlagAt)`,
  )
  const updateCase = db.prepare(
    `UPDATE cases SET version = @version, state = @state, assignee_kind = @assigneeKind, assignee_id = @assigneeId,
       updated_at = @updatedAt, search = @search, data = @data, overdue = @overdue, at_risk = @atRisk,
       next_flag_at = @nextFlagAt
     WHERE id = @id AND version = @expectedVersion`,
  )
  // INDEXED BY: within one category, a 100 m band of latitude is far narrower than 24 h of reports,
  // but the planner has no statistics to know it. Every column read is in the index, so no case
  // row (a large JSON document) is touched. Few rows match; the caller sorts them.
  const selectNearby = db.prepare(
    `SELECT id, lng, lat, created_at FROM cases INDEXED BY cases_nearby
     WHERE category_code = @categoryCode AND lat BETWEEN @south AND @north AND lng BETWEEN @west AND @east
       AND created_at >= @since
       AND state IN ('pending_filing', 'prefiling_check', 'pending_dispatch', 'dispatched', 'in_progress', 'suspended', 'pending_check')
     LIMIT 50`,
  )
  const selectDue = db.prepare('SELECT data FROM cases WHERE next_flag_at <= ? ORDER BY next_flag_at LIMIT ?')
  const updateNextFlag = db.prepare('UPDATE cases SET next_flag_at = ? WHERE id = ?')
  const selectCase = db.prepare('SELECT data FROM cases WHERE id = ?')
  const selectPhone = db.prepare('SELECT reporter_phone AS phone FROM cases WHERE id = ?')
  const insertHistory = db.prepare('INSERT INTO case_history (case_id, data) VALUES (?, ?)')
  const selectHistory = db.prepare('SELECT data FROM case_history WHERE case_id = ? ORDER BY id')
  const nextCode = db.prepare(
    `INSERT INTO case_codes (day, last) VALUES (?, 1)
     ON CONFLICT (day) DO UPDATE SET last = last + 1 RETURNING last`,
  )
  const selectKey = db.prepare('SELECT case_id, body_hash FROM idempotency_keys WHERE actor_id = ? AND key = ?')
  const insertKey = db.prepare(
    'INSERT INTO idempotency_keys (actor_id, key, body_hash, case_id, created_at) VALUES (?, ?, ?, ?, ?)',
  )
  const insertEvent = db.prepare('INSERT INTO events (type, case_id, action, at, data) VALUES (?, ?, ?, ?, ?)')
  const selectLastSeq = db.prepare('SELECT COALESCE(MAX(seq), 0) AS seq FROM events')
  const selectEvents = db.prepare(
    'SELECT seq, type, case_id, action, at, data FROM events WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?',
  )
  return { insertCase, updateCase, selectNearby, selectDue, updateNextFlag, selectCase, selectPhone, insertHistory, selectHistory, nextCode, selectKey, insertKey, insertEvent, selectLastSeq, selectEvents }
}

export type CaseStatements = ReturnType<typeof prepareCaseStatements>
