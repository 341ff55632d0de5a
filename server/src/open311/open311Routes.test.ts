import Ajv, { type ValidateFunction } from 'ajv'
import addFormats from 'ajv-formats'
import { XMLParser } from 'fast-xml-parser'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Role } from '@shared/roles'
import { Case } from '@shared/schemas/case'
import { CaseWithHistory } from '@shared/schemas/caseApi'
import { type Call, type DemoFacts, caller, demoFacts } from '../cases/caseTestHelpers'
import { type TestApp, startTestApp } from '../testing/testApp'

/**
 * The GeoReport v2 answers as the spec (open311.org/GeoReport_v2) and mySociety's
 * servicerequestupdates extension describe them, written here as JSON schemas: every JSON answer
 * of these tests is checked against its list's schema.
 */
const nullable = (type: string, extra: Record<string, unknown> = {}) => ({ type: [type, 'null'], ...extra })
const listOf = (item: object, minItems = 0) => ({ type: 'array', minItems, items: item })
const SPEC = {
  errors: listOf({ type: 'object', required: ['code', 'description'], additionalProperties: false, properties: { code: { type: 'integer' }, description: { type: 'string' } } }, 1),
  services: listOf({
    type: 'object',
    required: ['service_code', 'service_name', 'metadata', 'type'],
    additionalProperties: false,
    properties: {
      service_code: { type: 'string' },
      service_name: { type: 'string' },
      description: { type: 'string' },
      metadata: { type: 'boolean' },
      type: { enum: ['realtime', 'batch', 'blackbox'] },
      keywords: { type: 'string' },
      group: { type: 'string' },
    },
  }),
  definition: {
    type: 'object',
    required: ['service_code', 'attributes'],
    additionalProperties: false,
    properties: {
      service_code: { type: 'string' },
      attributes: listOf({
        type: 'object',
        required: ['variable', 'code', 'datatype', 'required', 'order', 'description'],
        properties: {
          variable: { type: 'boolean' },
          code: { type: 'string' },
          datatype: { enum: ['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist'] },
          required: { type: 'boolean' },
          datatype_description: nullable('string'),
          order: { type: 'integer' },
          description: { type: 'string' },
          values: listOf({ type: 'object', required: ['key', 'name'], properties: { key: { type: 'string' }, name: { type: 'string' } } }),
        },
      }),
    },
  },
  requests: listOf({
    type: 'object',
    required: ['service_request_id', 'status', 'service_code', 'requested_datetime', 'lat', 'long'],
    additionalProperties: false,
    properties: {
      service_request_id: { type: 'string' },
      status: { enum: ['open', 'closed'] },
      status_notes: nullable('string'),
      service_name: nullable('string'),
      service_code: { type: 'string' },
      description: nullable('string'),
      agency_responsible: nullable('string'),
      service_notice: nullable('string'),
      requested_datetime: { type: 'string', format: 'date-time' },
      updated_datetime: nullable('string', { format: 'date-time' }),
      expected_datetime: nullable('string', { format: 'date-time' }),
      address: nullable('string'),
      address_id: nullable('string'),
      zipcode: nullable('string'),
      lat: { type: 'number', minimum: -90, maximum: 90 },
      long: { type: 'number', minimum: -180, maximum: 180 },
      media_url: nullable('string', { format: 'uri' }),
      extended_attributes: { type: 'object' },
    },
  }),
  created: listOf(
    {
      type: 'object',
      // Every service is `realtime`, so the answer carries the id, never a token.
      required: ['service_request_id'],
      additionalProperties: false,
      properties: { service_request_id: { type: 'string' }, token: { type: 'string' }, service_notice: nullable('string'), account_id: nullable('string') },
    },
    1,
  ),
  updates: listOf({
    type: 'object',
    required: ['update_id', 'service_request_id', 'status', 'updated_datetime', 'description'],
    additionalProperties: false,
    properties: {
      update_id: { type: 'string' },
      service_request_id: { type: 'string' },
      status: { enum: ['open', 'closed', 'fixed', 'in_progress', 'action_scheduled', 'investigating', 'duplicate', 'not_councils_responsibility', 'no_further_action', 'internal_referral'] },
      updated_datetime: { type: 'string', format: 'date-time' },
      description: { type: 'string' },
      media_url: nullable('string', { format: 'uri' }),
      external_status_code: nullable('string'),
    },
  }),
}
const ajv = new Ajv({ strict: true, allErrors: true, allowUnionTypes: true })
addFormats(ajv)
const validators = Object.fromEntries(Object.entries(SPEC).map(([k, s]) => [k, ajv.compile(s)])) as Record<keyof typeof SPEC, ValidateFunction>
function expectSpec(kind: keyof typeof SPEC, body: unknown): void {
  const validate = validators[kind]
  expect(validate(body), `${kind}: ${ajv.errorsText(validate.errors)}`).toBe(true)
}

