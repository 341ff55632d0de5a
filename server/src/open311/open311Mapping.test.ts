import { describe, expect, it } from 'vitest'
import { CaseState, type Case, type CaseEvent, type CaseTimer } from '@shared/schemas/case'
import type { Category } from '@shared/schemas/reference'
import { PostRequestBody, RequestsQuery, requestWindow, updateWindow, withoutAttributes } from './open311Input'
import { OPEN311_STATUS, beijingIso, mediaUrlOf, reportOf, reporterNameOf, requestOf, serviceOf, statusNotes, updateOf } from './open311Mapping'
import { statesOf } from './open311RequestReads'

const category: Category = {
  code: 'C0101',
  kind: 'component',
  majorCode: '01',
  majorName: '公用设施',
  name: '井盖',
  nameEn: 'Manhole cover',
  timeLimit: { kind: 'working_days', amount: 2 },
  urgent: false,
  unitId: 'U01',
  filingCondition: '井盖破损、缺失',
  closingCondition: '井盖完好',
}

const timer = (deadline: string | null): CaseTimer => ({
  limit: { kind: 'natural_days', amount: 1 },
  allowedMs: 86_400_000,
  startedAt: null,
  pausedMs: 0,
  pausedSince: null,
  stoppedAt: null,
  deadline,
  remainingMs: 0,
  atRisk: false,
  late: false,
})

const sample: Case = {
  id: 'case-1',
  code: 'GL-20261128-0001',
  source: 'walk_in',
  categoryCode: 'C0101',
  title: '井盖·鼓楼东大街',
  description: '井盖裂开',
  location: { lng: 116.4, lat: 39.94 },
  address: '鼓楼东大街',
  gridId: 'G01',
  communityId: 'C01',
  reporterName: '王先生',
  reporterPhone: '139****5678',
  urgent: false,
  state: 'dispatched',
  version: 3,
  assignee: { kind: 'unit', id: 'U01' },
  returnedFrom: null,
  pendingRequest: null,
  extensions: 0,
  reworks: 0,
  satisfaction: null,
  evaluationScore: null,
  duplicateOf: null,
  mergedReports: [],
  createdAt: '2026-11-28T02:00:00.000Z',
  updatedAt: '2026-11-28T03:30:00.000Z',
  timers: { intake: timer(null), dispatch: timer(null), handling: timer(null), check: timer(null), whole: timer('2026-12-02T10:00:00.000Z') },
  timersAsOf: '2026-11-28T03:30:00.000Z',
  deadline: null,
  remainingMs: null,
  atRisk: false,
  overdue: false,
  closedAt: null,
  closedLate: false,
}

const look = { category: () => category, agencyOf: () => '市政管理委员会', baseUrl: 'http://wall.local' }
const body = (over: Record<string, unknown> = {}) => PostRequestBody.parse({ api_key: 'k', service_code: 'C0101', lat: '39.94', long: '116.4', ...over })

describe('status mapping', () => {
  it('is open for every state before the end of the loop and closed for closed, evaluated, not accepted and merged', () => {
    const closed = CaseState.options.filter((s) => OPEN311_STATUS[s] === 'closed')
    expect(closed.sort()).toEqual(['closed', 'evaluated', 'merged', 'not_accepted'])
    expect(statesOf(['open'])).toEqual(CaseState.options.filter((s) => !closed.includes(s)))
    expect(statesOf(['open', 'closed'])).toEqual(CaseState.options)
  })

  it('names the loop state in words, and where a merged case went', () => {
    expect(statusNotes({ state: 'dispatched', duplicateOf: null })).toBe('待处置 / Dispatched')
    expect(statusNotes({ state: 'merged', duplicateOf: 'case-0' })).toBe('已合并 / Merged: see service_request_id case-0')
  })
})

describe('a case as a request', () => {
  it('carries times in Beijing with their offset, the unit, the whole-case deadline and no reporter data', () => {
    const r = requestOf(sample, 'ph_0123456789abcdef01234567', look, true)
    expect(r).toMatchObject({
      service_request_id: 'case-1',
      status: 'open',
      service_name: '井盖',
      agency_responsible: '市政管理委员会',
      requested_datetime: '2026-11-28T10:00:00+08:00',
      updated_datetime: '2026-11-28T11:30:00+08:00',
      expected_datetime: '2026-12-02T18:00:00+08:00',
      lat: 39.94,
      long: 116.4,
      media_url: 'http://wall.local/api/v1/photos/ph_0123456789abcdef01234567/thumb',
      extended_attributes: { state: 'dispatched', case_code: 'GL-20261128-0001' },
    })
    expect(JSON.stringify(r)).not.toMatch(/王先生|139\*{4}5678/)
    expect(requestOf({ ...sample, assignee: null }, undefined, look).agency_responsible).toBeNull()
    expect(requestOf(sample, undefined, look)).not.toHaveProperty('extended_attributes')
  })

  it('links a photo id to its thumbnail, keeps an older URL, and drops anything else', () => {
    expect(mediaUrlOf('https://img.example/a.jpg', 'http://x')).toBe('https://img.example/a.jpg')
    expect(mediaUrlOf('photos/after.jpg', 'http://x')).toBeNull()
    expect(mediaUrlOf(undefined, 'http://x')).toBeNull()
    expect(beijingIso('2026-12-31T20:00:00.000Z')).toBe('2027-01-01T04:00:00+08:00')
  })
})

