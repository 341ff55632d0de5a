import { ACTION_LABELS, STATE_LABELS } from '@shared/labels'
import { BEIJING_OFFSET_MS } from '@shared/rules/beijingTime'
import type { Assignee, Case, CaseEvent, CaseState } from '@shared/schemas/case'
import { CreateCaseBody } from '@shared/schemas/caseApi'
import { PhotoId } from '@shared/schemas/photo'
import type { Category, TimeLimit } from '@shared/schemas/reference'
import type { PostRequestBody } from './open311Input'

/**
 * Our loop in GeoReport v2 words, as pure functions (the routes only fetch and send). Nothing
 * here ever carries the reporter's name, phone or anything a client sent about its user.
 */

export interface Open311Service {
  service_code: string
  service_name: string
  description: string
  metadata: false
  type: 'realtime'
  keywords: string
  group: string
}

export interface Open311Request {
  service_request_id: string
  status: 'open' | 'closed'
  status_notes: string
  service_name: string | null
  service_code: string
  description: string
  agency_responsible: string | null
  service_notice: string | null
  requested_datetime: string
  updated_datetime: string
  expected_datetime: string | null
  address: string
  lat: number
  long: number
  media_url: string | null
  extended_attributes?: { state: CaseState; state_name: { zh: string; en: string }; case_code: string; urgent: boolean }
}

export interface Open311Update {
  update_id: string
  service_request_id: string
  status: UpdateStatus
  /** Our loop state the update left the case in, by its code (mySociety's field for the back end's own status). */
  external_status_code: CaseState
  updated_datetime: string
  description: string
  media_url: string | null
}

const KIND_WORDS: Record<Category['kind'], string> = { component: '部件', event: '事件', governance: '治理', service: '服务' }
const CLOCK_WORDS: Record<TimeLimit['kind'], string> = { urgent_hours: '小时', working_hours: '个工作小时', working_days: '个工作日', natural_days: '天' }

/** A time limit in words: 2 个工作日. */
export const limitWords = (limit: TimeLimit): string => `${limit.amount} ${CLOCK_WORDS[limit.kind]}`

/** A 小类 as an Open311 service: its 大类 is the group; no attributes, so metadata is false. */
export function serviceOf(c: Category): Open311Service {
  return {
    service_code: c.code,
    service_name: c.name,
    description: `${c.majorName} · ${c.name}（${c.nameEn}）：处置时限 ${limitWords(c.timeLimit)}${c.urgent ? '，紧急' : ''}。立案条件：${c.filingCondition}`,
    metadata: false,
    type: 'realtime',
    keywords: [c.nameEn, c.majorName, KIND_WORDS[c.kind], ...(c.urgent ? ['紧急', 'urgent'] : [])].join(', '),
    group: c.majorName,
  }
}

/** The definition of a service with no attributes: the spec allows an empty list. */
export const serviceDefinitionOf = (c: Category) => ({ service_code: c.code, attributes: [] as never[] })

/** Closed once the loop is over for the reporter: closed or evaluated, not accepted, or merged into another case. */
export const OPEN311_STATUS: Record<CaseState, 'open' | 'closed'> = {
  pending_filing: 'open',
  prefiling_check: 'open',
  pending_dispatch: 'open',
  dispatched: 'open',
  in_progress: 'open',
  suspended: 'open',
  pending_check: 'open',
  closed: 'closed',
  evaluated: 'closed',
  not_accepted: 'closed',
  merged: 'closed',
}

/** mySociety's update statuses (the servicerequestupdates extension), the nearest to each state. */
export type UpdateStatus = 'open' | 'investigating' | 'action_scheduled' | 'in_progress' | 'fixed' | 'no_further_action' | 'duplicate'
export const UPDATE_STATUS: Record<CaseState, UpdateStatus> = {
  pending_filing: 'open',
  // A check before filing, and the check of the work done: someone goes to look.
  prefiling_check: 'investigating',
  pending_check: 'investigating',
  pending_dispatch: 'open',
  dispatched: 'action_scheduled',
  in_progress: 'in_progress',
  // On hold until its condition is met (挂账): still open, nobody is working it.
  suspended: 'open',
  closed: 'fixed',
  evaluated: 'fixed',
  not_accepted: 'no_further_action',
  merged: 'duplicate',
}

/** An instant in the center's own zone, Beijing, with its offset: 2026-11-28T10:00:00+08:00. */
export function beijingIso(iso: string): string {
  const local = new Date(Date.parse(iso) + BEIJING_OFFSET_MS).toISOString()
  return `${local.slice(0, 19)}+08:00`
}

/** The state in words, with where a merged case went. */
export function statusNotes(c: Pick<Case, 'state' | 'duplicateOf'>): string {
  const label = STATE_LABELS[c.state]
  const words = `${label.zh} / ${label.en}`
  return c.state === 'merged' && c.duplicateOf ? `${words}: see service_request_id ${c.duplicateOf}` : words
}

