import { applyTransition, isOpen } from '@shared/caseMachine'
import { type ClockView, advanceTimers, caseClockFields, clockView } from '@shared/caseTimers'
import type { Case, CaseEvent } from '@shared/schemas/case'
import type { TransitionBody } from '@shared/schemas/caseApi'
import type { HolidayCalendar } from '@shared/timeLimits'
import { createError } from '../core/appError'
import { type Actor, terminalOf } from './actor'
import { mergedReport, targetMergeEntry } from './caseDuplicates'
import type { CaseReferences } from './caseReferences'
import type { CaseRepository, CaseWrite, CommittedChange } from './caseRepository'

export interface CaseTransitionDeps {
  repo: CaseRepository
  references: CaseReferences
  calendar: HolidayCalendar
  now: () => Date
  /** The found case or a 404: the same lookup the queries use. */
  mustGet: (id: string) => Case
  /** The changes of the transaction, together (a merge moves two cases in one commit). */
  publish: (changes: readonly CommittedChange[]) => void
}

export type CaseTransition = (actor: Actor, id: string, body: TransitionBody, alongside?: (next: Case) => void) => Case

/**
 * Every step of the loop after intake: the state machine decides (shared/caseMachine.ts), the
 * timers advance, and the new version is written only over the version the caller saw.
 */
export function createCaseTransitions(deps: CaseTransitionDeps): CaseTransition {
  const { repo, references, calendar, now, mustGet, publish } = deps

  const conflict = (current: Case, version: number) =>
    createError(
      'VERSION_CONFLICT',
      `version ${version} is stale: the case is at version ${current.version}; reload it and decide again`,
      { case: current },
    )

  function transition(actor: Actor, id: string, body: TransitionBody, alongside?: (next: Case) => void): Case {
    const current = mustGet(id)
    if (body.version !== current.version) throw conflict(current, body.version)
    const decided = applyTransition(current, {
      action: body.action,
      role: actor.role,
      reason: body.reason,
      notes: body.notes,
      assignee: body.assignee,
      satisfaction: body.satisfaction,
      score: body.score,
    })
    if (!decided.ok) throw createError(decided.code, decided.message)
    if (body.action === 'dispatch' && body.assignee && !references.assigneeExists(body.assignee)) {
      throw createError('VALIDATION_FAILED', `no ${body.assignee.kind} "${body.assignee.id}" in the reference data`)
    }

    const at = now()
    const iso = at.toISOString()
    const change = { action: body.action, to: decided.to, at: iso, extensions: decided.next.extensions }
    const timers = advanceTimers(current.timers, change, calendar)
    const clock = clockView(decided.to, timers, at, calendar)
    const next: Case = {
      ...current,
      ...decided.next,
      version: current.version + 1,
      updatedAt: iso,
      ...caseClockFields(clock),
      ...closing(body.action, decided.to, current, clock, iso),
    }
    const entry: CaseEvent = {
      caseId: id,
      action: body.action,
      from: decided.from,
      to: decided.to,
      actorId: actor.id,
      actorRole: actor.role,
      ...terminalOf(actor),
      at: iso,
      reason: body.reason ?? null,
      notes: body.notes ?? null,
      photos: body.photos,
      // The history names who the case went to on the steps that hand it to someone.
      assignee: body.action === 'dispatch' || body.action === 'rework' || body.action === 'escalate' ? next.assignee : null,
    }
    const writes: CaseWrite[] = [{ next, expectedVersion: current.version, entry, nextFlagAt: clock.nextFlagAt }]
    if (body.action === 'merge') writes.push(mergeTarget(actor, current, at, body.reason ?? null))
    const written = repo.updateAll(writes, alongside && ((changes) => alongside(changes[0]!.case)))
    if (!written.ok) {
      if (!written.current) throw createError('NOT_FOUND', `no case ${id}`)
      if (written.current.id !== id) {
        throw createError('VERSION_CONFLICT', 'the case it duplicates changed at the same moment; try the merge again')
      }
      throw conflict(written.current, body.version)
    }
    publish(written.changes)
    return written.changes[0]!.case
  }

  /** Closing records when and whether late; an unsatisfied follow-up reopens and clears both. */
  function closing(action: TransitionBody['action'], to: Case['state'], current: Case, clock: ClockView, at: string) {
    if (action === 'close') return { closedAt: at, closedLate: clock.timers.whole.late }
    if (current.state === 'closed' && to !== 'closed' && to !== 'evaluated') return { closedAt: null, closedLate: false }
    return {}
  }

  /**
   * The other side of a merge: the target case keeps the duplicate's report, in its reports list
   * and its history, and its own timers (the duplicate's stop). The target must still be open.
   */
  function mergeTarget(actor: Actor, duplicate: Case, at: Date, reason: string | null): CaseWrite {
    const target = duplicate.duplicateOf === null ? null : repo.get(duplicate.duplicateOf)
    if (!target) throw createError('NOT_FOUND', `the case this one duplicates (${duplicate.duplicateOf}) does not exist`)
    if (!isOpen(target.state)) {
      throw createError(
        'ILLEGAL_TRANSITION',
        `the case this one duplicates (${target.code}) is no longer open (state "${target.state}"); keep this one separate instead`,
      )
    }
    const iso = at.toISOString()
    const clock = clockView(target.state, target.timers, at, calendar)
    const next: Case = {
      ...target,
      version: target.version + 1,
      updatedAt: iso,
      mergedReports: [...target.mergedReports, mergedReport(duplicate, iso)],
      ...caseClockFields(clock),
    }
    const merge = { actorId: actor.id, actorRole: actor.role, at: iso, reason }
    const entry = targetMergeEntry(target, duplicate, repo.history(duplicate.id)[0], merge)
    return { next, expectedVersion: target.version, entry, nextFlagAt: clock.nextFlagAt }
  }

  return transition
}
