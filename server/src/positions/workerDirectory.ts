import type { Case } from '@shared/schemas/case'
import type { WorkerPosition } from '@shared/schemas/position'
import type { AccountRepository } from '../auth/accountRepository'
import type { CaseService } from '../cases/caseService'
import type { ReferenceRepository } from '../reference/referenceRepository'

/** Who a fix belongs to, as the wall names them. */
export interface FieldWorker {
  name: string
  gridId: string | null
  /** The registry's handset of a grid worker; null for an account (its session names the handset). */
  terminalId: string | null
}

export type WorkerTask = NonNullable<WorkerPosition['task']>

export interface WorkerDirectory {
  /** An account (by id) or a grid worker of the registry; null for anyone else. */
  worker(id: string): FieldWorker | null
  /** The most urgent open case assigned to this worker (kind `worker`), if any. */
  task(id: string): WorkerTask | null
}

/** What a worker holds until they feed back: afterwards the case is the center's to check. */
const HELD_STATES = ['dispatched', 'in_progress', 'suspended'] as const
const TASKS_READ = 50

/** Urgent first, then overdue, then least time left on the running step, then oldest. */
function moreUrgent(a: Case, b: Case): number {
  return (
    Number(b.urgent) - Number(a.urgent) ||
    Number(b.overdue) - Number(a.overdue) ||
    (a.remainingMs ?? Number.MAX_SAFE_INTEGER) - (b.remainingMs ?? Number.MAX_SAFE_INTEGER) ||
    a.createdAt.localeCompare(b.createdAt)
  )
}

/**
 * Names and current tasks of the people who report fixes. Tasks are read through the case
 * service's own query and kept until the next case change, so a wall's GET /positions over a few
 * hundred workers does not ask the store once per worker each time.
 */
export function createWorkerDirectory(deps: {
  accounts: Pick<AccountRepository, 'userById'>
  reference: Pick<ReferenceRepository, 'worker'>
  cases: Pick<CaseService, 'list' | 'onChange'>
}): WorkerDirectory & { stop(): void } {
  const tasks = new Map<string, WorkerTask | null>()
  const stop = deps.cases.onChange(() => tasks.clear())

  function readTask(id: string): WorkerTask | null {
    const held = deps.cases.list({ unit: id, state: [...HELD_STATES], limit: TASKS_READ }).items.filter((c) => c.assignee?.kind === 'worker' && c.assignee.id === id)
    const first = held.sort(moreUrgent)[0]
    return first ? { caseId: first.id, code: first.code, title: first.title } : null
  }

  return {
    worker(id) {
      const account = deps.accounts.userById(id)
      if (account) return { name: account.displayName, gridId: account.gridId, terminalId: null }
      const worker = deps.reference.worker(id)
      return worker ? { name: worker.name, gridId: worker.gridId, terminalId: worker.terminalId } : null
    },
    task(id) {
      if (!tasks.has(id)) tasks.set(id, readTask(id))
      return tasks.get(id) ?? null
    },
    stop,
  }
}
