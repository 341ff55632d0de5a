import { createHash, randomUUID } from 'node:crypto'
import { REPORT_ROLES } from '@shared/caseMachine'
import { caseClockFields, clockView, newTimers } from '@shared/caseTimers'
import { beijingDay } from '@shared/rules/beijingTime'
import type { Case, CaseEvent } from '@shared/schemas/case'
import type { CreateCaseBody } from '@shared/schemas/caseApi'
import type { LngLat } from '@shared/schemas/geo'
import type { HolidayCalendar } from '@shared/timeLimits'
import { createError } from '../core/appError'
import { type Actor, terminalOf } from './actor'
import { findDuplicateCandidate, possibleDuplicates } from './caseDuplicates'
import type { LocateResult } from './caseLocator'
import type { CaseReferences } from './caseReferences'
import type { CaseRepository, CommittedChange } from './caseRepository'

export interface IntakeResult {
  created: boolean
  case: Case
}

export interface IntakeOutcome {
  result: IntakeResult
  /** The committed change to publish; null for a replayed idempotency key. */
  change: CommittedChange | null
}

export interface CaseIntakeDeps {
  repo: CaseRepository
  references: CaseReferences
  locate: (p: LngLat) => LocateResult
  calendar: HolidayCalendar
  now: () => Date
  newId?: () => string
}

/** 13812341234 → 138****1234; short numbers keep only their last four digits. */
export function maskPhone(phone: string): string {
  return phone.length >= 11 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : `****${phone.slice(-4)}`
}

/** The Beijing day case numbers are counted by, as the code spells it: YYYYMMDD. */
export function codeDayOf(at: Date): string {
  return beijingDay(at).replaceAll('-', '')
}

export const formatCaseCode = (day: string, n: number) => `GL-${day}-${String(n).padStart(4, '0')}`

/** The case an operator chose to merge a call into, if it is one of the call's possible duplicates. */
function chosenDuplicate(repo: CaseRepository, report: { categoryCode: string; location: LngLat; at: Date }, id: string): string {
  if (possibleDuplicates(repo, report).some((d) => d.id === id)) return id
  throw createError('VALIDATION_FAILED', `duplicateOf: case ${id} is not an open case of this category within 50 m reported in the last 72 h`)
}

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

export const IdempotencyKey = /^[A-Za-z0-9_.:-]{1,128}$/

/**
 * 采集 as the store sees it: a report from any channel is checked (role, category, inside the
 * street), located to its grid, numbered for its Beijing day, flagged if it may be a duplicate and
 * written with its first history entry. Publishing is the caller's: it knows when the write is durable.
 */
export function createCaseIntake(deps: CaseIntakeDeps): (actor: Actor, body: CreateCaseBody, idempotencyKey: string | null) => IntakeOutcome {
  const { repo, references, locate, calendar, now } = deps
  const newId = deps.newId ?? randomUUID
  return function intakeWork(actor: Actor, body: CreateCaseBody, idempotencyKey: string | null): IntakeOutcome {
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
    const report = { categoryCode: category.code, location: body.location, at }
    const duplicateOf = body.duplicateOf === undefined ? findDuplicateCandidate(repo, report) : chosenDuplicate(repo, report, body.duplicateOf)
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
      ...terminalOf(actor),
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
      codeDay: codeDayOf(at),
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
}
