import { afterEach, describe, expect, it } from 'vitest'
import { CasePage, CaseWithHistory } from '@shared/schemas/caseApi'
import type { AddressInfo } from 'node:net'
import { loadConfig } from '../../config'
import { loadDemoConfig } from '../demoConfig'
import { createDemo, startDemoSimulation } from '../startDemo'
import { createRandom } from '../gulou/random'
import { createLogger } from '../../core/logger'
import { createCaseLocator } from '../../cases/caseLocator'
import { type TestApp, startTestApp } from '../../testing/testApp'
import { ensureSimulatedAccounts } from './simAccounts'
import { createLiveSim } from './simLive'
import { buildSimWorld } from './simWorld'

let t: TestApp | null = null
afterEach(async () => {
  await t?.close()
  t = null
})

const getJson = async (url: string) => (await fetch(url, { headers: await t!.authHeaders() })).json() as Promise<unknown>
const allCases = async (base: string) => CasePage.parse(await getJson(`${base}/api/v1/cases?limit=200`)).items

describe('SIM configuration', () => {
  it('is on with the demo, off with SIM=0, and validated', () => {
    expect(loadDemoConfig({}).sim).toEqual({ enabled: true, reportsPerMinute: 20, backfillDays: 90 })
    expect(loadDemoConfig({ SIM: '0' }).sim.enabled).toBe(false)
    expect(loadDemoConfig({ DEMO: '0' }).sim.enabled).toBe(false)
    expect(loadDemoConfig({ SIM_RATE: '120', SIM_BACKFILL_DAYS: '0' }).sim).toMatchObject({ reportsPerMinute: 120, backfillDays: 0 })
    expect(() => loadDemoConfig({ SIM_RATE: 'lots' })).toThrow(/SIM_RATE="lots"/)
    expect(() => loadDemoConfig({ SIM_BACKFILL_DAYS: '400' })).toThrow(/SIM_BACKFILL_DAYS/)
  })

  it('starts nothing with SIM=0', async () => {
    t = await startTestApp({ SIM: '0' })
    const demo = createDemo(loadConfig({ DATA_DIR: t.dataDir }), createLogger('silent'), { DATA_DIR: t.dataDir, SIM: '0' })
    expect(await demo.startSimulation(t.wall, t.wall.httpServer.address() as AddressInfo)).toBeNull()
    await new Promise((r) => setTimeout(r, 800))
    expect(await allCases(t.url)).toEqual([])
  })

  it('back-fills a fresh store, then reports live through the API, and stops on close', async () => {
    t = await startTestApp({ SIM: '0' })
    const settings = loadDemoConfig({ SIM: '1', SIM_BACKFILL_DAYS: '1', SIM_RATE: '600' })
    const sim = await startDemoSimulation(t.wall, t.wall.httpServer.address() as AddressInfo, { sim: settings.sim, holidays: loadConfig({}).holidays, log: createLogger('silent') })
    try {
      const { backfill } = await sim.ready
      // One whole Beijing day before today, plus today so far: at least a weekend day's reports
      // (270 × 0.8 × 0.9 ≈ 194) whatever the hour the test runs; just after midnight today adds none.
      expect(backfill!.cases).toBeGreaterThan(180)
      const before = sim.live()!.stats().reported
      await new Promise((r) => setTimeout(r, 1500))
      expect(sim.live()!.stats().reported).toBeGreaterThan(before)
    } finally {
      await sim.stop()
    }
  }, 60_000)
})

describe('the history waits for the walls\' clips', () => {
  it('writes no history until beforeHistory resolves, then writes it', async () => {
    t = await startTestApp({ SIM: '0' })
    const settings = loadDemoConfig({ SIM: '1', SIM_BACKFILL_DAYS: '1', SIM_RATE: '1' })
    let release: () => void = () => undefined
    const clipsReady = new Promise<void>((resolve) => (release = resolve))
    const sim = await startDemoSimulation(t.wall, t.wall.httpServer.address() as AddressInfo, { sim: settings.sim, holidays: loadConfig({}).holidays, log: createLogger('silent'), beforeHistory: () => clipsReady })
    try {
      await new Promise((r) => setTimeout(r, 300))
      expect(t.wall.cases.lastSeq()).toBe(0)
      release()
      expect((await sim.ready).backfill!.cases).toBeGreaterThan(100)
    } finally {
      await sim.stop()
    }
  }, 60_000)

  it('stops at once while it waits', async () => {
    t = await startTestApp({ SIM: '0' })
    const settings = loadDemoConfig({ SIM: '1', SIM_BACKFILL_DAYS: '1' })
    const sim = await startDemoSimulation(t.wall, t.wall.httpServer.address() as AddressInfo, { sim: settings.sim, holidays: loadConfig({}).holidays, log: createLogger('silent'), beforeHistory: () => new Promise(() => undefined) })
    await sim.stop()
    expect(await sim.ready).toEqual({ backfill: null })
    expect(t.wall.cases.lastSeq()).toBe(0)
  })
})

describe('the live simulation', () => {
  it('drives cases through the whole loop over HTTP, as the actors it plays', async () => {
    t = await startTestApp({ SIM: '0' })
    const world = buildSimWorld(t.wall.reference, createCaseLocator(t.wall.reference))
    // As simulation.ts does before the live loop: the people it acts for exist.
    expect(ensureSimulatedAccounts(t.wall.db, world, t.wall.reference)).toBeGreaterThan(10)
    expect(ensureSimulatedAccounts(t.wall.db, world, t.wall.reference)).toBe(0)
    const live = createLiveSim({
      baseUrl: t.url,
      token: await t.tokenFor('integration'),
      world,
      rng: createRandom(5),
      log: createLogger('silent'),
      reportsPerMinute: 600,
      speedup: 1_000_000,
      tickMs: 20,
      minDelayMs: 20,
    })
    await live.start()
    let done: CaseWithHistory | null = null
    try {
      const end = Date.now() + 25_000
      while (!done && Date.now() < end) {
        await new Promise((r) => setTimeout(r, 250))
        const closed = (await allCases(t.url)).filter((c) => c.state === 'closed' || c.state === 'evaluated')
        for (const c of closed) {
          const full = CaseWithHistory.parse(await getJson(`${t.url}/api/v1/cases/${c.id}`))
          const actions = full.history.map((h) => h.action)
          if (['report', 'file', 'dispatch', 'accept', 'feedback', 'close'].every((a) => actions.includes(a as never))) {
            done = full
            break
          }
        }
      }
    } finally {
      await live.stop()
    }
    expect(done).not.toBeNull()
    const by = (action: string) => done!.history.find((h) => h.action === action)!
    expect(by('file')).toMatchObject({ actorId: 'sim-intake-1', actorRole: 'intake' })
    expect(by('dispatch')).toMatchObject({ actorId: 'sim-dispatch-1', actorRole: 'dispatcher' })
    expect(['unit_handler', 'grid_worker', 'community_operator']).toContain(by('feedback').actorRole)
    expect(by('feedback').photos.length).toBeGreaterThan(0)
    const reporterRole = { terminal: 'grid_worker', hotline: 'intake', camera: 'intake', district: 'intake', walk_in: 'community_operator', patrol: 'unit_handler' }
    expect(by('report').actorRole).toBe(reporterRole[done!.source])
    expect(live.stats().transitions).toBeGreaterThan(5)
  }, 60_000)
})