const xml = new XMLParser({ isArray: (name) => ['service', 'request', 'request_update', 'error', 'attribute'].includes(name) })

let t: TestApp
let call: Call
let key: string
let facts: DemoFacts

beforeAll(async () => {
  t = await startTestApp()
  key = await t.tokenFor('integration')
  call = caller(t.url, key)
  facts = await demoFacts(call)
}, 120_000)
afterAll(async () => {
  await t.close()
})

interface Answer {
  status: number
  type: string
  text: string
  /** The JSON answer, or the XML parsed back. */
  body: any // eslint-disable-line @typescript-eslint/no-explicit-any -- checked by the schemas and assertions that follow
}

const AS_INTAKE = { 'x-on-behalf-of': 'intake/intake-1' }

/** One Open311 call: the api_key in the query of a GET, in the form (or JSON) body of a POST. */
async function open311(method: 'GET' | 'POST', path: string, o: { query?: Record<string, string>; form?: Record<string, string>; json?: unknown; headers?: Record<string, string>; apiKey?: string | null } = {}): Promise<Answer> {
  const apiKey = o.apiKey === undefined ? key : o.apiKey
  const query = new URLSearchParams({ ...(method === 'GET' && apiKey ? { api_key: apiKey } : {}), ...o.query })
  const headers: Record<string, string> = { ...o.headers }
  let body: string | undefined
  if (o.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded'
    body = new URLSearchParams({ ...(apiKey ? { api_key: apiKey } : {}), ...o.form }).toString()
  } else if (o.json !== undefined) {
    headers['content-type'] = 'application/json'
    body = typeof o.json === 'string' ? o.json : JSON.stringify(o.json)
  }
  const res = await fetch(`${t.url}/open311/v2${path}${query.size ? `?${query}` : ''}`, { method, headers, ...(body === undefined ? {} : { body }) })
  const text = await res.text()
  const type = res.headers.get('content-type') ?? ''
  return { status: res.status, type, text, body: type.startsWith('text/xml') ? xml.parse(text) : JSON.parse(text) }
}

const pointForm = (over: Record<string, string> = {}) => ({
  service_code: facts.category.code,
  lat: String(facts.grids[0]!.point.lat),
  long: String(facts.grids[0]!.point.lng),
  address_string: '鼓楼东大街 12 号',
  description: '井盖裂开，有人绊倒',
  first_name: '明',
  last_name: '李',
  phone: '13912345678',
  email: 'li.ming@example.cn',
  media_url: 'https://img.example.cn/cover.jpg',
  ...over,
})

async function postForm(over: Record<string, string> = {}): Promise<string> {
  const res = await open311('POST', '/requests.json', { form: pointForm(over), headers: AS_INTAKE })
  expect(res.status, res.text).toBe(201)
  expectSpec('created', res.body)
  return res.body[0].service_request_id as string
}

const act = async (id: string, as: Role, action: string, extra: Record<string, unknown> = {}) => {
  const current = Case.parse((await call('GET', `/api/v1/cases/${id}`)).body)
  const res = await call('POST', `/api/v1/cases/${id}/transitions`, { as, body: { action, version: current.version, ...extra } })
  expect(res.status, JSON.stringify(res.body)).toBe(200)
}

/** Nothing committed: the event stream did not move. */
async function expectNoChange(run: () => Promise<Answer>, status: number): Promise<Answer> {
  const before = t.wall.cases.lastSeq()
  const res = await run()
  expect(res.status, res.text).toBe(status)
  expect(t.wall.cases.lastSeq()).toBe(before)
  return res
}

