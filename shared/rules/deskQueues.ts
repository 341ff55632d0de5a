import { isOpen } from '../caseMachine'
import type { Role } from '../roles'
import type { Case } from '../schemas/case'
import { isAtRisk, isOverdue } from './caseLateness'

/**
 * The desk's queues (docs/domain.md, "Desks"): which open cases each list holds, which lists each
 * role works, and the one order every list is read in. Client and server ask the same rules, so a
 * queue's count on the desk is the server's count.
 */
export const DESK_QUEUES = ['pending_filing', 'pending_dispatch', 'pending_check', 'returned', 'at_risk', 'overdue', 'duplicates', 'bounced'] as const
export type DeskQueue = (typeof DESK_QUEUES)[number]

export const DESK_QUEUE_LABELS: Record<DeskQueue, { zh: string; en: string }> = {
  pending_filing: { zh: '待立案', en: 'To file' },
  pending_dispatch: { zh: '待派遣', en: 'To dispatch' },
  pending_check: { zh: '待核查', en: 'To check' },
  returned: { zh: '被退回', en: 'Returned' },
  at_risk: { zh: '临期', en: 'At risk' },
  overdue: { zh: '超期', en: 'Overdue' },
  duplicates: { zh: '疑似重复', en: 'Possible duplicates' },
  bounced: { zh: '推诿', en: 'Bounced' },
}

/** What a queue needs to know of a case: its own fields, and whether its history flags it bounced (caseBounce.ts). */
export type QueueCase = Pick<Case, 'state' | 'returnedFrom' | 'duplicateOf' | 'overdue' | 'atRisk' | 'urgent' | 'remainingMs' | 'createdAt'> & {
  timers: { whole: { late: boolean } }
  bounced: boolean
}

const MEMBERSHIP: Record<DeskQueue, (c: QueueCase) => boolean> = {
  pending_filing: (c) => c.state === 'pending_filing',
  pending_dispatch: (c) => c.state === 'pending_dispatch',
  pending_check: (c) => c.state === 'pending_check',
  returned: (c) => c.returnedFrom !== null,
  at_risk: (c) => isAtRisk(c),
  overdue: (c) => isOverdue(c),
  duplicates: (c) => c.duplicateOf !== null,
  bounced: (c) => c.bounced,
}

/** The queues an open case is in (a closed, evaluated or merged case is in none). */
export function queuesOf(c: QueueCase): DeskQueue[] {
  if (!isOpen(c.state)) return []
  return DESK_QUEUES.filter((q) => MEMBERSHIP[q](c))
}

/**
 * The lists each role works, first the one it opens on. Intake files and sorts out duplicates;
 * dispatch sends and takes back what was returned; the duty chief watches everything, the late
 * and the bounced first; a station or unit works its own scope's lateness and returns.
 */
export const QUEUES_BY_ROLE: Partial<Record<Role, readonly DeskQueue[]>> = {
  intake: ['pending_filing', 'duplicates', 'at_risk', 'overdue'],
  dispatcher: ['pending_dispatch', 'returned', 'at_risk', 'overdue'],
  duty_chief: ['overdue', 'bounced', 'at_risk', 'pending_check', 'pending_filing', 'pending_dispatch', 'returned', 'duplicates'],
  community_operator: ['pending_check', 'at_risk', 'overdue', 'returned'],
  unit_handler: ['at_risk', 'overdue', 'returned', 'bounced'],
  admin: DESK_QUEUES,
}

/** Most urgent first; then least time left on the running step (late first, none last); then oldest. */
export function compareForQueue(a: QueueCase, b: QueueCase): number {
  if (a.urgent !== b.urgent) return a.urgent ? -1 : 1
  const left = (c: QueueCase) => c.remainingMs ?? Number.POSITIVE_INFINITY
  if (left(a) !== left(b)) return left(a) < left(b) ? -1 : 1
  return a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0
}

/** Each queue's cases in queue order, and its count, in one pass over the open cases. */
export function buildQueues<C extends QueueCase>(cases: Iterable<C>, queues: readonly DeskQueue[] = DESK_QUEUES): Record<DeskQueue, C[]> {
  const out = Object.fromEntries(DESK_QUEUES.map((q) => [q, [] as C[]])) as Record<DeskQueue, C[]>
  const wanted = new Set(queues)
  for (const c of cases) for (const q of queuesOf(c)) if (wanted.has(q)) out[q].push(c)
  for (const q of queues) out[q].sort(compareForQueue)
  return out
}
