import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TransitionAction } from '@shared/caseMachine'
import { QUEUES_BY_ROLE } from '@shared/rules/deskQueues'
import type { Role } from '@shared/roles'
import { Case } from '@shared/schemas/case'
import { type DeskQueueName, DeskQueues, Suggestions } from '@shared/schemas/deskApi'
import { KpiBounces } from '@shared/schemas/kpi'
import { type Call, type DemoFacts, caller, demoFacts, reportBody } from '../cases/caseTestHelpers'
import { type TestApp, type TestScope, startTestApp } from '../testing/testApp'

let t: TestApp
let call: Call
let facts: DemoFacts
/** The unit the test category's 小类 makes responsible. */
let responsibleUnit: string
/** A grid of another community than the one the cases are reported in. */
let elsewhere: { communityId: string }

const why = { reason: '不属于本单位职责' }

async function report(): Promise<Case> {
  const res = await call('POST', '/api/v1/cases', { as: 'intake', body: reportBody(facts) })
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  return Case.parse(res.body)
}

/** Walk a case through the steps, each answer checked. */
async function walk(start: Case, steps: [TransitionAction, Role, Record<string, unknown>?][]): Promise<Case> {
  let c = start
  for (const [action, as, extra] of steps) {
    const res = await call('POST', `/api/v1/cases/${c.id}/transitions`, { as, body: { action, version: c.version, ...extra } })
    expect(res.status, `${action}: ${JSON.stringify(res.body)}`).toBe(200)
    c = Case.parse(res.body)
  }
  return c
}

const toUnit = (id: string) => ({ assignee: { kind: 'unit', id } })

async function get(path: string, role: Role = 'duty_chief', scope?: TestScope): Promise<{ status: number; body: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any -- parsed by each test
  const res = await fetch(`${t.url}/api/v1${path}`, { headers: await t.authHeaders(role, scope) })
  return { status: res.status, body: await res.json() }
}

async function queues(role: Role = 'duty_chief', scope?: TestScope, query = ''): Promise<DeskQueues> {
  const res = await get(`/desk/queues${query}`, role, scope)
  expect(res.status, JSON.stringify(res.body)).toBe(200)
  return DeskQueues.parse(res.body)
}

const idsIn = (q: DeskQueues, name: DeskQueueName) => q.queues.find((x) => x.queue === name)!.items.map((c) => c.id)

let waiting: Case
let toDispatch: Case
let bounced: Case
let held: Case
let again: Case

beforeAll(async () => {
  t = await startTestApp()
  call = caller(t.url, await t.tokenFor('integration'))
  facts = await demoFacts(call)
  responsibleUnit = facts.category.unitId
  elsewhere = facts.grids.find((g) => g.communityId !== facts.grids[0]!.communityId)!
  waiting = await report()
  toDispatch = await walk(await report(), [['file', 'intake']])
  // Returned twice: 推诿, on the path responsible unit → team.
  bounced = await walk(await report(), [
    ['file', 'intake'],
    ['dispatch', 'dispatcher', toUnit(responsibleUnit)],
    ['return_to_dispatch', 'unit_handler', why],
    ['dispatch', 'dispatcher', { assignee: { kind: 'team', id: facts.teamId } }],
    ['return_to_dispatch', 'unit_handler', why],
  ])
  held = await walk(await report(), [
    ['file', 'intake'],
    ['dispatch', 'dispatcher', toUnit(responsibleUnit)],
  ])
  // Returned once by the unit and sent back to it: once is not 推诿, and the re-dispatch ends 被退回.
  again = await walk(await report(), [
    ['file', 'intake'],
    ['dispatch', 'dispatcher', toUnit(responsibleUnit)],
    ['return_to_dispatch', 'unit_handler', why],
    ['dispatch', 'dispatcher', toUnit(responsibleUnit)],
  ])
  // Five closed in this 小类 by the responsible unit, all fed back in time: enough for a rate.
  for (let i = 0; i < 5; i++) {
    await walk(await report(), [
      ['file', 'intake'],
      ['dispatch', 'dispatcher', toUnit(responsibleUnit)],
      ['accept', 'unit_handler'],
      ['feedback', 'unit_handler', { notes: '已处理' }],
      ['close', 'intake'],
    ])
  }
}, 120_000)
afterAll(async () => {
  await t.close()
})

