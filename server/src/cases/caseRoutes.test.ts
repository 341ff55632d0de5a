import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TRANSITION_ACTIONS, type TransitionAction } from '@shared/caseMachine'
import type { Role } from '@shared/roles'
import { Case, type CaseState } from '@shared/schemas/case'
import { CasePage, CaseWithHistory, EventsPage } from '@shared/schemas/caseApi'
import { type TestApp, startTestApp } from '../testing/testApp'
import { type Call, type DemoFacts, allCases, caller, demoFacts, reportBody } from './caseTestHelpers'

let t: TestApp
let call: Call
let anonymous: Call
let facts: DemoFacts

beforeAll(async () => {
  t = await startTestApp()
  call = caller(t.url, await t.tokenFor('integration'))
  anonymous = caller(t.url, null)
  facts = await demoFacts(call)
}, 120_000)
afterAll(async () => {
  await t.close()
})

async function report(over: Record<string, unknown> = {}, as: Role = 'grid_worker'): Promise<Case> {
  const res = await call('POST', '/api/v1/cases', { as, body: reportBody(facts, over) })
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  return Case.parse(res.body)
}

const act = (c: Pick<Case, 'id' | 'version'>, as: Role, action: TransitionAction, extra: Record<string, unknown> = {}) =>
  call('POST', `/api/v1/cases/${c.id}/transitions`, { as, body: { action, version: c.version, ...extra } })

describe('intake', () => {
  it('answers 201 with the case in the grid of its location, phone masked, urgent from the category', async () => {
    const grid = facts.grids[5]!
    const res = await call('POST', '/api/v1/cases', { as: 'grid_worker', body: reportBody(facts, { location: grid.point }) })
    expect(res.status).toBe(201)
    const c = Case.parse(res.body)
    expect(res.headers.get('location')).toBe(`/api/v1/cases/${c.id}`)
    expect(c).toMatchObject({ gridId: grid.id, communityId: grid.communityId, state: 'pending_filing', version: 1 })
    expect(c.urgent).toBe(facts.category.urgent)
    expect(c.code).toMatch(/^GL-\d{8}-\d{4,}$/)
    expect(c.reporterPhone).toBe('139****5678')
    expect(JSON.stringify(res.body)).not.toContain('12345678')
    if (facts.urgentCategory) expect((await report({ categoryCode: facts.urgentCategory.code })).urgent).toBe(true)
  })

  it('accepts every channel of the report', async () => {
    for (const source of ['terminal', 'camera', 'hotline', 'walk_in', 'patrol', 'district']) {
      expect((await report({ source }, 'intake')).source).toBe(source)
    }
  })

  it('refuses a place outside the street, an unknown category and a malformed body with 422 and a reason', async () => {
    const outside = await call('POST', '/api/v1/cases', { as: 'intake', body: reportBody(facts, { location: { lng: 116.2, lat: 39.9 } }) })
    expect(outside.status).toBe(422)
    expect(outside.body.error).toMatchObject({ code: 'OUTSIDE_STREET', message: expect.stringMatching(/outside/) })
    const unknown = await call('POST', '/api/v1/cases', { as: 'intake', body: reportBody(facts, { categoryCode: 'E9999' }) })
    expect(unknown.status).toBe(422)
    expect(unknown.body.error.code).toBe('UNKNOWN_CATEGORY')
    const malformed = await call('POST', '/api/v1/cases', { as: 'intake', body: reportBody(facts, { title: '', reporterPhone: 'abc' }) })
    expect(malformed.status).toBe(422)
    expect(malformed.body.error.message).toMatch(/title/)
    expect(malformed.body.error.message).toMatch(/reporterPhone/)
  })

  it('needs a signed-in caller (401) whose role may report (403), acting only for people it may act for (422)', async () => {
    const nobody = await anonymous('POST', '/api/v1/cases', { body: reportBody(facts) })
    expect([nobody.status, nobody.body.error.code]).toEqual([401, 'UNAUTHENTICATED'])
    const badRole = await call('POST', '/api/v1/cases', { body: reportBody(facts), headers: { 'x-on-behalf-of': 'mayor/x' } })
    expect(badRole.status).toBe(422)
    const asScreen = await call('POST', '/api/v1/cases', { as: 'wall_display', body: reportBody(facts) })
    expect(asScreen.status).toBe(422)
    const wall = caller(t.url, await t.tokenFor('wall_display'))
    expect((await wall('POST', '/api/v1/cases', { body: reportBody(facts) })).status).toBe(403)
  })

  it('makes retries safe with Idempotency-Key: 201, then 200 with the same case, 422 for another body', async () => {
    const headers = { 'idempotency-key': `retry-${Date.now()}` }
    const first = await call('POST', '/api/v1/cases', { as: 'intake', body: reportBody(facts), headers })
    const again = await call('POST', '/api/v1/cases', { as: 'intake', body: reportBody(facts), headers })
    expect([first.status, again.status]).toEqual([201, 200])
    expect(again.body).toEqual(first.body)
    expect(again.headers.get('idempotent-replayed')).toBe('true')
    const other = await call('POST', '/api/v1/cases', { as: 'intake', body: reportBody(facts, { title: '另一件事' }), headers })
    expect(other.status).toBe(422)
    expect(other.body.error.code).toBe('IDEMPOTENCY_MISMATCH')
  })

  it('makes concurrent retries with one key produce one case', async () => {
    const headers = { 'idempotency-key': `burst-${Date.now()}` }
    const replies = await Promise.all(
      Array.from({ length: 8 }, () => call('POST', '/api/v1/cases', { as: 'intake', body: reportBody(facts), headers })),
    )
    expect(replies.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 201])
    expect(new Set(replies.map((r) => r.body.id)).size).toBe(1)
  })
})

