import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type TestApp, startTestApp } from '../testing/testApp'
import { toOpenApiPath } from './openapiDocument'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(async () => {
  await t.close()
})

interface Layer {
  route?: { path: string; methods: Record<string, boolean> }
}

/** Every route mounted on the API router, read from Express itself rather than from our declarations. */
function mountedRoutes(): string[] {
  const stack = (t.wall.api.router as unknown as { stack: Layer[] }).stack
  return stack.flatMap((layer) =>
    layer.route ? Object.keys(layer.route.methods).map((m) => `${m} /api/v1${toOpenApiPath(layer.route?.path ?? '')}`) : [],
  )
}

describe('OpenAPI document', () => {
  it('documents every mounted API route', async () => {
    const doc = (await (await fetch(`${t.url}/api/v1/openapi.json`, { headers: await t.authHeaders() })).json()) as { openapi: string; paths: Record<string, Record<string, unknown>> }
    expect(doc.openapi).toMatch(/^3\./)
    const documented = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m} ${p}`))
    const mounted = mountedRoutes()
    expect(mounted.length).toBeGreaterThan(8)
    expect(mounted.filter((r) => !documented.includes(r))).toEqual([])
  })

  it('says how each operation authenticates, and which headers it takes', async () => {
    type Op = { security: Record<string, string[]>[]; parameters: { name: string; in: string }[] }
    const doc = (await (await fetch(`${t.url}/api/v1/openapi.json`, { headers: await t.authHeaders() })).json()) as {
      components: { securitySchemes: Record<string, Record<string, string>> }
      paths: Record<string, Record<string, Op>>
    }
    expect(doc.components.securitySchemes).toEqual({
      bearerToken: expect.objectContaining({ type: 'http', scheme: 'bearer' }) as object,
      sessionCookie: expect.objectContaining({ type: 'apiKey', in: 'cookie', name: 'gulou_session' }) as object,
      csrfToken: expect.objectContaining({ type: 'apiKey', in: 'header', name: 'X-CSRF-Token' }) as object,
    })
    const op = (method: string, path: string) => doc.paths[`/api/v1${path}`]![method]!
    const headers = (o: Op) => o.parameters.filter((p) => p.in === 'header').map((p) => p.name)
    expect(op('get', '/health').security).toEqual([])
    expect(op('post', '/auth/login').security).toEqual([])
    expect(op('get', '/cases').security).toEqual([{ bearerToken: [] }, { sessionCookie: [] }])
    expect(op('post', '/cases').security).toEqual([{ bearerToken: [] }, { sessionCookie: [], csrfToken: [] }])
    expect(headers(op('post', '/cases'))).toEqual(['X-CSRF-Token', 'Idempotency-Key', 'X-On-Behalf-Of'])
    expect(headers(op('post', '/cases/{id}/transitions'))).toEqual(['X-CSRF-Token', 'X-On-Behalf-Of'])
    expect(headers(op('post', '/cases/{id}/evidence'))).toEqual(['X-CSRF-Token', 'X-On-Behalf-Of'])
    expect(headers(op('get', '/cases'))).toEqual([])
  })

  it('lists null in every nullable enum, as OpenAPI 3.0 requires for a null to validate', async () => {
    const text = await (await fetch(`${t.url}/api/v1/openapi.json`, { headers: await t.authHeaders() })).text()
    const enums: unknown[][] = []
    JSON.parse(text, (_key, value: unknown) => {
      const node = value as { nullable?: boolean; enum?: unknown[] } | null
      if (node && typeof node === 'object' && node.nullable === true && Array.isArray(node.enum)) enums.push(node.enum)
      return value
    })
    expect(enums.length).toBeGreaterThanOrEqual(18)
    expect(enums.filter((e) => !e.includes(null))).toEqual([])
  })

  it('describes responses with the shared schemas', async () => {
    const doc = (await (await fetch(`${t.url}/api/v1/openapi.json`, { headers: await t.authHeaders() })).json()) as {
      paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>>
    }
    const grids = doc.paths['/api/v1/grids']?.['get']?.responses['200']?.content?.['application/json']?.schema
    expect(JSON.stringify(grids)).toContain('communityId')
    const workers = doc.paths['/api/v1/workers']?.['get'] as unknown as { parameters: { name: string }[] }
    expect(workers.parameters.map((p) => p.name)).toEqual(expect.arrayContaining(['gridId', 'cursor', 'limit']))
  })
})