describe('GET /desk/queues', () => {
  it("gives the duty chief every open case in its queues, in the role's order, closed ones in none", async () => {
    const q = await queues('duty_chief')
    expect(q.role).toBe('duty_chief')
    expect(q.works).toEqual(QUEUES_BY_ROLE.duty_chief)
    expect(q.queues.map((x) => x.queue)).toEqual(['pending_filing', 'pending_dispatch', 'pending_check', 'returned', 'at_risk', 'overdue', 'duplicates', 'bounced'])
    expect(idsIn(q, 'pending_filing')).toEqual([waiting.id])
    expect(new Set(idsIn(q, 'pending_dispatch'))).toEqual(new Set([toDispatch.id, bounced.id]))
    expect(idsIn(q, 'returned')).toEqual([bounced.id])
    const all = q.queues.flatMap((x) => x.items.map((c) => c.id))
    expect(all.every((id) => [waiting.id, toDispatch.id, bounced.id, held.id, again.id].includes(id))).toBe(true)
    for (const list of q.queues) expect(list.count).toBe(list.items.length)
    expect(q.seq).toBeGreaterThan(0)
  })

  it('shows a case returned twice in 推诿 with its path and reason, and one returned never as not bounced', async () => {
    const q = await queues('duty_chief')
    const list = q.queues.find((x) => x.queue === 'bounced')!
    expect(list.items.map((c) => c.id)).toEqual([bounced.id])
    expect(list.items[0]!.bounce).toEqual({
      bounced: true,
      returns: 2,
      reworks: 0,
      path: [{ kind: 'unit', id: responsibleUnit }, { kind: 'team', id: facts.teamId }],
      handlers: 2,
      reasons: ['returns'],
    })
    const plain = q.queues.flatMap((x) => x.items).find((c) => c.id === toDispatch.id)!
    expect(plain).toMatchObject({ bounced: false, bounce: { bounced: false, returns: 0, path: [] } })
    const once = q.queues.flatMap((x) => x.items).find((c) => c.id === again.id)!
    expect(once).toMatchObject({ bounced: false, bounce: { returns: 1, path: [{ kind: 'unit', id: responsibleUnit }], handlers: 1, reasons: [] } })
  })

  it('lists the first `limit` cases of a queue and still counts them all', async () => {
    const q = await queues('dispatcher', undefined, '?limit=1')
    expect(q.works).toEqual(QUEUES_BY_ROLE.dispatcher)
    const list = q.queues.find((x) => x.queue === 'pending_dispatch')!
    expect([list.count, list.items.length]).toEqual([2, 1])
  })

  it("narrows a station to its community and a unit to its own cases, from the account, never a parameter", async () => {
    const own = await queues('community_operator', { communityId: facts.grids[0]!.communityId })
    expect(own.works).toEqual(QUEUES_BY_ROLE.community_operator)
    expect(idsIn(own, 'pending_filing')).toEqual([waiting.id])
    const other = await queues('community_operator', { communityId: elsewhere.communityId })
    expect(other.queues.map((x) => x.count)).toEqual([0, 0, 0, 0, 0, 0, 0, 0])
    const unit = await queues('unit_handler', { unitId: responsibleUnit })
    expect(unit.works).toEqual(QUEUES_BY_ROLE.unit_handler)
    // Every report lies on one point, so the later ones are possible duplicates: the unit's two are listed there, no one else's.
    expect(unit.queues.filter((x) => x.count > 0).map((x) => [x.queue, new Set(x.items.map((c) => c.id))])).toEqual([['duplicates', new Set([held.id, again.id])]])
    const noUnit = await queues('unit_handler', { unitId: 'no-such-unit' })
    expect(noUnit.queues.every((x) => x.count === 0)).toBe(true)
    const asked = await get(`/desk/queues?communityId=${elsewhere.communityId}`, 'community_operator', { communityId: facts.grids[0]!.communityId })
    expect(asked.status).toBe(422)
  })

  it('refuses roles without a desk (403) and a bad limit (422 with the reason)', async () => {
    for (const role of ['leader', 'grid_worker', 'wall_display', 'integration'] as const) expect((await get('/desk/queues', role)).status, role).toBe(403)
    for (const bad of ['0', '201', 'abc', '']) {
      const res = await get(`/desk/queues?limit=${bad}`)
      expect(res.status, bad).toBe(422)
      expect(res.body.error.message).toMatch(/limit/)
    }
  })
})

