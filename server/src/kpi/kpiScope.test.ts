import { type Socket, io } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ClientToServerEvents, ServerToClientEvents } from '@shared/events'
import { KpiChanged, KpiReport } from '@shared/schemas/kpi'
import { type Call, type DemoFacts, caller, demoFacts, reportBody } from '../cases/caseTestHelpers'
import { type TestApp, startTestApp } from '../testing/testApp'
import Database from 'better-sqlite3'
import { MIGRATIONS, runMigrations } from '../store/migrations'
import { COUNTER_INDEX, type KpiKeys, emptyVector, newFacts } from './kpiCounters'
import { kpiScopeReader } from './kpiScope'
import { type KpiCaseRow, createKpiStore } from './kpiStore'

let t: TestApp
let desk: Call
let facts: DemoFacts
/** Two grids of one community and one grid of another. */
let mine: DemoFacts['grids'][number]
let mineToo: DemoFacts['grids'][number]
let other: DemoFacts['grids'][number]

beforeAll(async () => {
  t = await startTestApp()
  // The duty chief reports in their own name: no integration needed for these cases.
  desk = caller(t.url, await t.tokenFor('duty_chief'))
  facts = await demoFacts(desk)
  mine = facts.grids[0]!
  mineToo = facts.grids.find((g) => g !== mine && g.communityId === mine.communityId)!
  other = facts.grids.find((g) => g.communityId !== mine.communityId)!
  for (const [grid, n] of [[mine, 2], [mineToo, 1], [other, 3]] as const) {
    for (let i = 0; i < n; i++) {
      const res = await desk('POST', '/api/v1/cases', { body: reportBody(facts, { location: grid.point, title: `报告 ${grid.id} ${i}` }) })
      expect(res.status).toBe(201)
    }
  }
}, 120_000)
afterAll(async () => {
  await t.close()
})

const kpiAs = async (headers: Record<string, string>, query: string) => {
  const res = await fetch(`${t.url}/api/v1/kpi?${query}`, { headers })
  expect(res.status).toBe(200)
  return KpiReport.parse(await res.json())
}

describe("a scoped account's KPIs", () => {
  it("a community station's answer counts only its community, whatever it asks", async () => {
    const station = await t.authHeaders('community_operator', { communityId: mine.communityId })
    const street = await kpiAs(await t.authHeaders('duty_chief'), 'groupBy=grid')
    expect(street.total.counts.reports).toBe(6)

    const own = await kpiAs(station, 'groupBy=grid')
    expect(own.total.counts.reports).toBe(3)
    expect(own.total.byState.pending_filing).toBe(3)
    expect(own.groups.map((g) => [g.key, g.figures.counts.reports])).toEqual([
      [mine.id, 2],
      [mineToo.id, 1],
    ])
    expect(own.byChannel.find((c) => c.source === 'terminal')?.reports).toBe(3)
    expect(own.topCategories).toEqual([expect.objectContaining({ code: facts.category.code, reports: 3 })])

    // Grouped by its own dimension it is one community; by community it cannot see the others.
    const byCommunity = await kpiAs(station, 'groupBy=community')
    expect(byCommunity.groups.map((g) => [g.key, g.figures.counts.reports])).toEqual([[mine.communityId, 3]])
    const byDay = await kpiAs(station, 'groupBy=day')
    expect(byDay.groups.reduce((n, g) => n + g.figures.counts.reports, 0)).toBe(3)
  })

  it('refuses a parameter that would widen the scope, and a station without a community sees nothing', async () => {
    const station = await t.authHeaders('community_operator', { communityId: mine.communityId })
    const widened = await fetch(`${t.url}/api/v1/kpi?communityId=${other.communityId}`, { headers: station })
    expect(widened.status).toBe(422)
    const unset = await kpiAs(await t.authHeaders('community_operator'), 'groupBy=grid')
    expect(unset.total.counts.reports).toBe(0)
    expect(unset.groups).toEqual([])
  })

  it("pushes each scope its own live figures: the station its community's, the center the street's", async () => {
    const connect = async (headers: Record<string, string>) => {
      const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(t.url, { transports: ['websocket'], reconnection: false, extraHeaders: headers })
      const pushes: KpiChanged[] = []
      socket.on('kpi:changed', (p) => pushes.push(KpiChanged.parse(p)))
      await new Promise((r) => socket.once('connect', () => r(null)))
      return { socket, pushes }
    }
    const station = await connect(await t.authHeaders('community_operator', { communityId: mine.communityId }))
    const center = await connect(await t.authHeaders('duty_chief'))
    try {
      const res = await desk('POST', '/api/v1/cases', { body: reportBody(facts, { location: other.point, title: '另一社区' }) })
      expect(res.status).toBe(201)
      await expect.poll(() => center.pushes.at(-1)?.today.figures.counts.reports, { timeout: 5000 }).toBe(7)
      await expect.poll(() => station.pushes.at(-1)?.today.figures.counts.reports, { timeout: 5000 }).toBe(3)
    } finally {
      station.socket.disconnect()
      center.socket.disconnect()
    }
  })
})

