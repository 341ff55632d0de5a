import { isOpen } from '../caseMachine'
import type { Case } from '../schemas/case'

/**
 * 超期 and 临期 as the center counts them (docs/domain.md, "Time limits"): a case is overdue while
 * it is open and past the running step's limit or the whole case's; at risk while it is open, not
 * overdue, and inside the last stretch of its running limit. The KPI's "open and overdue", the
 * wall's counters and the desk's queues all ask these.
 */
export type OverdueFields = Pick<Case, 'state' | 'overdue'> & { timers: { whole: { late: boolean } } }
export type LatenessFields = OverdueFields & Pick<Case, 'atRisk'>

export function isOverdue(c: OverdueFields): boolean {
  return isOpen(c.state) && (c.overdue || c.timers.whole.late)
}

export function isAtRisk(c: LatenessFields): boolean {
  return isOpen(c.state) && c.atRisk && !isOverdue(c)
}
