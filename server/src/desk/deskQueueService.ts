import { caseBounce } from '@shared/rules/caseBounce'
import { type CaseScope, inScope } from '@shared/rules/caseScope'
import { DESK_QUEUES, QUEUES_BY_ROLE, buildQueues } from '@shared/rules/deskQueues'
import type { Role } from '@shared/roles'
import type { DeskCase, DeskQueues } from '@shared/schemas/deskApi'
import type { DeskReads } from './deskStatements'

/**
 * The desk's queues for one caller: the open cases of its scope, each with its bounce verdict from
 * its history, sorted into the shared queues (shared/rules/deskQueues.ts) in one pass.
 */
export function deskQueues(reads: DeskReads, who: { role: Role; scope: CaseScope }, limit: number, seq: number): DeskQueues {
  const steps = reads.openBounceSteps()
  const cases: DeskCase[] = reads
    .openCases()
    .filter((c) => inScope(who.scope, c))
    .map((c) => {
      const bounce = caseBounce(steps.get(c.id) ?? [])
      return { ...c, bounced: bounce.bounced, bounce }
    })
  const lists = buildQueues(cases)
  return {
    role: who.role,
    works: [...(QUEUES_BY_ROLE[who.role] ?? [])],
    queues: DESK_QUEUES.map((queue) => ({ queue, count: lists[queue].length, items: lists[queue].slice(0, limit) })),
    seq,
  }
}