type Step = [TransitionAction, Role, CaseState, Record<string, unknown>?]

/** Walk a case through steps, checking each answer, version and the history that results. */
async function walk(start: Case, steps: Step[]): Promise<Case> {
  let c = start
  for (const [action, role, to, extra] of steps) {
    const res = await act(c, role, action, extra)
    expect(res.status, `${action} by ${role}: ${JSON.stringify(res.body)}`).toBe(200)
    const next = Case.parse(res.body)
    expect(next.state, action).toBe(to)
    expect(next.version).toBe(c.version + 1)
    c = next
  }
  const full = CaseWithHistory.parse((await call('GET', `/api/v1/cases/${c.id}`)).body)
  expect(full.history.map((h) => h.action)).toEqual(['report', ...steps.map(([action]) => action)])
  expect(full.history.map((h) => h.to)).toEqual(['pending_filing', ...steps.map(([, , to]) => to)])
  for (const [i, h] of full.history.entries()) {
    expect(h.from).toBe(i === 0 ? null : full.history[i - 1]!.to)
    if (i > 0) expect(h.actorRole).toBe(steps[i - 1]![1])
  }
  return c
}

describe('the closed loop end to end over HTTP', () => {
  const used = new Set<TransitionAction>()
  const track = (steps: Step[]) => {
    steps.forEach(([action]) => used.add(action))
    return steps
  }
  const why = { reason: '原因说明' }
  const notes = { notes: '现场已处理', photos: ['photos/after.jpg'] }

  it('checks, files, dispatches, extends, suspends, reworks, closes and evaluates a terminal report', async () => {
    const unit = { assignee: { kind: 'unit', id: facts.unitId } }
    const c = await walk(
      await report(),
      track([
        ['request_check', 'intake', 'prefiling_check'],
        ['submit_check', 'grid_worker', 'pending_filing', { notes: '核实属实' }],
        ['file', 'intake', 'pending_dispatch'],
        ['dispatch', 'dispatcher', 'dispatched', unit],
        ['request_extension', 'unit_handler', 'dispatched', why],
        ['reject_extension', 'dispatcher', 'dispatched', why],
        ['request_extension', 'unit_handler', 'dispatched', why],
        ['approve_extension', 'dispatcher', 'dispatched'],
        ['accept', 'unit_handler', 'in_progress'],
        ['request_suspension', 'unit_handler', 'in_progress', why],
        ['reject_suspension', 'dispatcher', 'in_progress', why],
        ['request_suspension', 'unit_handler', 'in_progress', why],
        ['approve_suspension', 'dispatcher', 'suspended'],
        ['resume', 'dispatcher', 'in_progress'],
        ['feedback', 'unit_handler', 'pending_check', notes],
        ['check_on_site', 'grid_worker', 'pending_check', { notes: '未修好' }],
        ['rework', 'dispatcher', 'dispatched', why],
        ['accept', 'unit_handler', 'in_progress'],
        ['feedback', 'unit_handler', 'pending_check', notes],
        ['close', 'intake', 'closed'],
        ['evaluate', 'leader', 'evaluated', { score: 4 }],
      ]),
    )
    expect(c).toMatchObject({ extensions: 1, reworks: 1, evaluationScore: 4, assignee: unit.assignee })
    const history = CaseWithHistory.parse((await call('GET', `/api/v1/cases/${c.id}`)).body).history
    expect(history.find((h) => h.action === 'dispatch')).toMatchObject({ assignee: unit.assignee, actorId: 'dispatcher-1' })
    expect(history.find((h) => h.action === 'feedback')).toMatchObject({ notes: '现场已处理', photos: ['photos/after.jpg'] })
    expect(history.find((h) => h.action === 'rework')).toMatchObject({ reason: '原因说明', assignee: unit.assignee })
  })

  it('returns, re-dispatches to a team and a worker, and reopens a hotline case after an unsatisfied call', async () => {
    const c = await walk(
      await report({ source: 'hotline' }, 'intake'),
      track([
        ['file', 'intake', 'pending_dispatch'],
        ['return_to_intake', 'dispatcher', 'pending_filing', why],
        ['file', 'intake', 'pending_dispatch'],
        ['dispatch', 'dispatcher', 'dispatched', { assignee: { kind: 'team', id: facts.teamId } }],
        ['return_to_dispatch', 'unit_handler', 'pending_dispatch', why],
        ['dispatch', 'dispatcher', 'dispatched', { assignee: { kind: 'worker', id: facts.workerId } }],
        ['accept', 'grid_worker', 'in_progress'],
        ['feedback', 'grid_worker', 'pending_check', notes],
        ['close', 'duty_chief', 'closed'],
        ['follow_up', 'intake', 'pending_dispatch', { satisfaction: 'unsatisfied', reason: '问题仍在' }],
        ['dispatch', 'dispatcher', 'dispatched', { assignee: { kind: 'unit', id: facts.unitId } }],
        ['accept', 'unit_handler', 'in_progress'],
        ['feedback', 'unit_handler', 'pending_check', notes],
        ['close', 'intake', 'closed'],
        ['follow_up', 'intake', 'closed', { satisfaction: 'satisfied' }],
        ['evaluate', 'duty_chief', 'evaluated', { score: 5 }],
      ]),
    )
    expect(c).toMatchObject({ satisfaction: 'satisfied', source: 'hotline' })
  })

  it('rejects a report with a reason, and closes a self-handled one', async () => {
    await walk(await report(), track([['reject', 'intake', 'not_accepted', why]]))
    await walk(
      await report(),
      track([
        ['file_self_handled', 'intake', 'pending_check', { notes: '网格员当场处理' }],
        ['close', 'dispatcher', 'closed'],
      ]),
    )
  })

  it('merges a report flagged as a duplicate, and keeps another separate', async () => {
    // A grid no other test reports in, so the first report here is the original.
    const here = { location: facts.grids[40]!.point }
    const original = await report(here)
    const duplicate = await report(here)
    expect(duplicate.duplicateOf).toBe(original.id)
    await walk(duplicate, track([['merge', 'intake', 'merged']]))
    const another = await report(here)
    expect(another.duplicateOf).toBe(original.id)
    const kept = await walk(another, track([['keep_separate', 'duty_chief', 'pending_filing']]))
    expect(kept.duplicateOf).toBeNull()
  })

  it('used every action of the machine', () => {
    expect([...used].sort()).toEqual([...TRANSITION_ACTIONS].sort())
  })
})

