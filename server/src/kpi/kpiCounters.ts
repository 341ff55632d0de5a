import { OPEN_STATES, STEP_OF_STATE } from '@shared/caseMachine'
import type { Case, CaseState } from '@shared/schemas/case'
import { CaseState as CaseStates } from '@shared/schemas/case'
import type { StreamAction } from '@shared/schemas/caseApi'
import { beijingDay } from '@shared/rules/beijingTime'
import { isOverdue } from '@shared/rules/caseLateness'

/**
 * What one case contributes to the KPI aggregates, as pure functions.
 *
 * A case counts in the bucket of the day it was reported (Beijing), under its grid, community,
 * category, source and unit, with a vector of counters describing its CURRENT state. When an
 * event changes the case, the projector subtracts the vector it counted before and adds the new
 * one, so the aggregates always equal the sum over cases of `contribution(case)`: that identity
 * is what the tests and the catch-up check.
 *
 * Most of a contribution reads the case snapshot that every event carries; the few things a
 * snapshot forgets (how many dispatches, returns and follow-up calls there were, when the case
 * was first filed and dispatched) are folded from the events into `KpiFacts`.
 */

/** Counter columns of the aggregate tables; the migration creates exactly these (a test checks). */
export const COUNTERS = [
  'reports',
  'valid_reports',
  'filed',
  'not_accepted',
  'dispatches',
  'returns',
  'handled',
  'handling_due',
  'handled_on_time',
  'reworked',
  'extensions',
  'close_due',
  'closed',
  'closed_on_time',
  'closed_late',
  'open_overdue',
  'follow_ups',
  'satisfied_follow_ups',
  'evaluated',
  'score_sum',
  'file_sec',
  'file_n',
  'dispatch_sec',
  'dispatch_n',
  'handle_sec',
  'handle_n',
  'close_sec',
  'close_n',
  ...CaseStates.options.map((s) => `s_${s}` as const),
] as const
export type Counter = (typeof COUNTERS)[number]

export const COUNTER_INDEX = Object.fromEntries(COUNTERS.map((name, i) => [name, i])) as Record<Counter, number>

export type Vector = Float64Array
export const emptyVector = (): Vector => new Float64Array(COUNTERS.length)

/** The aggregate dimensions; `all` has one key ('') and also backs groupBy=day. */
export const DIMENSIONS = ['all', 'grid', 'community', 'category', 'source', 'unit'] as const
export type Dimension = (typeof DIMENSIONS)[number]

/** Where a case's contribution is counted. */
export interface KpiKeys {
  /** Beijing calendar day of the report, YYYY-MM-DD. */
  day: string
  grid: string
  community: string
  category: string
  source: string
  /** `kind:id` of the last assignee the case was dispatched to, or NO_UNIT. */
  unit: string
}

export const NO_UNIT = '-'

export function dimensionKey(keys: KpiKeys, dim: Dimension): string {
  switch (dim) {
    case 'all':
      return ''
    case 'grid':
      return keys.grid
    case 'community':
      return keys.community
    case 'category':
      return keys.category
    case 'source':
      return keys.source
    case 'unit':
      return keys.unit
  }
}

/** What the events tell that the latest snapshot does not. */
export interface KpiFacts {
  filedAt: string | null
  dispatchedAt: string | null
  /** Last feedback. */
  handledAt: string | null
  /**
   * A case stays with the unit it was last dispatched to, also after that unit returns it, so
   * the unit's returns count against it in a ranking.
   */
  unit: string
  dispatches: number
  returns: number
  followUps: number
  satisfiedCalls: number
}

export const newFacts = (): KpiFacts => ({
  filedAt: null,
  dispatchedAt: null,
  handledAt: null,
  unit: NO_UNIT,
  dispatches: 0,
  returns: 0,
  followUps: 0,
  satisfiedCalls: 0,
})

/** The part of a case snapshot the KPIs read. */
export type KpiCase = Pick<
  Case,
  | 'createdAt'
  | 'gridId'
  | 'communityId'
  | 'categoryCode'
  | 'source'
  | 'state'
  | 'assignee'
  | 'extensions'
  | 'reworks'
  | 'satisfaction'
  | 'evaluationScore'
  | 'overdue'
  | 'closedAt'
  | 'closedLate'
