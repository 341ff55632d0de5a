import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Suggestions } from '@shared/schemas/deskApi'
import type { LngLat } from '@shared/schemas/geo'
import type { Worker } from '@shared/schemas/reference'
import { type Call, type DemoFacts, caller, demoFacts } from '../cases/caseTestHelpers'
import { type TestApp, startTestApp } from '../testing/testApp'

/**
 * The suggestion's on-duty workers come from their terminals' fixes (issue 16): a worker with a
 * fresh fix is on duty and measured from it; one without keeps their grid's distance, not on duty.
 */
let t: TestApp
let gateway: Call
let chief: Call
let facts: DemoFacts
let workers: Worker[]

beforeAll(async () => {
  t = await startTestApp()
  gateway = caller(t.url, await t.tokenFor('integration'))
  chief = caller(t.url, await t.tokenFor('duty_chief'))
  facts = await demoFacts(gateway)
  workers = t.wall.reference.workers({ gridId: facts.grids[0]!.id, limit: 50 }).items
}, 120_000)
afterAll(async () => {
  await t.close()
})

const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString()
const offset = (p: LngLat, metresEast: number): LngLat => ({ lng: p.lng + metresEast / (111_320 * Math.cos((p.lat * Math.PI) / 180)), lat: p.lat })
async function postFix(worker: Worker, location: LngLat, minutesAgo = 0) {
  const res = await gateway('POST', '/api/v1/positions', { body: { location, accuracyM: 5, at: at(minutesAgo) }, as: 'grid_worker', actorId: worker.id })
  expect(res.status, JSON.stringify(res.body)).toBe(201)
}

async function waitingCase(source: 'hotline' | 'camera') {
  const body = { source, categoryCode: facts.category.code, title: '占道经营', address: '鼓楼东大街', location: facts.grids[0]!.point }
  const created = (await chief('POST', '/api/v1/cases', { body })).body as { id: string; version: number }
  const filed = await chief('POST', `/api/v1/cases/${created.id}/transitions`, { body: { action: 'file', version: created.version } })
  expect(filed.status, JSON.stringify(filed.body)).toBe(200)
  return created.id
}

describe('the suggestion and the workers on duty', () => {
  it('offers the nearest on-duty worker first among the workers, measured from the fix; a stale fix or none is not on duty', async () => {
    expect(workers.length).toBeGreaterThanOrEqual(4)
    const [near, far, stale] = [workers[0]!, workers[1]!, workers[2]!]
    const spot = facts.grids[0]!.point
    await postFix(near, offset(spot, 40))
    await postFix(far, offset(spot, 900))
    await postFix(stale, offset(spot, 10), 6)
    const id = await waitingCase('hotline')
    const s = Suggestions.parse((await chief('GET', `/api/v1/cases/${id}/suggestions?limit=50`)).body)
    const ofWorkers = s.candidates.filter((c) => c.assignee.kind === 'worker')
    expect(ofWorkers[0]!.assignee.id).toBe(near.id)
    expect(ofWorkers[0]!.distanceM).toBeGreaterThan(30)
    expect(ofWorkers[0]!.distanceM).toBeLessThan(50)
    expect(ofWorkers[0]!.text.zh).toMatch(/^本网格网格员 · 在岗 · 距离 4\d 米/)
    expect(ofWorkers[1]!.assignee.id).toBe(far.id)
    const onDuty = ofWorkers.filter((c) => c.reasons.some((r) => r.kind === 'on_duty')).map((c) => c.assignee.id)
    expect(onDuty.sort()).toEqual([near.id, far.id].sort())
    // Without a fresh fix: still offered, at the grid's distance, not on duty.
    for (const id of [stale.id, workers[3]!.id]) {
      const c = ofWorkers.find((w) => w.assignee.id === id)!
      expect(c.reasons.map((r) => r.kind), id).not.toContain('on_duty')
      expect(c.distanceM, id).toEqual(expect.any(Number))
    }
    // Any other source keeps the responsible unit first.
    expect(s.candidates[0]!.responsible).toBe(true)
  })

  it('puts the on-duty worker above the responsible unit for a case found on video', async () => {
    await postFix(workers[0]!, facts.grids[0]!.point)
    const id = await waitingCase('camera')
    const s = Suggestions.parse((await chief('GET', `/api/v1/cases/${id}/suggestions?limit=5`)).body)
    expect(s.candidates[0]!.assignee).toEqual({ kind: 'worker', id: workers[0]!.id })
  })
})
