import type { Assignee, CaseEvent } from '../schemas/case'

/**
 * 推诿: a case bounced between handlers instead of being handled. docs/domain.md (desks): the duty
 * chief's queue lists these, the wall's feed badges them, and each unit's count is a KPI.
 *
 * Flagged when any one holds:
 * - returned twice or more (a handler giving it back to dispatch, or dispatch back to intake: both
 *   are the case going back instead of forward);
 * - it passed through three or more handlers (distinct assignees of its dispatches: units, teams or
 *   workers, since a team is dispatched to as a handler in its own right);
 * - reworked twice or more (closed work that failed its check twice).
 */
export const BOUNCE_RETURNS = 2
export const BOUNCE_HANDLERS = 3
export const BOUNCE_REWORKS = 2

export interface CaseBounce {
  bounced: boolean
  returns: number
  reworks: number
  /** Each dispatch's assignee in order, repeats in a row folded: A → B → A. */
  path: Assignee[]
  /** Distinct handlers on the path. */
  handlers: number
  /** Which rules flagged it, for the words on screen. */
  reasons: ('returns' | 'handlers' | 'reworks')[]
}

const RETURNS = new Set<CaseEvent['action']>(['return_to_dispatch', 'return_to_intake'])
const same = (a: Assignee, b: Assignee) => a.kind === b.kind && a.id === b.id

/** From a case's history, oldest first. */
export function caseBounce(events: readonly Pick<CaseEvent, 'action' | 'assignee'>[]): CaseBounce {
  let returns = 0
  let reworks = 0
  const path: Assignee[] = []
  for (const e of events) {
    if (RETURNS.has(e.action)) returns++
    else if (e.action === 'rework') reworks++
    else if (e.action === 'dispatch' && e.assignee) {
      const last = path[path.length - 1]
      if (!last || !same(last, e.assignee)) path.push(e.assignee)
    }
  }
  const handlers = new Set(path.map((a) => `${a.kind}:${a.id}`)).size
  const reasons: CaseBounce['reasons'] = []
  if (returns >= BOUNCE_RETURNS) reasons.push('returns')
  if (handlers >= BOUNCE_HANDLERS) reasons.push('handlers')
  if (reworks >= BOUNCE_REWORKS) reasons.push('reworks')
  return { bounced: reasons.length > 0, returns, reworks, path, handlers, reasons }
}

export interface HandlerBounces {
  assignee: Assignee
  /** Bounced cases whose path passed through this handler, each case once. */
  bounced: number
}

/**
 * Each handler's 推诿 count, the KPI (docs/domain.md, desks): a bounced case counts once for every
 * handler on its path, since each of them had it and it still went round; a case not bounced counts
 * for nobody. Most first; equal counts by kind and id, so the ranking never reshuffles.
 */
export function bouncesByHandler(verdicts: Iterable<Pick<CaseBounce, 'bounced' | 'path'>>): HandlerBounces[] {
  const byKey = new Map<string, HandlerBounces>()
  for (const v of verdicts) {
    if (!v.bounced) continue
    const seen = new Set<string>()
    for (const a of v.path) {
      const key = `${a.kind}:${a.id}`
      if (seen.has(key)) continue
      seen.add(key)
      const entry = byKey.get(key) ?? { assignee: a, bounced: 0 }
      entry.bounced++
      byKey.set(key, entry)
    }
  }
  const keyOf = (h: HandlerBounces) => `${h.assignee.kind}:${h.assignee.id}`
  return [...byKey.values()].sort((x, y) => y.bounced - x.bounced || (keyOf(x) < keyOf(y) ? -1 : 1))
}
