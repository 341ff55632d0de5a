import type { Config } from '../config'
import type { Logger } from '../core/logger'
import type { ReferenceRepository } from '../reference/referenceRepository'
import type { Db } from '../store/database'
import { createCaseLocator } from './caseLocator'
import { createCaseReferences } from './caseReferences'
import { createSqliteCaseRepository } from './caseRepository'
import { type CaseService, createCaseService } from './caseService'
import { type DeadlineTicker, createDeadlineTicker } from './deadlineTicker'

/** The case service and the deadline ticker over one store, on one clock (a test's fake one, or the real one). */
export function createCaseEngine(deps: {
  db: Db
  reference: ReferenceRepository
  config: Pick<Config, 'eventReplayLimit' | 'holidays' | 'deadlineTickMs'>
  log: Logger
  now?: () => Date
}): { cases: CaseService; deadlines: DeadlineTicker } {
  const { config } = deps
  const repo = createSqliteCaseRepository(deps.db)
  const references = createCaseReferences(deps.reference)
  const clock = deps.now ? { now: deps.now } : {}
  const cases = createCaseService({
    repo,
    references,
    locate: createCaseLocator(deps.reference),
    replayLimit: config.eventReplayLimit,
    calendar: config.holidays,
    ...clock,
  })
  const deadlines = createDeadlineTicker({
    repo,
    references,
    calendar: config.holidays,
    publish: (change) => cases.publish(change),
    log: deps.log,
    intervalMs: config.deadlineTickMs,
    ...clock,
  })
  return { cases, deadlines }
}
