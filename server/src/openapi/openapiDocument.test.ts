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