describe('services', () => {
  it('lists every 小类 as a service, grouped by its 大类, in JSON and in XML', async () => {
    const json = await open311('GET', '/services.json')
    expect([json.status, json.type]).toEqual([200, 'application/json; charset=utf-8'])
    expectSpec('services', json.body)
    expect(json.body.length).toBeGreaterThan(10)
    expect(json.body.find((s: { service_code: string }) => s.service_code === facts.category.code)).toMatchObject({ service_name: facts.category.name, group: facts.category.majorName, metadata: false })
    const asXml = await open311('GET', '/services.xml')
    expect(asXml.type).toBe('text/xml; charset=utf-8')
    expect(asXml.text.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<services>')).toBe(true)
    expect(asXml.body.services.service.map((s: { service_code: string }) => s.service_code)).toEqual(json.body.map((s: { service_code: string }) => s.service_code))
  })

  it('answers a service definition with no attributes, and 404 for an unknown code', async () => {
    const def = await open311('GET', `/services/${facts.category.code}.json`)
    expectSpec('definition', def.body)
    expect(def.body).toEqual({ service_code: facts.category.code, attributes: [] })
    const asXml = await open311('GET', `/services/${facts.category.code}.xml`)
    expect(asXml.body.service_definition.service_code).toBe(facts.category.code)
    const unknown = await open311('GET', '/services/C9999.json')
    expect(unknown.status).toBe(404)
    expectSpec('errors', unknown.body)
    const unknownXml = await open311('GET', '/services/C9999.xml')
    expect([unknownXml.status, unknownXml.body.errors.error[0].code]).toEqual([404, 404])
  })
})

describe('the api_key', () => {
  it('is required on every route: missing, wrong or not an integration\'s is a 403 in the spec\'s format', async () => {
    const missing = await open311('GET', '/requests.json', { apiKey: null })
    expect(missing.status).toBe(403)
    expectSpec('errors', missing.body)
    expect((await open311('GET', '/services.xml', { apiKey: 'not-a-token' })).body.errors.error[0]).toMatchObject({ code: 403 })
    const screen = await open311('GET', '/services.json', { apiKey: await t.tokenFor('wall_display') })
    expect(screen.status).toBe(403)
    // A bearer header alone is not the api_key, and a session cookie counts for nothing here.
    expect((await open311('GET', '/services.json', { apiKey: null, headers: { authorization: `Bearer ${key}` } })).status).toBe(403)
    await expectNoChange(() => open311('POST', '/requests.json', { form: pointForm(), apiKey: 'wrong', headers: AS_INTAKE }), 403)
  })
})

describe('POST requests', () => {
  it('reports a form-encoded request as a walk-in case, visible on /api/v1/cases/:id with the reporter masked', async () => {
    const id = await postForm()
    const c = CaseWithHistory.parse((await call('GET', `/api/v1/cases/${id}`)).body)
    expect(c).toMatchObject({ source: 'walk_in', categoryCode: facts.category.code, state: 'pending_filing', reporterName: '李明', reporterPhone: '139****5678', address: '鼓楼东大街 12 号' })
    expect(c.description).toBe('上报渠道：Open311\n井盖裂开，有人绊倒')
    expect(c.history[0]).toMatchObject({ action: 'report', actorId: 'intake-1', photos: ['https://img.example.cn/cover.jpg'] })
  })

  it('takes a JSON body too, and a retry with the same Idempotency-Key answers the same request', async () => {
    const json = { api_key: key, ...pointForm(), lat: facts.grids[1]!.point.lat, long: facts.grids[1]!.point.lng }
    const headers = { ...AS_INTAKE, 'idempotency-key': `o311-${Date.now()}` }
    const first = await open311('POST', '/requests.json', { json, headers, apiKey: null })
    const again = await open311('POST', '/requests.json', { json, headers, apiKey: null })
    expect([first.status, again.status]).toEqual([201, 200])
    expectSpec('created', first.body)
    expect(again.body[0].service_request_id).toBe(first.body[0].service_request_id)
    expect(first.body[0].service_notice).toMatch(/^已受理，案件编号 GL-\d{8}-\d{4}/)
  })

  it('answers in XML as <service_requests><request>, and takes the api_key from the query string too', async () => {
    const res = await open311('POST', '/requests.xml', { form: pointForm(), headers: AS_INTAKE })
    expect(res.status).toBe(201)
    expect(res.body.service_requests.request[0].service_request_id).toMatch(/^[0-9a-f-]{36}$/)
    const keyInQuery = await open311('POST', '/requests.json', { form: pointForm(), apiKey: null, query: { api_key: key }, headers: AS_INTAKE })
    expect(keyInQuery.status, keyInQuery.text).toBe(201)
  })

  it('changes nothing on bad input, and says why in the spec\'s format', async () => {
    const bad = async (form: Record<string, string>, status: number, why: RegExp, headers: Record<string, string> = AS_INTAKE) => {
      const res = await expectNoChange(() => open311('POST', '/requests.json', { form: pointForm(form), headers }), status)
      expectSpec('errors', res.body)
      expect(res.body[0].description).toMatch(why)
    }
    await bad({ lat: '39.9', long: '116.2' }, 400, /not in the street/)
    await bad({ service_code: 'C9999' }, 404, /service_code "C9999" not found/)
    await bad({ lat: '', long: '' }, 400, /lat/)
    await bad({ phone: 'call me' }, 400, /^phone: /)
    await bad({ colour: 'red' }, 400, /colour/)
    await bad({}, 400, /X-On-Behalf-Of/, {})
    const malformed = await expectNoChange(() => open311('POST', '/requests.json', { json: '{"api_key": ', apiKey: null, headers: AS_INTAKE }), 400)
    expectSpec('errors', malformed.body)
    const xmlError = await expectNoChange(() => open311('POST', '/requests.xml', { form: pointForm({ service_code: 'nonsense' }), headers: AS_INTAKE }), 400)
    expect(xmlError.text).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?>\n<errors>\n {2}<error>\n {4}<code>400<\/code>/)
  })
})

