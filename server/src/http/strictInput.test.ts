import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hasPermission } from '@shared/permissions'
import type { Role } from '@shared/roles'
import { type TestApp, startTestApp } from '../testing/testApp'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(async () => {
  await t.close()
})

async function get(path: string, role: Role = 'duty_chief'): Promise<{ status: number; message: string }> {
  const res = await fetch(`${t.url}${path}`, { headers: await t.authHeaders(role) })
  const body = (await res.json()) as { error?: { message: string } }
  return { status: res.status, message: body.error?.message ?? '' }
}

describe('whole numbers in a query', () => {
  it.each(['0x10', '1e1', '%205', '5%20', '5.0', '+5', '', '-1', '10000000000000000'])('refuses limit=%s with 422 and the reason', async (value) => {
    const res = await get(`/api/v1/cases?limit=${value}`)
    expect(res.status).toBe(422)
    expect(res.message).toMatch(/^invalid query: limit: /)
  })

  it('takes digits, and the same rule holds on every endpoint that pages', async () => {
    expect((await get('/api/v1/cases?limit=5')).status).toBe(200)
    expect((await get('/api/v1/kpi?limit=1e1')).status).toBe(422)
    expect((await get('/api/v1/workers?limit=0x10')).status).toBe(422)
    expect((await get('/api/v1/audit?before=%201', 'admin')).status).toBe(422)
    expect((await get('/api/v1/audit?before=1&limit=2', 'admin')).status).toBe(200)
  })

  it('requires since on the event stream: missing or empty is refused, not read as 0', async () => {
    expect(await get('/api/v1/events')).toEqual({ status: 422, message: expect.stringMatching(/since/) as string })
    expect(await get('/api/v1/events?since=')).toEqual({ status: 422, message: expect.stringMatching(/since: expected a whole number/) as string })
    expect((await get('/api/v1/events?since=0')).status).toBe(200)
  })
})

describe('unknown query parameters', () => {
  const samplePath = (path: string) => path.replace(/:name\b/g, 'main').replace(/:[A-Za-z]+/g, 'probe-id')
  const roleFor = (permission: string): Role =>
    (['integration', 'admin', 'duty_chief'] as const).find((r) => permission === 'public' || permission === 'authenticated' || hasPermission(r, permission as never)) ?? 'integration'

  it('are refused by every endpoint that takes none, naming the parameter', async () => {
    const bare = t.wall.api.specs.filter((s) => !s.query)
    expect(bare.length).toBeGreaterThan(10)
    for (const spec of bare) {
      const res = await fetch(`${t.url}/api/v1${samplePath(spec.path)}?probe=1`, { method: spec.method.toUpperCase(), headers: await t.authHeaders(roleFor(spec.permission)) })
      const body = (await res.json()) as { error?: { message: string } }
      expect([spec.method, spec.path, res.status, body.error?.message]).toEqual([
        spec.method,
        spec.path,
        422,
        'invalid query: unknown parameter "probe"; this endpoint takes no query parameters',
      ])
    }
  })
})
