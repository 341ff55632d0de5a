import { createHash, randomUUID } from 'node:crypto'
import { REPORT_ROLES, applyTransition } from '@shared/caseMachine'
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
import { createError } from '../http/errors'
import type { Actor } from './actor'
import type { LocateResult } from './caseLocator'
import type { CaseReferences } from './caseReferences'
import type { CaseRepository, CommittedChange } from './caseRepository'

export interface CaseServiceDeps {
  repo: CaseRepository
  references: CaseReferences
  locate: (p: LngLat) => LocateResult
  /** Longest gap the stream replays; further behind, a client reloads a snapshot instead. */
  replayLimit: number
  now?: () => Date
  newId?: () => string
}

export type ChangeListener = (change: CommittedChange) => void

export interface IntakeResult {
  created: boolean
  case: Case
}

export interface CaseService {
  intake(actor: Actor, body: CreateCaseBody, idempotencyKey: string | null): IntakeResult
  transition(actor: Actor, id: string, body: TransitionBody): Case
  get(id: string): CaseWithHistory
  list(query: CaseListQuery): CasePage
  events(query: EventsQuery): EventsPage
  /** Events in (since, until] for a client resuming the stream, or reload when too far behind. */
  replay(since: number, until: number): { reload: true } | { reload: false; events: StreamEvent[] }
  lastSeq(): number
  /** Called synchronously after each commit, in seq order. */
  onChange(listener: ChangeListener): () => void
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
  const now = deps.now ?? (() => new Date())
  const newId = deps.newId ?? randomUUID
  const listeners = new Set<ChangeListener>()

  function publish(change: CommittedChange): void {
    // One failing listener must not starve the others of the change.
    for (const listener of listeners) {
      try {
        listener(change)
      } catch {
        continue
      }
    }
  }

  function intake(actor: Actor, body: CreateCaseBody, idempotencyKey: string | null): IntakeResult {
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
      duplicateOf: null,
      createdAt: iso,
      updatedAt: iso,
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
    })
    if (!result.created) {
      if (result.bodyHash !== bodyHash) {
        throw createError('IDEMPOTENCY_MISMATCH', 'this Idempotency-Key was already used with a different request body')
      }
      const existing = repo.get(result.caseId)
      if (!existing) throw new Error(`idempotency key points at missing case ${result.caseId}`)
      return { created: false, case: existing }
    }
    publish(result)
    return { created: true, case: result.case }
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

  function transition(actor: Actor, id: string, body: TransitionBody): Case {
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

    const at = now().toISOString()
    const next: Case = { ...current, ...decided.next, version: current.version + 1, updatedAt: at }
    const entry: CaseEvent = {
      caseId: id,
      action: body.action,
      from: decided.from,
      to: decided.to,
      actorId: actor.id,
      actorRole: actor.role,
      at,
      reason: body.reason ?? null,
      notes: body.notes ?? null,
      photos: body.photos,
      // The history names who the case went to on the steps that hand it to someone.
      assignee: body.action === 'dispatch' || body.action === 'rework' ? next.assignee : null,
    }
    const written = repo.update(next, current.version, entry)
    if (!written.ok) {
      if (!written.current) throw createError('NOT_FOUND', `no case ${id}`)
      throw conflict(written.current, body.version)
    }
    publish(written)
    return written.case
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
    transition,
    get(id) {
      const c = mustGet(id)
      return { ...c, history: repo.history(id) }
    },
    list,
    events({ since, limit }) {
      const lastSeq = repo.lastSeq()
      if (tooFarBehind(since, lastSeq)) return { events: [], lastSeq, hasMore: false, reload: true }
      const events = repo.eventsBetween(since, lastSeq, limit)
      return { events, lastSeq, hasMore: since + events.length < lastSeq, reload: false }
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
  }
}
