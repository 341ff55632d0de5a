import { OPEN_STATES } from '@shared/caseMachine'
import type { Assignee, Case, CaseEvent } from '@shared/schemas/case'
import type { Db } from '../store/database'

/** A history entry as the bounce rule reads it. */
export type BounceStep = Pick<CaseEvent, 'action' | 'assignee'>

export interface AssigneeCount {
  assignee: Assignee
  n: number
}

export interface AssigneeOnTime {
  assignee: Assignee
  closed: number
  onTime: number
}

/** A case's bounce steps with the fields shared/rules/caseScope.ts's inScope reads. */
export interface ScopedSteps {
  scope: Pick<Case, 'communityId' | 'gridId' | 'assignee'>
  steps: BounceStep[]
}

/** What the desk reads from the case store, each answer one statement. */
export interface DeskReads {
  openCases(): Case[]
  /** The bounce-relevant history of every open case, oldest first per case: one query, not one per case. */
  openBounceSteps(): Map<string, BounceStep[]>
  /** The bounce-relevant history of the cases reported in [fromIso, toIso), with what a scope reads of each. */
  reportedBounceSteps(fromIso: string, toIso: string): Map<string, ScopedSteps>
  /** Cases each assignee holds in handling now (dispatched, accepted or suspended). */
  openLoad(): AssigneeCount[]
  /** Per assignee: cases of this 小类 reported since `since` and closed, and how many fed back within the handling limit. */
  categoryOnTime(categoryCode: string, since: string): AssigneeOnTime[]
}

const sqlList = (xs: readonly string[]) => xs.map((x) => `'${x}'`).join(', ')
const OPEN = sqlList(OPEN_STATES)
// The handler's load: what it holds until it feeds back; a case waiting for the check is the center's.
const HELD = sqlList(['dispatched', 'in_progress', 'suspended'])
const BOUNCE_ACTIONS = sqlList(['dispatch', 'return_to_dispatch', 'return_to_intake', 'rework'])

interface StepRow {
  caseId: string
  action: CaseEvent['action']
  kind: Assignee['kind'] | null
  id: string | null
}

interface ReportedStepRow extends StepRow {
  communityId: string
  gridId: string
  holderKind: Assignee['kind'] | null
  holderId: string | null
}

interface CountRow {
  kind: Assignee['kind']
  id: string
  n: number
}

export function createDeskReads(db: Db): DeskReads {
  const selectOpen = db.prepare(`SELECT data FROM cases WHERE state IN (${OPEN})`).pluck()
  // Only the steps the bounce rule counts, read out of the JSON in SQLite: no entry is parsed whole.
  const selectSteps = db.prepare(
    `SELECT h.case_id AS caseId, json_extract(h.data, '$.action') AS action,
       json_extract(h.data, '$.assignee.kind') AS kind, json_extract(h.data, '$.assignee.id') AS id
     FROM cases c JOIN case_history h ON h.case_id = c.id
     WHERE c.state IN (${OPEN}) AND json_extract(h.data, '$.action') IN (${BOUNCE_ACTIONS})
     ORDER BY h.case_id, h.id`,
  )
  // cases_created is (created_at, id): the range is an index range; only cases with a bounce step join.
  const selectReportedSteps = db.prepare(
    `SELECT h.case_id AS caseId, json_extract(h.data, '$.action') AS action,
       json_extract(h.data, '$.assignee.kind') AS kind, json_extract(h.data, '$.assignee.id') AS id,
       c.community_id AS communityId, c.grid_id AS gridId, c.assignee_kind AS holderKind, c.assignee_id AS holderId
     FROM cases c JOIN case_history h ON h.case_id = c.id
     WHERE c.created_at >= ? AND c.created_at < ? AND json_extract(h.data, '$.action') IN (${BOUNCE_ACTIONS})
     ORDER BY h.case_id, h.id`,
  )
  const selectLoad = db.prepare(
    `SELECT assignee_kind AS kind, assignee_id AS id, COUNT(*) AS n FROM cases
     WHERE state IN (${HELD}) AND assignee_id IS NOT NULL GROUP BY assignee_kind, assignee_id`,
  )
  // cases_category is (category_code, created_at): the window is an index range, not a scan.
  const selectOnTime = db.prepare(
    `SELECT assignee_kind AS kind, assignee_id AS id, COUNT(*) AS n,
       SUM(json_extract(data, '$.timers.handling.late') = 0) AS onTime
     FROM cases WHERE category_code = ? AND created_at >= ? AND state IN ('closed', 'evaluated') AND assignee_id IS NOT NULL
     GROUP BY assignee_kind, assignee_id`,
  )

  return {
    openCases: () => (selectOpen.all() as string[]).map((data) => JSON.parse(data) as Case),
    openBounceSteps() {
      const out = new Map<string, BounceStep[]>()
      for (const row of selectSteps.all() as StepRow[]) {
        let steps = out.get(row.caseId)
        if (!steps) out.set(row.caseId, (steps = []))
        steps.push({ action: row.action, assignee: row.kind && row.id ? { kind: row.kind, id: row.id } : null })
      }
      return out
    },
    reportedBounceSteps(fromIso, toIso) {
      const out = new Map<string, ScopedSteps>()
      for (const row of selectReportedSteps.all(fromIso, toIso) as ReportedStepRow[]) {
        let entry = out.get(row.caseId)
        if (!entry) {
          const assignee = row.holderKind && row.holderId ? { kind: row.holderKind, id: row.holderId } : null
          out.set(row.caseId, (entry = { scope: { communityId: row.communityId, gridId: row.gridId, assignee }, steps: [] }))
        }
        entry.steps.push({ action: row.action, assignee: row.kind && row.id ? { kind: row.kind, id: row.id } : null })
      }
      return out
    },
    openLoad: () => (selectLoad.all() as CountRow[]).map((r) => ({ assignee: { kind: r.kind, id: r.id }, n: r.n })),
    categoryOnTime: (categoryCode, since) =>
      (selectOnTime.all(categoryCode, since) as (CountRow & { onTime: number })[]).map((r) => ({
        assignee: { kind: r.kind, id: r.id },
        closed: r.n,
        onTime: r.onTime,
      })),
  }
}
