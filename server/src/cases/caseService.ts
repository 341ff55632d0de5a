import type { Case } from '@shared/schemas/case'
import type { CreateCaseBody, TransitionBody } from '@shared/schemas/caseApi'
import type { LngLat } from '@shared/schemas/geo'
import { type HolidayCalendar, NO_HOLIDAYS } from '@shared/timeLimits'
import type { Actor } from './actor'
import { type IntakeOutcome, type IntakeResult, createCaseIntake } from './caseIntake'
import type { LocateResult } from './caseLocator'
import { type CaseQueries, createCaseQueries } from './caseQueries'
import type { CaseReferences } from './caseReferences'
import type { CaseRepository, CommittedChange } from './caseRepository'
import { createCaseTransitions } from './caseTransitions'
import { createGroupCommit } from './groupCommit'

export { codeDayOf, formatCaseCode, maskPhone } from './caseIntake'
export type { IntakeResult } from './caseIntake'

export interface CaseServiceDeps {
  repo: CaseRepository
  references: CaseReferences
  locate: (p: LngLat) => LocateResult
  /** Longest gap the stream replays; further behind, a client reloads a snapshot instead. */
  replayLimit: number
  /** Holidays and make-up working days of the working clocks. */
  calendar?: HolidayCalendar
  now?: () => Date
  newId?: () => string
}

export type ChangeListener = (change: CommittedChange) => void

/** The reads (caseQueries.ts), intake, the steps of the loop, and the change feed. */
export interface CaseService extends CaseQueries {
  /** Intake committed on its own. */
  intake(actor: Actor, body: CreateCaseBody, idempotencyKey: string | null): IntakeResult
  /** Intake by group commit (see groupCommit.ts): resolves once the batch it joined is durable. */
  intakeGrouped(actor: Actor, body: CreateCaseBody, idempotencyKey: string | null): Promise<IntakeResult>
  /** `alongside` commits with the transition (its audit entry); if it throws, the case does not move. */
  transition(actor: Actor, id: string, body: TransitionBody, alongside?: (next: Case) => void): Case
  /** Called synchronously after each commit, in seq order. */
  onChange(listener: ChangeListener): () => void
  /** Hand a change committed by another writer of the case store (the deadline ticker) to the listeners. */
  publish(change: CommittedChange, committedAt?: Date): void
}

/**
 * The case engine, assembled: intake (caseIntake.ts), the steps of the loop (caseTransitions.ts)
 * and the reads (caseQueries.ts), with one list of change listeners fed after every commit.
 */
export function createCaseService(deps: CaseServiceDeps): CaseService {
  const { repo } = deps
  const calendar = deps.calendar ?? NO_HOLIDAYS
  const now = deps.now ?? (() => new Date())
  const listeners = new Set<ChangeListener>()

  function publish(committed: CommittedChange, committedAt: Date = new Date()): void {
    const change = committed.committedAt ? committed : { ...committed, committedAt: committedAt.toISOString() }
    // One failing listener must not starve the others of the change.
    for (const listener of listeners) {
      try {
        listener(change)
      } catch {
        continue
      }
    }
  }

  const queries = createCaseQueries({ repo, replayLimit: deps.replayLimit, now })
  const intakeWork = createCaseIntake({ repo, references: deps.references, locate: deps.locate, calendar, now, ...(deps.newId ? { newId: deps.newId } : {}) })
  const grouped = createGroupCommit<IntakeOutcome>({
    transaction: (fn) => repo.transaction(fn),
    committed: ({ change }, committedAt) => {
      if (change) publish(change, committedAt)
    },
  })

  return {
    ...queries,
    intake(actor, body, key) {
      const { result, change } = intakeWork(actor, body, key)
      if (change) publish(change)
      return result
    },
    intakeGrouped: (actor, body, key) => grouped.submit(() => intakeWork(actor, body, key)).then((o) => o.result),
    transition: createCaseTransitions({ repo, references: deps.references, calendar, now, mustGet: queries.current, publish }),
    onChange(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    publish,
  }
}