describe('GET /cases/:id/suggestions', () => {
  it('ranks the responsible unit first, with its open load and on-time rate in words', async () => {
    const res = await get(`/cases/${toDispatch.id}/suggestions`, 'dispatcher')
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    const s = Suggestions.parse(res.body)
    expect(s).toMatchObject({ caseId: toDispatch.id, version: toDispatch.version, categoryCode: toDispatch.categoryCode, gridId: toDispatch.gridId })
    const first = s.candidates[0]!
    expect(first).toMatchObject({ assignee: { kind: 'unit', id: responsibleUnit }, responsible: true, openLoad: 2, categoryClosed: 5, categoryOnTime: 5 })
    expect(first.reasons).toEqual([{ kind: 'responsible' }, { kind: 'load', open: 2 }, { kind: 'on_time', rate: 1, closed: 5 }])
    expect(first.text).toEqual({ zh: '责任单位 · 在办 2 件 · 本类按期率 100%', en: 'responsible unit · 2 open · 100% on time in this category' })
  })

  it("offers the grid's teams and workers next, each with its distance, best first", async () => {
    const s = Suggestions.parse((await get(`/cases/${toDispatch.id}/suggestions?limit=50`, 'duty_chief')).body)
    const rest = s.candidates.slice(1)
    expect(rest.length).toBeGreaterThan(1)
    expect(rest.every((c) => c.ofGrid && !c.responsible && c.distanceM !== null)).toBe(true)
    expect(rest.some((c) => c.assignee.kind === 'team' && c.reasons[0]!.kind === 'grid_team')).toBe(true)
    expect(rest.some((c) => c.assignee.kind === 'worker' && c.text.zh.startsWith('本网格网格员 · 距离'))).toBe(true)
    expect(s.candidates.map((c) => c.score)).toEqual([...s.candidates.map((c) => c.score)].sort((a, b) => b - a))
    expect(Suggestions.parse((await get(`/cases/${toDispatch.id}/suggestions?limit=2`, 'duty_chief')).body).candidates).toHaveLength(2)
  })

  it("names no grid worker to a unit handler, who may not read the roster", async () => {
    const res = await get(`/cases/${held.id}/suggestions?limit=50`, 'unit_handler', { unitId: responsibleUnit })
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    const kinds = new Set(Suggestions.parse(res.body).candidates.map((c) => c.assignee.kind))
    expect(kinds).toEqual(new Set(['unit', 'team']))
    const dispatcher = Suggestions.parse((await get(`/cases/${held.id}/suggestions?limit=50`, 'dispatcher')).body)
    expect(dispatcher.candidates.some((c) => c.assignee.kind === 'worker')).toBe(true)
  })

  it('answers 404 for an unknown case, 422 for a malformed id or limit, 403 outside the role or the scope', async () => {
    expect((await get('/cases/no-such-case/suggestions')).status).toBe(404)
    expect((await get('/cases/bad%20id!/suggestions')).status).toBe(422)
    for (const bad of ['0', '51', 'x']) expect((await get(`/cases/${toDispatch.id}/suggestions?limit=${bad}`)).status, bad).toBe(422)
    expect((await get(`/cases/${toDispatch.id}/suggestions?probe=1`)).status).toBe(422)
    expect((await get(`/cases/${toDispatch.id}/suggestions`, 'leader')).status).toBe(403)
    expect((await get(`/cases/${toDispatch.id}/suggestions`, 'community_operator', { communityId: elsewhere.communityId })).status).toBe(403)
  })
})

describe('GET /kpi/bounces', () => {
  const bounces = async (role: Role = 'duty_chief', scope?: TestScope, query = '') => {
    const res = await get(`/kpi/bounces${query}`, role, scope)
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    return KpiBounces.parse(res.body)
  }

  it("counts each unit's bounced cases and lists the open bounced ones with their path, for the wall too", async () => {
    const path = [{ kind: 'unit', id: responsibleUnit }, { kind: 'team', id: facts.teamId }]
    const unitName = t.wall.reference.units().find((u) => u.id === responsibleUnit)!.name
    for (const role of ['duty_chief', 'leader', 'wall_display'] as const) {
      const b = await bounces(role)
      expect(b.bounced, role).toBe(1)
      // Equal counts in kind:id order: the team before the unit.
      expect(b.byHandler.map((h) => [h.assignee, h.bounced])).toEqual([...path].reverse().map((a) => [a, 1]))
      expect(b.byHandler[1]!.label).toBe(unitName)
      expect(b.open).toEqual([{ id: bounced.id, path: path.map((a, i) => ({ ...a, name: i === 0 ? unitName : t.wall.reference.teams().find((x) => x.id === facts.teamId)!.name })) }])
    }
  })

  it('counts only cases reported in the range and in the caller scope', async () => {
    expect(await bounces('duty_chief', undefined, '?from=2020-01-01&to=2020-01-31')).toMatchObject({ bounced: 0, byHandler: [] })
    const other = await bounces('community_operator', { communityId: elsewhere.communityId })
    expect([other.bounced, other.byHandler, other.open]).toEqual([0, [], []])
    expect((await bounces('community_operator', { communityId: facts.grids[0]!.communityId })).open.map((o) => o.id)).toEqual([bounced.id])
  })

  // It bounces one more case, so it comes after every test that lists them.
  it('answers from the same read until a case changes, then counts the change', async () => {
    const before = await bounces()
    expect(await bounces()).toEqual(before)
    const more = await walk(await report(), [
      ['file', 'intake'],
      ['dispatch', 'dispatcher', toUnit(responsibleUnit)],
      ['return_to_dispatch', 'unit_handler', why],
      ['dispatch', 'dispatcher', toUnit(responsibleUnit)],
      ['return_to_dispatch', 'unit_handler', why],
    ])
    const after = await bounces()
    expect(after.bounced).toBe(before.bounced + 1)
    expect(after.open.map((o) => o.id)).toEqual(expect.arrayContaining([bounced.id, more.id]))
    expect(after.byHandler.find((h) => h.assignee.id === responsibleUnit)!.bounced).toBe(2)
  })

  it('refuses a bad range with the reason (422)', async () => {
    for (const bad of ['?from=2026-13-01', '?from=2026-02-01&to=2026-01-01', '?to=x', '?limit=3']) {
      const res = await get(`/kpi/bounces${bad}`)
      expect(res.status, bad).toBe(422)
      expect(res.body.error.message, bad).toMatch(/invalid query|from|to|limit/)
    }
  })
})