describe('GET requests and the loop', () => {
  it('maps the loop honestly: open until closed, the unit as the agency, the deadline, the photo, never the reporter', async () => {
    const id = await postForm()
    const open = await open311('GET', `/requests/${id}.json`, { query: { extensions: 'true' } })
    expectSpec('requests', open.body)
    expect(open.body[0]).toMatchObject({ service_request_id: id, status: 'open', status_notes: '待立案 / Pending filing', agency_responsible: null, media_url: 'https://img.example.cn/cover.jpg' })
    expect(open.body[0].extended_attributes).toMatchObject({ state: 'pending_filing', case_code: expect.stringMatching(/^GL-/) })
    expect(open.body[0].requested_datetime).toMatch(/\+08:00$/)
    expect(open.text).not.toMatch(/李明|13912345678|139\*{4}5678|li\.ming/)
    await act(id, 'intake', 'file')
    await act(id, 'dispatcher', 'dispatch', { assignee: { kind: 'unit', id: facts.unitId } })
    const dispatched = (await open311('GET', `/requests/${id}.json`)).body[0]
    const unit = (await call('GET', '/api/v1/units')).body.items.find((u: { id: string }) => u.id === facts.unitId)
    expect(dispatched).toMatchObject({ status: 'open', status_notes: '待处置 / Dispatched', agency_responsible: unit.name, expected_datetime: expect.stringMatching(/\+08:00$/) })
    await act(id, 'unit_handler', 'accept')
    await act(id, 'unit_handler', 'feedback', { notes: '已更换井盖' })
    await act(id, 'intake', 'close')
    const closed = await open311('GET', `/requests/${id}.xml`)
    expect(closed.body.service_requests.request[0]).toMatchObject({ service_request_id: id, status: 'closed', status_notes: '已结案 / Closed' })
    const updates = await open311('GET', '/servicerequestupdates.json', { query: { start_date: new Date(Date.now() - 60_000).toISOString() } })
    expectSpec('updates', updates.body)
    const mine = updates.body.filter((u: { service_request_id: string }) => u.service_request_id === id)
    expect(mine.map((u: { status: string }) => u.status)).toEqual(['open', 'action_scheduled', 'in_progress', 'investigating', 'fixed'])
    expect(mine[3].description).toBe('处置反馈 / Submit feedback → 待核查 / Pending check：已更换井盖')
    expect(new Set(updates.body.map((u: { update_id: string }) => u.update_id)).size).toBe(updates.body.length)
    const asXml = await open311('GET', '/servicerequestupdates.xml')
    expect(asXml.body.service_request_updates.request_update.filter((u: { service_request_id: string }) => u.service_request_id === id)).toHaveLength(5)
  })

  it('filters by id list, service_code, status and dates, and refuses a window over 90 days', async () => {
    const other = (await call('GET', '/api/v1/categories')).body.items.find((c: { code: string }) => c.code !== facts.category.code).code as string
    const a = await postForm()
    const b = await postForm({ service_code: other })
    await act(b, 'intake', 'reject', { reason: '不属于受理范围' })
    const ids = async (query: Record<string, string>) => {
      const res = await open311('GET', '/requests.json', { query })
      expect(res.status, res.text).toBe(200)
      expectSpec('requests', res.body)
      return res.body.map((r: { service_request_id: string }) => r.service_request_id) as string[]
    }
    expect(await ids({ service_request_id: `${b},${a},missing-id` })).toEqual([b, a])
    expect(await ids({ service_code: other })).toContain(b)
    expect(await ids({ service_code: other })).not.toContain(a)
    expect(await ids({ status: 'closed' })).toContain(b)
    expect(await ids({ status: 'open' })).not.toContain(b)
    expect(await ids({ status: 'open,closed', service_code: `${facts.category.code},${other}` })).toEqual(expect.arrayContaining([a, b]))
    expect(await ids({ end_date: new Date(Date.now() - 3_600_000).toISOString() })).not.toContain(a)
    const wide = await open311('GET', '/requests.json', { query: { start_date: '2020-01-01T00:00:00Z', end_date: '2021-01-01T00:00:00Z' } })
    expect(wide.status).toBe(400)
    expectSpec('errors', wide.body)
    expect((await open311('GET', '/requests.json', { query: { state: 'open' } })).status).toBe(400)
    expect((await open311('GET', '/requests/no-such-case.json')).status).toBe(404)
  })
})