describe('a scope reads its own case rows', () => {
  const row = (id: string, keys: Partial<KpiKeys>, reports = 1): [string, KpiCaseRow] => {
    const counted = Array.from(emptyVector())
    counted[COUNTER_INDEX.reports] = reports
    const full: KpiKeys = { day: '2026-03-01', grid: 'G01', community: 'C01', category: '0101', source: 'terminal', unit: '-', ...keys }
    return [id, { keys: full, facts: newFacts(), counted }]
  }
  const store = () => {
    const db = new Database(':memory:')
    runMigrations(db)
    const s = createKpiStore(db)
    s.commit(
      new Map([
        row('a', { unit: 'unit:U07' }),
        row('b', { unit: 'unit:U07', community: 'C02', grid: 'G09', day: '2026-03-02' }),
        row('c', { unit: 'team:U07' }),
        row('d', { community: 'C02', grid: 'G09', day: '2026-02-27' }),
      ]),
      new Map(),
      4,
    )
    return s
  }

  it("counts a unit's cases by its unit key, never a team's of the same id", () => {
    const unit = kpiScopeReader(store(), { kind: 'unit', id: 'U07' })
    expect(unit.total('2026-03-01', '2026-03-31')[COUNTER_INDEX.reports]).toBe(2)
    expect([...unit.reportsByKey('community', '2026-03-01', '2026-03-31')]).toEqual([
      ['C01', 1],
      ['C02', 1],
    ])
    expect([...unit.sumByDay('2026-03-01', '2026-03-31').keys()].sort()).toEqual(['2026-03-01', '2026-03-02'])
  })

  it('gives rows counted before the scope columns existed their columns, from their own keys', () => {
    const db = new Database(':memory:')
    runMigrations(db, MIGRATIONS.filter((m) => m.version < 8))
    db.prepare('INSERT INTO kpi_cases (case_id, data) VALUES (?, ?)').run('old', JSON.stringify(row('old', { community: 'C05' })[1]))
    runMigrations(db)
    expect(createKpiStore(db).scopeRows('community', 'C05', '2026-03-01', '2026-03-01').map((r) => r.keys.community)).toEqual(['C05'])
  })

  it('reads only the days asked, and nothing for a scope without its id', () => {
    const s = store()
    const community = kpiScopeReader(s, { kind: 'community', id: 'C02' })
    expect(community.total('2026-03-01', '2026-03-31')[COUNTER_INDEX.reports]).toBe(1)
    expect(community.total('2026-02-01', '2026-03-31')[COUNTER_INDEX.reports]).toBe(2)
    expect(kpiScopeReader(s, { kind: 'grid', id: null }).total('2026-02-01', '2026-03-31')[COUNTER_INDEX.reports]).toBe(0)
  })
})
