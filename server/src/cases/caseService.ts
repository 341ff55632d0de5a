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
/** The changes of one commit group (one transaction, or one group commit's batch), in seq order. */
export type CommitGroupListener = (changes: readonly CommittedChange[]) => void

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
  /**
   * Called synchronously after each commit group with its changes, once every change listener has
   * had them, before anything else runs: the live stream sends one frame per group.
   */
  onCommitGroup(listener: CommitGroupListener): () => void
  /** Hand changes committed together by another writer of the case store (the deadline ticker) to the listeners. */
  publish(changes: CommittedChange | readonly CommittedChange[], committedAt?: Date): void
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
  const groupListeners = new Set<CommitGroupListener>()

  function publish(committed: CommittedChange | readonly CommittedChange[], committedAt: Date = new Date()): void {
    const group = (Array.isArray(committed) ? committed : [committed]) as readonly CommittedChange[]
    if (group.length === 0) return
    const stamp = committedAt.toISOString()
    const changes = group.map((c) => (c.committedAt ? c : { ...c, committedAt: stamp }))
    // One failing listener must not starve the others of the change.
    for (const change of changes) for (const listener of listeners) safely(() => listener(change))
    for (const listener of groupListeners) safely(() => listener(changes))
  }

  const queries = createCaseQueries({ repo, replayLimit: deps.replayLimit, now })
  const intakeWork = createCaseIntake({ repo, references: deps.references, locate: deps.locate, calendar, now, ...(deps.newId ? { newId: deps.newId } : {}) })
  const grouped = createGroupCommit<IntakeOutcome>({
    transaction: (fn) => repo.transaction(fn),
    committed: (outcomes, committedAt) => publish(outcomes.flatMap(({ change }) => (change ? [change] : [])), committedAt),
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
    onCommitGroup(listener) {
      groupListeners.add(listener)
      return () => groupListeners.delete(listener)
    },
    publish,
  }
}

function safely(fn: () => void): void {
  try {
    fn()
  } catch {
    // A listener's failure is its own; the change is committed and the others still hear of it.
  }
}