describe('servicerequestupdates and the rest', () => {
  it('refuses a client update with 400 and changes nothing', async () => {
    const id = await postForm()
    const res = await expectNoChange(() => open311('POST', '/servicerequestupdates.json', { form: { service_request_id: id, description: '还没修' } }), 400)
    expectSpec('errors', res.body)
    expect(res.body[0].description).toMatch(/not taken here/)
  })

  it('answers an unknown path or format with a 404 in the spec\'s format', async () => {
    const res = await open311('GET', '/requests.html')
    expect(res.status).toBe(404)
    expectSpec('errors', res.body)
    expect((await open311('GET', '/nothing.json')).status).toBe(404)
  })
})

describe('a stock client that names nobody', () => {
  it('is told to name a person (or to set OPEN311_REPORT_FOR), and nothing is filed', async () => {
    const res = await expectNoChange(() => open311('POST', '/requests.json', { form: pointForm() }), 400)
    expect(res.body[0].description).toMatch(/X-On-Behalf-Of.*OPEN311_REPORT_FOR/)
  })

  it('is filed for OPEN311_REPORT_FOR where the server sets it', async () => {
    const other = await startTestApp({ OPEN311_REPORT_FOR: 'intake/intake-1' })
    try {
      const otherKey = await other.tokenFor('integration')
      const form = new URLSearchParams({ api_key: otherKey, ...pointForm() })
      const res = await fetch(`${other.url}/open311/v2/requests.json`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() })
      expect(res.status).toBe(201)
      const [created] = (await res.json()) as { service_request_id: string }[]
      const filed = CaseWithHistory.parse(await (await fetch(`${other.url}/api/v1/cases/${created!.service_request_id}`, { headers: await other.authHeaders() })).json())
      expect(filed.history[0]).toMatchObject({ action: 'report', actorRole: 'intake' })
    } finally {
      await other.close()
    }
  }, 120_000)
})
