import type { Assignee, CaseEvent } from '@shared/schemas/case'
import type { Db } from '../store/database'

/** One history entry after the report, with what the scope rule reads of its case now. */
export interface UpdateRow {
  updateId: number
  entry: CaseEvent
  communityId: string
  gridId: string
  assignee: Assignee | null
}

interface RawRow {
  updateId: number
  data: string
  communityId: string
  gridId: string
  assigneeKind: Assignee['kind'] | null
  assigneeId: string | null
}

/**
 * The steps of the loop taken in a time window, oldest first, read from the append-only case
 * history (the event stream has no notes and also carries the clock's flag changes, which are
 * nobody's step). A case last changed before the window cannot have a step in it, so only cases
 * changed since its start are joined; the entry's own time then picks the steps.
 */
export function createOpen311UpdateReads(db: Db) {
  const select = db.prepare<{ start: string; end: string; limit: number }, RawRow>(
    `SELECT h.id AS updateId, h.data AS data, c.community_id AS communityId, c.grid_id AS gridId,
       c.assignee_kind AS assigneeKind, c.assignee_id AS assigneeId
     FROM cases c JOIN case_history h ON h.case_id = c.id
     WHERE c.updated_at >= @start
       AND json_extract(h.data, '$.at') >= @start AND json_extract(h.data, '$.at') <= @end
       AND json_extract(h.data, '$.action') <> 'report'
     ORDER BY json_extract(h.data, '$.at'), h.id
     LIMIT @limit`,
  )
  return {
    /** Steps with start ≤ at ≤ end (ISO instants in UTC, as stored), at most `limit`. */
    between(start: string, end: string, limit: number): UpdateRow[] {
      return select.all({ start, end, limit }).map((r) => ({
        updateId: r.updateId,
        entry: JSON.parse(r.data) as CaseEvent,
        communityId: r.communityId,
        gridId: r.gridId,
        assignee: r.assigneeKind && r.assigneeId ? { kind: r.assigneeKind, id: r.assigneeId } : null,
      }))
    },
  }
}

export type Open311UpdateReads = ReturnType<typeof createOpen311UpdateReads>
