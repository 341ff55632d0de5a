import { createHash, randomUUID } from 'node:crypto'
import { REPORT_ROLES, applyTransition, isOpen } from '@shared/caseMachine'
import { type ClockView, advanceTimers, caseClockFields, clockView, newTimers } from '@shared/caseTimers'
import type { Case, CaseEvent } from '@shared/schemas/case'
import type {
  CaseListQuery,
  CasePage,
  CaseWithHistory,
  CreateCaseBody,
  EventsPage,
  EventsQuery,
  StreamEvent,
  TransitionBody,
} from '@shared/schemas/caseApi'
import type { LngLat } from '@shared/schemas/geo'
import { type HolidayCalendar, NO_HOLIDAYS } from '@shared/timeLimits'
import { createError } from '../core/appError'
import type { Actor } from './actor'
import type { LocateResult } from './caseLocator'
import { findDuplicateCandidate, mergedReport, targetMergeEntry } from './caseDuplicates'
import type { CaseReferences } from './caseReferences'
import type { CaseRepository, CaseWrite, CommittedChange } from './caseRepository'
import { createGroupCommit } from './groupCommit'

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

export interface IntakeResult {
  created: boolean
  case: Case
}

export interface CaseService {
  /** Intake committed on its own. */
  intake(actor: Actor, body: CreateCaseBody, idempotencyKey: string | null): IntakeResult
  /** Intake by group commit (see groupCommit.ts): resolves once the batch it joined is durable. */
  intakeGrouped(actor: Actor, body: CreateCaseBody, idempotencyKey: string | null): Promise<IntakeResult>
  /** `alongside` commits with the transition (its audit entry); if it throws, the case does not move. */
  transition(actor: Actor, id: string, body: TransitionBody, alongside?: (next: Case) => void): Case
  get(id: string): CaseWithHistory
  /** The current case without its history (scope checks before acting). */
  current(id: string): Case
  /** The reporter's number in full, for the audited reveal route only. */
  reporterPhone(id: string): string | null
  list(query: CaseListQuery): CasePage
  events(query: EventsQuery): EventsPage
  /** Events in (since, until] for a client resuming the stream, or reload when too far behind. */
  replay(since: number, until: number): { reload: true } | { reload: false; events: StreamEvent[] }
  lastSeq(): number
  /** Called synchronously after each commit, in seq order. */
  onChange(listener: ChangeListener): () => void
  /** Hand a change committed by another writer of the case store (the deadline ticker) to the listeners. */
  publish(change: CommittedChange, committedAt?: Date): void
}

/** 13812341234 → 138****1234; short numbers keep only their last four digits. */
export function maskPhone(phone: string): string {
  return phone.length >= 11 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : `****${phone.slice(-4)}`
}

/** The calendar day in Beijing (UTC+8, no daylight saving), which case numbers are counted by. */
export function beijingDay(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10).replaceAll('-', '')
}

export const formatCaseCode = (day: string, n: number) => `GL-${day}-${String(n).padStart(4, '0')}`