describe('refusals', () => {
  it('audits every transition, the ones done and the ones refused, with who, what and the states', async () => {
    const c = await report()
    const filed = Case.parse((await act(c, 'intake', 'file')).body)
    expect((await act(filed, 'intake', 'close')).status).toBe(409)
    const res = await fetch(`${t.url}/api/v1/audit?action=case.transition`, { headers: await t.authHeaders('admin') })
    const entries = ((await res.json()) as { items: { target: string; outcome: string; actorRole: string; details: Record<string, unknown> | null }[] }).items.filter((e) => e.target === c.id)
    expect(entries.map((e) => [e.outcome, e.details?.['action'], e.details?.['from'], e.details?.['to'] ?? e.details?.['code']])).toEqual([
      ['failure', 'close', 'pending_dispatch', 'ILLEGAL_TRANSITION'],
      ['success', 'file', 'pending_filing', 'pending_dispatch'],
    ])
    expect(entries.every((e) => e.actorRole === 'integration' && e.details?.['onBehalfOf'] !== undefined)).toBe(true)
  })

  it('409 for an action the state does not allow, with the reason', async () => {
    const c = await report()
    const res = await act(c, 'intake', 'close')
    expect(res.status).toBe(409)
    expect(res.body.error).toMatchObject({ code: 'ILLEGAL_TRANSITION', message: expect.stringMatching(/pending_filing/) })
  })

  it('422 for a missing reason or field, 403 for a role that may not act, 404 for no case', async () => {
    const c = await report()
    const noReason = await act(c, 'intake', 'reject', { reason: ' ' })
    expect([noReason.status, noReason.body.error.code]).toEqual([422, 'REASON_REQUIRED'])
    const role = await act(c, 'grid_worker', 'file')
    expect([role.status, role.body.error.code]).toEqual([403, 'ROLE_FORBIDDEN'])
    const filed = Case.parse((await act(c, 'intake', 'file')).body)
    const noAssignee = await act(filed, 'dispatcher', 'dispatch')
    expect([noAssignee.status, noAssignee.body.error.code]).toEqual([422, 'FIELD_REQUIRED'])
    const ghost = await act(filed, 'dispatcher', 'dispatch', { assignee: { kind: 'unit', id: 'no-such-unit' } })
    expect([ghost.status, ghost.body.error.code]).toEqual([422, 'VALIDATION_FAILED'])
    const missing = await act({ id: 'no-such-case', version: 1 }, 'intake', 'file')
    expect(missing.status).toBe(404)
    const nobody = await anonymous('POST', `/api/v1/cases/${c.id}/transitions`, { body: { action: 'file', version: 2 } })
    expect(nobody.status).toBe(401)
  })

  it('409 when the receiver of a returned case tries to push it past the returning step', async () => {
    const c = await report()
    const filed = Case.parse((await act(c, 'intake', 'file')).body)
    const returned = Case.parse((await act(filed, 'dispatcher', 'return_to_intake', { reason: '不属于本中心' })).body)
    expect(returned.returnedFrom).toBe('pending_dispatch')
    const skip = await act(returned, 'intake', 'file_self_handled', { notes: '自行处理' })
    expect([skip.status, skip.body.error.code]).toEqual([409, 'RETURNED_CASE'])
  })

  it('409 VERSION_CONFLICT with the current case for a stale version', async () => {
    const c = await report()
    await act(c, 'intake', 'file')
    const stale = await act(c, 'intake', 'reject', { reason: '重复' })
    expect(stale.status).toBe(409)
    expect(stale.body.error.code).toBe('VERSION_CONFLICT')
    expect(Case.parse(stale.body.error.details.case)).toMatchObject({ id: c.id, version: 2, state: 'pending_dispatch' })
  })

  it('lets exactly one of two concurrent dispatches win', async () => {
    const c = await report()
    const filed = Case.parse((await act(c, 'intake', 'file')).body)
    const [a, b] = await Promise.all([
      act(filed, 'dispatcher', 'dispatch', { assignee: { kind: 'unit', id: facts.unitId } }),
      act(filed, 'duty_chief', 'dispatch', { assignee: { kind: 'team', id: facts.teamId } }),
    ])
    expect([a.status, b.status].sort()).toEqual([200, 409])
    const loser = a.status === 409 ? a : b
    expect(loser.body.error.code).toBe('VERSION_CONFLICT')
    const history = CaseWithHistory.parse((await call('GET', `/api/v1/cases/${c.id}`)).body).history
    expect(history.filter((h) => h.action === 'dispatch')).toHaveLength(1)
  })
})

