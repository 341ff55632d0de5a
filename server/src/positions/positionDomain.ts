import type { AccountRepository } from '../auth/accountRepository'
import type { CaseService } from '../cases/caseService'
import type { Logger } from '../core/logger'
import type { ReferenceRepository } from '../reference/referenceRepository'
import type { Db } from '../store/database'
import { createSqlitePositionRepository } from './positionRepository'
import { createPositionRetention } from './positionRetention'
import { type PositionService, createPositionService } from './positionService'
import { createWorkerDirectory } from './workerDirectory'

export interface Positions {
  service: PositionService
  /** Starts the hourly retention sweep (after one sweep now). */
  start(): void
  stop(): void
}

/** The positions domain, assembled for createApp: its store, the people it names, its retention. */
export function createPositions(deps: {
  db: Db
  accounts: Pick<AccountRepository, 'userById'>
  reference: Pick<ReferenceRepository, 'worker'>
  cases: Pick<CaseService, 'list' | 'onChange'>
  retentionDays: number
  now: () => Date
  log: Logger
}): Positions {
  const repo = createSqlitePositionRepository(deps.db)
  const directory = createWorkerDirectory(deps)
  const service = createPositionService({ repo, directory, now: deps.now })
  const retention = createPositionRetention({ repo, retentionDays: deps.retentionDays, now: deps.now, log: deps.log })
  return {
    service,
    start: () => retention.start(),
    stop() {
      retention.stop()
      directory.stop()
    },
  }
}