/** Key-order-independent JSON, so a retried body hashes the same however the client built it. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`
  }
  return JSON.stringify(value)
}

const IdempotencyKey = /^[A-Za-z0-9_.:-]{1,128}$/

function encodeCursor(c: Case): string {
  return Buffer.from(JSON.stringify([c.createdAt, c.id])).toString('base64url')
}

function decodeCursor(cursor: string): { createdAt: string; id: string } {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string') {
      return { createdAt: value[0], id: value[1] }
    }
  } catch {
    // fall through to the same answer as a well-formed but foreign cursor
  }
  throw createError('VALIDATION_FAILED', 'invalid query: cursor: not a cursor from this API')
}

export function createCaseService(deps: CaseServiceDeps): CaseService {
  const { repo, references, locate, replayLimit } = deps
  const calendar = deps.calendar ?? NO_HOLIDAYS
  const now = deps.now ?? (() => new Date())
  const newId = deps.newId ?? randomUUID
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

  interface IntakeOutcome {
    result: IntakeResult
    /** The committed change to publish; null for a replayed idempotency key. */
    change: CommittedChange | null
  }

  function intake(actor: Actor, body: CreateCaseBody, idempotencyKey: string | null): IntakeResult {
    const { result, change } = intakeWork(actor, body, idempotencyKey)
    if (change) publish(change)
    return result
  }

  const grouped = createGroupCommit<IntakeOutcome>({
    transaction: (fn) => repo.transaction(fn),
    committed: ({ change }, committedAt) => {
      if (change) publish(change, committedAt)
    },
  })

  /** Decide and write one intake, without publishing: the caller publishes once it is committed. */
  function intakeWork(actor: Actor, body: CreateCaseBody, idempotencyKey: string | null): IntakeOutcome {
    if (!REPORT_ROLES.includes(actor.role)) {
      throw createError('ROLE_FORBIDDEN', `role "${actor.role}" may not report a case`)
    }
    if (idempotencyKey !== null && !IdempotencyKey.test(idempotencyKey)) {
      throw createError('VALIDATION_FAILED', 'Idempotency-Key must be 1-128 letters, digits or _ . : -')
    }
    const category = references.category(body.categoryCode)
    if (!category) throw createError('UNKNOWN_CATEGORY', `no category "${body.categoryCode}" in the taxonomy`)
    const place = locate(body.location)
    if (!place.ok) throw createError('OUTSIDE_STREET', `the location is not in the street's grids: ${place.reason}`)

    const at = now()
    const id = newId()
    const iso = at.toISOString()
    const clock = clockView('pending_filing', newTimers(category.timeLimit, iso), at, calendar)
    // Flag only: a possible duplicate is filed like any report, and an operator decides.
    const duplicateOf = findDuplicateCandidate(repo, { categoryCode: category.code, location: body.location, at })
    const draft: Omit<Case, 'code'> = {
      id,
      source: body.source,
      categoryCode: category.code,
      title: body.title,
      description: body.description,
      location: body.location,
      address: body.address,
      gridId: place.gridId,
      communityId: place.communityId,
      reporterName: body.reporterName,
      reporterPhone: body.reporterPhone === null ? null : maskPhone(body.reporterPhone),
      urgent: category.urgent,
      state: 'pending_filing',
      version: 1,
      assignee: null,
      returnedFrom: null,
      pendingRequest: null,
      extensions: 0,
      reworks: 0,
      satisfaction: null,
      evaluationScore: null,
      duplicateOf,
      mergedReports: [],
      createdAt: iso,
      updatedAt: iso,
      ...caseClockFields(clock),
      closedAt: null,
      closedLate: false,
    }
    const entry: CaseEvent = {
      caseId: id,
      action: 'report',
      from: null,
      to: 'pending_filing',
      actorId: actor.id,
      actorRole: actor.role,
      at: iso,
      reason: null,
      notes: null,
      photos: body.photos,
      assignee: null,
    }
    const bodyHash = createHash('sha256').update(stableJson(body)).digest('hex')
    const result = repo.create({
      draft,
      reporterPhone: body.reporterPhone,
      codeDay: beijingDay(at),
      formatCode: formatCaseCode,
      entry,
      idempotency: idempotencyKey === null ? null : { actorId: actor.id, key: idempotencyKey, bodyHash },
      nextFlagAt: clock.nextFlagAt,
    })
    if (!result.created) {
      if (result.bodyHash !== bodyHash) {
        throw createError('IDEMPOTENCY_MISMATCH', 'this Idempotency-Key was already used with a different request body')
      }
      const existing = repo.get(result.caseId)
      if (!existing) throw new Error(`idempotency key points at missing case ${result.caseId}`)
      return { result: { created: false, case: existing }, change: null }
    }
    return { result: { created: true, case: result.case }, change: result }
  }

  function mustGet(id: string): Case {
    const c = repo.get(id)
    if (!c) throw createError('NOT_FOUND', `no case ${id}`)
    return c
  }

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
      at: iso,
      reason: body.reason ?? null,
      notes: body.notes ?? null,
      photos: body.photos,
      // The history names who the case went to on the steps that hand it to someone.
      assignee: body.action === 'dispatch' || body.action === 'rework' ? next.assignee : null,
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
    for (const change of written.changes) publish(change)
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

  function list(query: CaseListQuery): CasePage {
    const { cursor, limit, ...filter } = query
    const seq = repo.lastSeq()
    const rows = repo.list(filter, { after: cursor ? decodeCursor(cursor) : null, limit: limit + 1 })
    const items = rows.slice(0, limit)
    const last = items[items.length - 1]
    return { items, nextCursor: rows.length > limit && last ? encodeCursor(last) : null, seq }
  }

  function tooFarBehind(since: number, last: number): boolean {
    // A client ahead of the server saw a stream this store never wrote (e.g. a reset demo): reload.
    return since > last || last - since > replayLimit
  }

  return {
    intake,
    intakeGrouped: (actor, body, key) => grouped.submit(() => intakeWork(actor, body, key)).then((o) => o.result),
    transition,
    current: mustGet,
    reporterPhone(id) {
      const found = repo.reporterPhone(id)
      if (!found.found) throw createError('NOT_FOUND', `no case ${id}`)
      return found.phone
    },
    get(id) {
      const c = mustGet(id)
      return { ...c, history: repo.history(id) }
    },
    list,
    events({ since, limit }) {
      const lastSeq = repo.lastSeq()
      if (tooFarBehind(since, lastSeq)) return { events: [], lastSeq, hasMore: false, nextSince: since, reload: true }
      const events = repo.eventsBetween(since, lastSeq, limit)
      const nextSince = events.at(-1)?.seq ?? since
      return { events, lastSeq, hasMore: nextSince < lastSeq, nextSince, reload: false }
    },
    replay(since, until) {
      if (since > repo.lastSeq()) return { reload: true }
      if (since >= until) return { reload: false, events: [] }
      if (until - since > replayLimit) return { reload: true }
      return { reload: false, events: repo.eventsBetween(since, until, until - since) }
    },
    lastSeq: () => repo.lastSeq(),
    onChange(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    publish,
  }
}
