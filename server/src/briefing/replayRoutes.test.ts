import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TransitionAction } from '@shared/caseMachine'
import { beijingDay, shiftDay } from '@shared/rules/beijingTime'
import type { Role } from '@shared/roles'
import { Case } from '@shared/schemas/case'
import { CaseWithHistory } from '@shared/schemas/caseApi'
import { ReplayTimeline } from '@shared/schemas/replay'
import { type Call, type DemoFacts, caller, demoFacts, reportBody } from '../cases/caseTestHelpers'
import { type TestApp, startTestApp } from '../testing/testApp'

let t: TestApp
let call: Call
/** A leader, who reads the briefing (the integration files and works the cases). */
let leader: Call
let facts: DemoFacts
const today = beijingDay(new Date())
const ids: string[] = []

async function reportAndWalk(steps: [TransitionAction, Role, Record<string, unknown>?][]): Promise<Case> {
  const res = await call('POST', '/api/v1/cases', { as: 'intake', body: reportBody(facts) })
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  let c = Case.parse(res.body)
  for (const [action, as, extra] of steps) {
    const next = await call('POST', `/api/v1/cases/${c.id}/transitions`, { as, body: { action, version: c.version, ...extra } })
    expect(next.status, `${action}: ${JSON.stringify(next.body)}`).toBe(200)
    c = Case.parse(next.body)
  }
  ids.push(c.id)
  return c
}

const replay = async (query: string) => {
  const res = await leader('GET', `/api/v1/replay?${query}`)
  expect(res.status, JSON.stringify(res.body)).toBe(200)
  return ReplayTimeline.parse(res.body)
}

beforeAll(async () => {
  t = await startTestApp()
  call = caller(t.url, await t.tokenFor('integration'))
  leader = caller(t.url, await t.tokenFor('leader'))
  facts = await demoFacts(call)
  await reportAndWalk([])
  await reportAndWalk([['file', 'intake']])
  await reportAndWalk([['reject', 'intake', { reason: '重复上报' }]])
}, 120_000)
afterAll(async () => {
  await t.close()
})

describe('GET /api/v1/replay', () => {
  it("answers today's cases with each state change as the case history has it, a case rejected since included", async () => {
    const timeline = await replay(`from=${today}&to=${today}`)
    expect(timeline.startAt).toBe(Date.parse(`${today}T00:00:00+08:00`))
    expect(timeline.endAt).toBeLessThanOrEqual(Date.now())
    expect(timeline.cases.map((c) => c[0]).sort()).toEqual([...ids].sort())
    for (const [id, lng, lat, steps] of timeline.cases) {
      const c = CaseWithHistory.parse((await call('GET', `/api/v1/cases/${id}`)).body)
      expect([lng, lat]).toEqual([c.location.lng, c.location.lat])
      expect(steps).toEqual(c.history.filter((h) => h.from !== h.to).map((h) => [Date.parse(h.at), h.to]))
    }
  })

  it('leaves out cases reported after the period and cases outside the asked scope', async () => {
    expect((await replay(`from=${shiftDay(today, -3)}&to=${shiftDay(today, -1)}`)).cases).toEqual([])
    const other = facts.grids.find((g) => g.communityId !== facts.grids[0]!.communityId)!
    expect((await replay(`from=${today}&to=${today}&scope=community:${other.communityId}`)).cases).toEqual([])
    expect((await replay(`from=${today}&to=${today}&scope=grid:${facts.grids[0]!.id}`)).cases).toHaveLength(3)
  })

  it('is for who answers for the street: a community station is refused', async () => {
    const station = caller(t.url, await t.tokenFor('community_operator', { communityId: facts.grids[0]!.communityId }))
    const res = await station('GET', `/api/v1/replay?from=${today}&to=${today}`)
    expect(res.status).toBe(403)
  })

  it.each([
    ['from=2026-01-01&to=2026-02-01', /at most 31/],
    ['from=2026-01-10&to=2026-01-01', /after/],
    ['from=2026-02-30&to=2026-03-01', /not a calendar day/],
    ['to=2026-01-01', /from/],
    ['from=2026-01-01&to=2026-01-02&scope=grid:', /scope/],
    ['from=2026-01-01&to=2026-01-02&scope=grid:no-such-grid', /no grid "no-such-grid"/],
    ['from=2999-01-01&to=2999-01-02', /not begun/],
  ])('refuses %s with 422 and the reason', async (query, message) => {
    const res = await leader('GET', `/api/v1/replay?${query}`)
    expect(res.status).toBe(422)
    expect(res.body.error.message).toMatch(message)
  })
})
