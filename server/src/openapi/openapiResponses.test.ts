import { Ajv, type ValidateFunction } from 'ajv'
import addFormatsModule from 'ajv-formats'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Role } from '@shared/roles'
import { Case } from '@shared/schemas/case'
import { type Call, type DemoFacts, caller, demoFacts, reportBody } from '../cases/caseTestHelpers'
import { type TestApp, startTestApp } from '../testing/testApp'

// ajv-formats is CommonJS: its function is the default export under some loaders, the module under others.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as typeof addFormatsModule

interface Operation {
  responses: Record<string, { content?: Record<string, { schema: object }> }>
}
interface Document {
  paths: Record<string, Record<string, Operation>>
}

let t: TestApp
let doc: Document
let call: Call
let facts: DemoFacts
const ajv = new Ajv({ strict: true, allErrors: true })
addFormats(ajv)
const compiled = new Map<object, ValidateFunction>()

beforeAll(async () => {
  t = await startTestApp()
  call = caller(t.url, await t.tokenFor('integration'))
  facts = await demoFacts(call)
  doc = (await (await fetch(`${t.url}/api/v1/openapi.json`, { headers: await t.authHeaders() })).json()) as Document
}, 120_000)
afterAll(async () => {
  await t.close()
})

/**
 * OpenAPI 3.0's one schema keyword that JSON Schema reads otherwise: a boolean `exclusiveMinimum`
 * / `exclusiveMaximum` beside `minimum` / `maximum` (draft 4), where JSON Schema takes the bound itself.
 * Everything else, `nullable` included, ajv reads as OpenAPI means it.
 */
function asJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(asJsonSchema)
  if (node === null || typeof node !== 'object') return node
  const out: Record<string, unknown> = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, k === 'enum' || k === 'default' ? v : asJsonSchema(v)]))
  for (const [flag, bound] of [['exclusiveMinimum', 'minimum'], ['exclusiveMaximum', 'maximum']] as const) {
    if (typeof out[flag] !== 'boolean') continue
    if (out[flag]) out[flag] = out[bound]
    else delete out[flag]
    if (out[flag] !== undefined) delete out[bound]
  }
  return out
}

interface Checked {
  operation: string
  status: number
  errors: string[]
}

/** Send a real request, then validate its JSON answer with the schema the document gives that operation and status. */
async function check(method: 'get' | 'post', template: string, url: string, options: { role?: Role; body?: unknown; as?: Role } = {}): Promise<Checked> {
  const headers: Record<string, string> = { ...(await t.authHeaders(options.role ?? 'duty_chief')) }
  if (options.as) headers['x-on-behalf-of'] = `${options.as}/${options.as}-1`
  if (options.body !== undefined) headers['content-type'] = 'application/json'
  const res = await fetch(`${t.url}${url}`, { method: method.toUpperCase(), headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) })
  const body: unknown = await res.json()
  const operation = `${method} ${template}`
  const responses = doc.paths[template]?.[method]?.responses
  if (!responses) return { operation, status: res.status, errors: ['not in the document'] }
  const schema = (responses[String(res.status)] ?? responses['default'])?.content?.['application/json']?.schema
  if (!schema) return { operation, status: res.status, errors: [`no schema for ${res.status}`] }
  let validate = compiled.get(schema)
  if (!validate) compiled.set(schema, (validate = ajv.compile(asJsonSchema(schema) as object)))
  const ok = validate(body)
  return { operation, status: res.status, errors: ok ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''} ${JSON.stringify(e.params)}`) }
}

describe('real answers against the OpenAPI document (ajv, strict, with formats)', () => {
  it('validate for a sample of operations, nullable enums and all', async () => {
    const created = await check('post', '/api/v1/cases', '/api/v1/cases', { role: 'integration', as: 'grid_worker', body: reportBody(facts) })
    const list = (await call('GET', '/api/v1/cases?limit=1')).body as { items: Case[] }
    const c = Case.parse(list.items[0])
    // A case further along the loop has its nullable fields filled (assignee, satisfaction, …).
    const filed = await check('post', '/api/v1/cases/{id}/transitions', `/api/v1/cases/${c.id}/transitions`, { role: 'integration', as: 'intake', body: { action: 'file', version: c.version } })
    if (facts.urgentCategory) await call('POST', '/api/v1/cases', { as: 'intake', body: reportBody(facts, { categoryCode: facts.urgentCategory.code, reporterPhone: null, reporterName: null }) })

    const results: Checked[] = [
      created,
      filed,
      await check('get', '/api/v1/health', '/api/v1/health'),
      await check('get', '/api/v1/cases', '/api/v1/cases?limit=20'),
      await check('get', '/api/v1/cases/{id}', `/api/v1/cases/${c.id}`),
      await check('get', '/api/v1/cases/{id}', '/api/v1/cases/no-such-case'),
      await check('get', '/api/v1/events', '/api/v1/events?since=0'),
      await check('get', '/api/v1/kpi', '/api/v1/kpi'),
      await check('get', '/api/v1/kpi', '/api/v1/kpi?groupBy=grid'),
      await check('get', '/api/v1/walls/{name}', '/api/v1/walls/main'),
      await check('get', '/api/v1/cameras', '/api/v1/cameras'),
      await check('get', '/api/v1/grids', '/api/v1/grids'),
      await check('get', '/api/v1/categories', '/api/v1/categories'),
      await check('get', '/api/v1/workers', '/api/v1/workers?limit=5'),
      await check('get', '/api/v1/auth/me', '/api/v1/auth/me'),
      await check('get', '/api/v1/users', '/api/v1/users', { role: 'admin' }),
      await check('get', '/api/v1/audit', '/api/v1/audit?limit=20', { role: 'admin' }),
    ]
    expect(results.filter((r) => r.errors.length)).toEqual([])
    const succeeded = new Set(results.filter((r) => r.status < 300).map((r) => r.operation))
    expect(succeeded.size).toBeGreaterThanOrEqual(12)
    expect(results.find((r) => r.operation === 'get /api/v1/cases/{id}' && r.status === 404)).toBeDefined()
  })
})