/** A photo a case names, as a URL a client can fetch: our thumbnail for a photo id, an older URL as it is. */
export function mediaUrlOf(photo: string | undefined, baseUrl: string): string | null {
  if (photo === undefined) return null
  if (PhotoId.safeParse(photo).success) return `${baseUrl}/api/v1/photos/${photo}/thumb`
  return /^https?:\/\//.test(photo) ? photo : null
}

/** What the request mapping needs to look up. */
export interface RequestLookups {
  category(code: string): Category | null
  /** The unit's or team's name; for a worker, their grid's (a person's name is not sent). */
  agencyOf(assignee: Assignee): string | null
  baseUrl: string
}

export function requestOf(c: Case, firstPhoto: string | undefined, look: RequestLookups, extensions = false): Open311Request {
  const request: Open311Request = {
    service_request_id: c.id,
    status: OPEN311_STATUS[c.state],
    status_notes: statusNotes(c),
    service_name: look.category(c.categoryCode)?.name ?? null,
    service_code: c.categoryCode,
    description: c.description,
    agency_responsible: c.assignee ? look.agencyOf(c.assignee) : null,
    service_notice: null,
    requested_datetime: beijingIso(c.createdAt),
    updated_datetime: beijingIso(c.updatedAt),
    // The whole case's deadline (report to close); none while a suspension pauses it.
    expected_datetime: c.timers.whole.deadline ? beijingIso(c.timers.whole.deadline) : null,
    address: c.address,
    lat: c.location.lat,
    long: c.location.lng,
    media_url: mediaUrlOf(firstPhoto, look.baseUrl),
  }
  if (extensions) request.extended_attributes = { state: c.state, state_name: STATE_LABELS[c.state], case_code: c.code, urgent: c.urgent }
  return request
}

/** One step of the loop after the report, as an update: the step and the state in words, with its notes or reason. */
export function updateOf(entry: CaseEvent, updateId: string, baseUrl: string): Open311Update {
  const action = ACTION_LABELS[entry.action]
  const state = STATE_LABELS[entry.to]
  const text = [entry.reason, entry.notes].filter((t): t is string => !!t).join('；')
  return {
    update_id: updateId,
    service_request_id: entry.caseId,
    status: UPDATE_STATUS[entry.to],
    external_status_code: entry.to,
    updated_datetime: beijingIso(entry.at),
    description: `${action.zh} / ${action.en} → ${state.zh} / ${state.en}${text ? `：${text}` : ''}`,
    media_url: mediaUrlOf(entry.photos[0], baseUrl),
  }
}

/** What the reporter is called on the case: family name first in Chinese, given name first otherwise. */
export function reporterNameOf(first: string | undefined, last: string | undefined): string | null {
  const parts = [first, last].filter((p): p is string => !!p)
  if (!parts.length) return null
  const chinese = parts.every((p) => /^[\u3400-\u9fff·]+$/u.test(p))
  return (chinese ? [last, first].filter(Boolean).join('') : parts.join(' ')).slice(0, 60)
}

/** Where our field names came from in the client's request, for an error it can act on. */
const FIELD_NAMES: Record<string, string> = {
  title: 'service_code',
  description: 'description',
  location: 'lat/long',
  address: 'address_string',
  reporterName: 'first_name/last_name',
  reporterPhone: 'phone',
  photos: 'media_url',
}

export type ReportMapping = { ok: true; body: CreateCaseBody } | { ok: false; message: string }

/**
 * A POSTed request as our case report. Its channel is `walk_in` (居民来访): a resident's own
 * report that did not come through the 96156 hotline, so the hotline's follow-up call does not
 * apply; the description's first line names the channel, as the desk does for 电子保姆 calls.
 * email, device_id and account_id are not kept: the loop has no use for them.
 */
export function reportOf(body: PostRequestBody, category: Category): ReportMapping {
  if (body.lat === undefined || body.long === undefined) {
    return { ok: false, message: 'lat and long are required: an address_string or address_id alone cannot be placed on a grid here' }
  }
  const address = body.address_string ?? ''
  const parsed = CreateCaseBody.safeParse({
    source: 'walk_in',
    categoryCode: category.code,
    title: (address ? `${category.name}·${address}` : category.name).slice(0, 200),
    description: `上报渠道：Open311${body.description ? `\n${body.description}` : ''}`,
    location: { lng: body.long, lat: body.lat },
    address,
    reporterName: reporterNameOf(body.first_name, body.last_name),
    reporterPhone: body.phone ?? null,
    photos: body.media_url ? [body.media_url] : [],
  })
  if (parsed.success) return { ok: true, body: parsed.data }
  const issues = parsed.error.issues.map((i) => `${FIELD_NAMES[String(i.path[0])] ?? String(i.path[0])}: ${i.message}`)
  return { ok: false, message: issues.join('; ') }
}

/** The answer's service_notice: the case number and what happens next, in the center's words. */
export function serviceNoticeOf(c: Pick<Case, 'code'>, category: Category): string {
  return `已受理，案件编号 ${c.code}，待立案；${category.name}的处置时限为立案派遣后 ${limitWords(category.timeLimit)}。`
}