describe('queries and the event log', () => {
  it('filters by state (repeated or comma-separated), grid, source and text, and pages with a cursor', async () => {
    const grid = facts.grids[9]!
    const marker = `查询标记${Date.now()}`
    const made: Case[] = []
    for (let i = 0; i < 5; i++) made.push(await report({ location: grid.point, title: `${marker} ${i}`, source: i % 2 ? 'patrol' : 'camera' }, 'intake'))
    await act(made[0]!, 'intake', 'file')
    const q = `q=${encodeURIComponent(marker)}`
    const list = async (query: string) => CasePage.parse((await call('GET', `/api/v1/cases?${q}&${query}`)).body).items
    expect((await list('limit=50')).map((c) => c.id)).toEqual(made.map((c) => c.id).reverse())
    expect(await list('state=pending_dispatch')).toHaveLength(1)
    expect(await list('state=pending_dispatch&state=pending_filing')).toHaveLength(5)
    expect(await list('state=pending_dispatch,not_accepted')).toHaveLength(1)
    expect(await list(`gridId=${grid.id}&source=patrol`)).toHaveLength(2)
    expect(await list(`communityId=${grid.communityId}&overdue=false`)).toHaveLength(5)
    const first = CasePage.parse((await call('GET', `/api/v1/cases?${q}&limit=2`)).body)
    const second = CasePage.parse((await call('GET', `/api/v1/cases?${q}&limit=2&cursor=${first.nextCursor}`)).body)
    expect([...first.items, ...second.items].map((c) => c.id)).toEqual(made.slice(1).map((c) => c.id).reverse())
    const bad = await call('GET', '/api/v1/cases?state=flying')
    expect([bad.status, bad.body.error.code]).toEqual([422, 'VALIDATION_FAILED'])
    // A misspelt filter would otherwise answer with every case.
    const misspelt = await call('GET', '/api/v1/cases?status=closed&limit=5')
    expect([misspelt.status, misspelt.body.error.code]).toEqual([422, 'VALIDATION_FAILED'])
    expect(misspelt.body.error.message).toContain('unknown parameter "status"')
    expect(misspelt.body.error.message).toContain('state')
    const flood = await call('GET', `/api/v1/cases?${Array.from({ length: 40 }, (_, i) => `${'x'.repeat(100)}${i}=1`).join('&')}`)
    expect(flood.status).toBe(422)
    expect(flood.body.error.message.length).toBeLessThan(600)
  })

  it('numbers every change without gaps, masks phones in events, and says reload when asked from the future', async () => {
    const { cases, seq } = await allCases(call)
    const events = []
    let since = 0
    for (;;) {
      const page = EventsPage.parse((await call('GET', `/api/v1/events?since=${since}&limit=100`)).body)
      expect(page.reload).toBe(false)
      events.push(...page.events)
      if (!page.hasMore) break
      since = page.events.at(-1)!.seq
    }
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: events.length }, (_v, i) => i + 1))
    expect(events.at(-1)!.seq).toBeGreaterThanOrEqual(seq)
    expect(JSON.stringify(events)).not.toMatch(/1391234|12345678/)
    // The newest event of each case carries the case as the list shows it.
    const newest = new Map(events.map((e) => [e.caseId, e.case]))
    for (const c of cases) expect(newest.get(c.id)).toEqual(c)
    const future = EventsPage.parse((await call('GET', `/api/v1/events?since=${seq + 1000}`)).body)
    expect(future).toMatchObject({ reload: true, events: [] })
  })

  it('documents the case routes in the OpenAPI document', async () => {
    const doc = (await call('GET', '/api/v1/openapi.json')).body as { paths: Record<string, unknown> }
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/cases', '/api/v1/cases/{id}', '/api/v1/cases/{id}/transitions', '/api/v1/events']),
    )
  })
})
