import { type Socket, io } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ClientToServerEvents, ServerToClientEvents } from '@shared/events'
import { KpiChanged, KpiReport } from '@shared/schemas/kpi'
import { type Call, type DemoFacts, caller, demoFacts, reportBody } from '../cases/caseTestHelpers'
import { MIGRATIONS } from '../store/migrations'
import { type TestApp, startTestApp } from '../testing/testApp'
import { COUNTERS } from './kpiCounters'
import { splitRange } from './kpiStore'
import { resolveRange, yearBefore } from './kpiRanges'

let t: TestApp
let call: Call
let facts: DemoFacts

beforeAll(async () => {
  t = await startTestApp()
  call = caller(t.url, await t.tokenFor('integration'))
  facts = await demoFacts(call)
}, 120_000)
afterAll(async () => {
  await t.close()
})

describe('GET /api/v1/kpi', () => {
  it('includes a case reported just before the request, grouped as asked', async () => {
    const created = await call('POST', '/api/v1/cases', { as: 'grid_worker', body: reportBody(facts) })
    expect(created.status).toBe(201)
    const res = await call('GET', '/api/v1/kpi?groupBy=grid')
    expect(res.status).toBe(200)
    const report = KpiReport.parse(res.body)
    expect(report.days).toBe(30)
    expect(report.total.counts.reports).toBe(1)
    expect(report.total.byState.pending_filing).toBe(1)
    expect(report.groups).toEqual([expect.objectContaining({ key: facts.grids[0]!.id, label: expect.any(String) as string })])
    expect(report.byChannel.find((c) => c.source === 'terminal')?.reports).toBe(1)
    expect(report.previous.figures.counts.reports).toBe(0)
    expect(report.previous.figures.rates.filing).toBeNull()
  })

  it.each([
    ['from=2026-01-10&to=2026-01-01', /after/],
    ['from=2026-02-30&to=2026-03-01', /not a calendar day/],
    ['from=2000-01-01&to=2026-01-01', /at most 3660/],
    ['groupBy=street', /groupBy/],
    ['groupBy=grid&limit=0', /limit/],
    ['from=yesterday', /YYYY-MM-DD/],
    ['group=grid', /unknown parameter "group"; this endpoint takes from, to, groupBy, limit/],
  ])('refuses %s with 422', async (query, message) => {
    const res = await call('GET', `/api/v1/kpi?${query}`)
    expect(res.status).toBe(422)
    expect(res.body.error.message).toMatch(message)
  })

  it('is in the OpenAPI document', async () => {
    const doc = (await call('GET', '/api/v1/openapi.json')).body as { paths: Record<string, unknown> }
    expect(doc.paths).toHaveProperty('/api/v1/kpi')
  })
})

describe('kpi:changed', () => {
  it('pushes today and this month after a change, at most once a second, and nothing when quiet', async () => {
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(t.url, { transports: ['websocket'], reconnection: false, extraHeaders: await t.authHeaders('leader') })
    const pushes: KpiChanged[] = []
    socket.on('kpi:changed', (p) => pushes.push(KpiChanged.parse(p)))
    await new Promise((r) => socket.once('connect', () => r(null)))
    try {
      // Let a push for anything that happened before connecting go by.
      await new Promise((r) => setTimeout(r, 1200))
      pushes.length = 0
      for (let i = 0; i < 5; i++) {
        const point = { lng: facts.grids[1]!.point.lng, lat: facts.grids[1]!.point.lat }
        await call('POST', '/api/v1/cases', { as: 'grid_worker', body: reportBody(facts, { location: point, title: `报告 ${i}` }) })
      }
      await new Promise((r) => setTimeout(r, 1300))
      expect(pushes.length).toBeGreaterThanOrEqual(1)
      expect(pushes.length).toBeLessThanOrEqual(2)
      const last = pushes[pushes.length - 1]!
      expect(last.today.figures.counts.reports).toBeGreaterThanOrEqual(6)
      expect(last.month.figures.counts.reports).toBeGreaterThanOrEqual(last.today.figures.counts.reports)
      pushes.length = 0
      await new Promise((r) => setTimeout(r, 1300))
      expect(pushes).toEqual([])
    } finally {
      socket.disconnect()
    }
  })
})

describe('ranges and storage', () => {
  it('splits a range into edge days and whole months', () => {
    expect(splitRange('2026-01-15', '2026-04-10')).toEqual({
      days: [
        ['2026-01-15', '2026-01-31'],
        ['2026-04-01', '2026-04-10'],
      ],
      months: ['2026-02', '2026-03'],
    })
    expect(splitRange('2026-02-01', '2026-02-28')).toEqual({ days: [], months: ['2026-02', '2026-02'] })
    expect(splitRange('2026-02-02', '2026-02-27')).toEqual({ days: [['2026-02-02', '2026-02-27']], months: null })
    expect(splitRange('2025-12-01', '2026-01-31')).toEqual({ days: [], months: ['2025-12', '2026-01'] })
  })
  it('compares with the same days a year before, 29 February with the 28th', () => {
    expect(yearBefore('2028-02-29')).toBe('2027-02-28')
    expect(yearBefore('2026-03-01')).toBe('2025-03-01')
    expect(resolveRange(undefined, '2026-03-31', new Date())).toEqual({ from: '2026-03-02', to: '2026-03-31', days: 30 })
  })
  it('creates exactly the counter columns the projector writes', async () => {
    const { default: Database } = await import('better-sqlite3')
    const db = new Database(':memory:')
    for (const m of MIGRATIONS) db.exec(m.sql)
    for (const table of ['kpi_day', 'kpi_month']) {
      const columns = (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name)
      expect(columns).toEqual(['dim', 'key', 'period', ...COUNTERS])
    }
    db.close()
  })
})
