import { OPEN_STATES } from '@shared/caseMachine'
import type { CaseState } from '@shared/schemas/case'
import type { Db } from '../store/database'

/** One state change of a candidate case, as the replay query reads it. */
export interface ReplayRow {
  caseId: string
  lng: number
  lat: number
  communityId: string
  gridId: string
  assigneeKind: string | null
  assigneeId: string | null
  at: string
  state: CaseState
}

const OPEN = OPEN_STATES.map((s) => `'${s}'`).join(', ')

/**
 * The candidates of a period are the cases reported before its end that are open now or were last
 * changed since its start: a case closed before the start and not touched since cannot have been
 * open in the period. Only the fields the timeline needs are read out of each history entry's
 * JSON, in SQLite, and only entries that changed the state (or reported the case) come back, so
 * no history entry and no case document is parsed in JavaScript. Rows arrive grouped by case,
 * oldest first, for the caller to fold as they stream (`iterate`).
 */
export function createReplayReads(db: Db) {
  const select = db.prepare<[string, string, string], ReplayRow>(
    `SELECT c.id AS caseId,
       COALESCE(c.lng, json_extract(c.data, '$.location.lng')) AS lng,
       COALESCE(c.lat, json_extract(c.data, '$.location.lat')) AS lat,
       c.community_id AS communityId, c.grid_id AS gridId,
       c.assignee_kind AS assigneeKind, c.assignee_id AS assigneeId,
       json_extract(h.data, '$.at') AS at, json_extract(h.data, '$.to') AS state
     FROM cases c JOIN case_history h ON h.case_id = c.id
     WHERE c.created_at < ? AND (c.state IN (${OPEN}) OR c.updated_at >= ?)
       AND json_extract(h.data, '$.at') < ?
       AND (json_extract(h.data, '$.from') IS NULL OR json_extract(h.data, '$.from') <> json_extract(h.data, '$.to'))
     ORDER BY c.created_at, c.id, h.id`,
  )
  return {
    /** State changes before `endIso` of the candidate cases of [startIso, endIso). */
    rows: (startIso: string, endIso: string): IterableIterator<ReplayRow> => select.iterate(endIso, startIso, endIso),
  }
}

export type ReplayReads = ReturnType<typeof createReplayReads>