describe('a step as an update', () => {
  it('says the step and the state in words, with the step\'s notes, and mySociety\'s nearest status', () => {
    const entry: CaseEvent = { caseId: 'case-1', action: 'feedback', from: 'in_progress', to: 'pending_check', actorId: 'u1', actorRole: 'unit_handler', at: sample.updatedAt, reason: null, notes: '已更换井盖', photos: [], assignee: null }
    expect(updateOf(entry, '42', 'http://x')).toEqual({
      update_id: '42',
      service_request_id: 'case-1',
      status: 'investigating',
      external_status_code: 'pending_check',
      updated_datetime: '2026-11-28T11:30:00+08:00',
      description: '处置反馈 / Submit feedback → 待核查 / Pending check：已更换井盖',
      media_url: null,
    })
    expect(updateOf({ ...entry, action: 'close', to: 'closed', notes: null }, '43', 'http://x').status).toBe('fixed')
    expect(JSON.stringify(updateOf(entry, '42', 'http://x'))).not.toContain('u1')
  })
})

describe('a POSTed request as a report', () => {
  it('is a walk-in report of the service at the point, titled by category and place, with the reporter as given', () => {
    const mapped = reportOf(body({ address_string: '鼓楼东大街', description: '裂开了', first_name: '明', last_name: '李', phone: '139 1234 5678', email: 'a@b.c' }), category)
    expect(mapped).toEqual({
      ok: true,
      body: expect.objectContaining({
        source: 'walk_in',
        categoryCode: 'C0101',
        title: '井盖·鼓楼东大街',
        description: '上报渠道：Open311\n裂开了',
        location: { lng: 116.4, lat: 39.94 },
        reporterName: '李明',
        reporterPhone: '13912345678',
        photos: [],
      }),
    })
    expect(JSON.stringify(mapped)).not.toContain('a@b.c')
  })

  it('refuses a request with no point, and names the Open311 field of a bad value', () => {
    expect(reportOf(body({ lat: undefined, address_string: '鼓楼' }), category)).toMatchObject({ ok: false, message: expect.stringMatching(/lat and long are required/) })
    expect(reportOf(body({ phone: 'abc' }), category)).toMatchObject({ ok: false, message: expect.stringMatching(/^phone: /) })
  })

  it('orders a name family first in Chinese, given name first otherwise', () => {
    expect(reporterNameOf('明', '李')).toBe('李明')
    expect(reporterNameOf('John', 'Smith')).toBe('John Smith')
    expect(reporterNameOf(undefined, undefined)).toBeNull()
  })

  it('reads numbers from JSON and text from forms, and sets attribute[…] fields aside', () => {
    expect(PostRequestBody.parse({ api_key: 'k', service_code: 'C0101', lat: 39.9, long: 116.4 })).toMatchObject({ lat: 39.9, long: 116.4 })
    expect(PostRequestBody.safeParse({ api_key: 'k', service_code: 'C0101', lat: '39.9; drop', long: '116.4' }).success).toBe(false)
    expect(PostRequestBody.safeParse({ api_key: 'k', service_code: 'C0101', colour: 'red' }).success).toBe(false)
    expect(withoutAttributes({ a: 1, 'attribute[WHISPAWN]': '1', attribute: { x: 1 } })).toEqual({ a: 1 })
  })
})

describe('windows of the lists', () => {
  const now = new Date('2026-11-28T00:00:00Z')
  it('default to the last 90 days of requests and the last 24 hours of updates, and refuse more than 90 days', () => {
    expect(requestWindow(RequestsQuery.parse({ api_key: 'k' }), now)).toEqual({ ok: true, from: '2026-08-30T00:00:00.000Z', to: now.toISOString() })
    expect(updateWindow({ api_key: 'k' }, now)).toEqual({ ok: true, from: '2026-11-27T00:00:00.000Z', to: now.toISOString() })
    expect(requestWindow(RequestsQuery.parse({ api_key: 'k', start_date: '2026-01-01T00:00:00+08:00' }), now)).toMatchObject({ ok: false, message: expect.stringMatching(/90 days/) })
    expect(requestWindow(RequestsQuery.parse({ api_key: 'k', start_date: '2026-11-20T00:00:00Z', end_date: '2026-11-10T00:00:00Z' }), now)).toMatchObject({ ok: false })
  })

  it('reads comma lists and refuses an unknown status or filter', () => {
    expect(RequestsQuery.parse({ api_key: 'k', service_request_id: 'a,b', status: 'open,closed' })).toMatchObject({ service_request_id: ['a', 'b'], status: ['open', 'closed'] })
    expect(RequestsQuery.safeParse({ api_key: 'k', status: 'fixed' }).success).toBe(false)
    expect(RequestsQuery.safeParse({ api_key: 'k', state: 'open' }).success).toBe(false)
    expect(RequestsQuery.safeParse({ api_key: 'k', status: ['open', 'closed'] }).success).toBe(false)
  })

  it('describes a service from its 小类', () => {
    expect(serviceOf(category)).toMatchObject({ service_code: 'C0101', service_name: '井盖', group: '公用设施', metadata: false, type: 'realtime', keywords: 'Manhole cover, 公用设施, 部件' })
  })
})