> & { timers: { handling: TimerFlags; whole: TimerFlags } }

interface TimerFlags {
  startedAt: string | null
  stoppedAt: string | null
  late: boolean
}

/** Fold one event into the facts; `c` is the snapshot after the event. */
export function foldFacts(facts: KpiFacts, action: StreamAction, at: string, c: KpiCase): KpiFacts {
  switch (action) {
    case 'file':
    case 'file_self_handled':
      return { ...facts, filedAt: facts.filedAt ?? at }
    case 'dispatch':
      return {
        ...facts,
        dispatchedAt: facts.dispatchedAt ?? at,
        dispatches: facts.dispatches + 1,
        unit: c.assignee ? `${c.assignee.kind}:${c.assignee.id}` : facts.unit,
      }
    case 'return_to_dispatch':
      return { ...facts, returns: facts.returns + 1 }
    case 'feedback':
      return { ...facts, handledAt: at }
    case 'follow_up': {
      const satisfied = c.satisfaction === 'satisfied' || c.satisfaction === 'fairly_satisfied'
      return { ...facts, followUps: facts.followUps + 1, satisfiedCalls: facts.satisfiedCalls + (satisfied ? 1 : 0) }
    }
    default:
      return facts
  }
}

export function keysOf(c: KpiCase, facts: KpiFacts): KpiKeys {
  return {
    day: beijingDay(c.createdAt),
    grid: c.gridId,
    community: c.communityId,
    category: c.categoryCode,
    source: c.source,
    unit: facts.unit,
  }
}

/** Past the filing step now; self-handled cases go straight to pending_check and count. */
const FILED: ReadonlySet<CaseState> = new Set(CaseStates.options.filter((s) => STEP_OF_STATE[s] > STEP_OF_STATE.pending_filing))
const OPEN: ReadonlySet<CaseState> = new Set(OPEN_STATES)

const seconds = (from: string | null, to: string | null) =>
  from === null || to === null ? null : Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 1000))

/** The counters one case adds to its buckets, from its current snapshot and facts. */
export function contribution(c: KpiCase, facts: KpiFacts): Vector {
  const v = emptyVector()
  const set = (name: Counter, value: number | boolean) => {
    v[COUNTER_INDEX[name]] = Number(value)
  }
  const open = OPEN.has(c.state)
  const closed = c.state === 'closed' || c.state === 'evaluated'
  const { handling, whole } = c.timers
  set('reports', 1)
  set('valid_reports', c.state !== 'merged')
  set('filed', FILED.has(c.state))
  set('not_accepted', c.state === 'not_accepted')
  set('dispatches', facts.dispatches)
  set('returns', facts.returns)
  set('handled', facts.handledAt !== null)
  // Handling is due once the unit has fed back or its time is up; a case still inside its limit
  // is not yet a success or a failure, so it is in neither side of the rate.
  const handledNow = handling.startedAt !== null && handling.stoppedAt !== null
  set('handling_due', handledNow || (handling.startedAt !== null && handling.late))
  set('handled_on_time', handledNow && !handling.late)
  set('reworked', c.reworks > 0)
  set('extensions', c.extensions)
  set('close_due', closed || (FILED.has(c.state) && open && c.state !== 'suspended' && whole.late))
  set('closed', closed)
  set('closed_on_time', closed && !c.closedLate)
  set('closed_late', closed && c.closedLate)
  set('open_overdue', isOverdue(c))
  set('follow_ups', facts.followUps)
  set('satisfied_follow_ups', facts.satisfiedCalls)
  set('evaluated', c.evaluationScore !== null)
  set('score_sum', c.evaluationScore ?? 0)
  const times: [Counter, Counter, number | null][] = [
    ['file_sec', 'file_n', seconds(c.createdAt, facts.filedAt)],
    ['dispatch_sec', 'dispatch_n', seconds(facts.filedAt, facts.dispatchedAt)],
    ['handle_sec', 'handle_n', seconds(facts.dispatchedAt, facts.handledAt)],
    ['close_sec', 'close_n', closed ? seconds(c.createdAt, c.closedAt) : null],
  ]
  for (const [sum, n, value] of times) {
    if (value === null) continue
    set(sum, value)
    set(n, 1)
  }
  set(`s_${c.state}`, 1)
  return v
}
