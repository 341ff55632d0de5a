import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { io } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Role } from '@shared/roles'
import { Case } from '@shared/schemas/case'
import { CaseChanged, CaseWithHistory, EventsPage } from '@shared/schemas/caseApi'
import type { LngLat } from '@shared/schemas/geo'
import { type WallApp, createApp } from '../app'
import { loadTestConfig } from '../testing/testConfig'
import { createDelegablePeople } from '../testing/testApp'
import { distanceM } from './caseDuplicates'
import { integrationToken } from '../testing/httpAuth'
import { type Call, type DemoFacts, caller, demoFacts, reportBody } from './caseTestHelpers'

/** The real app over HTTP, with a clock the test moves (the 24 h window). */
let wall: WallApp
let dataDir: string
let url: string
let call: Call
let facts: DemoFacts
const ADMIN = 'duplicates-admin-password'
let token: string
let now = new Date('2026-11-25T02:00:00.000Z')

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'case-duplicates-'))
  wall = createApp({ config: loadTestConfig({ LOG_LEVEL: 'silent', DATA_DIR: dataDir, SIM: '0', DEMO_ACCOUNTS: '0', ADMIN_PASSWORD: ADMIN }), now: () => now, print: () => undefined })
  const { port } = await wall.listen(0, '127.0.0.1')
  createDelegablePeople(wall)
  url = `http://127.0.0.1:${port}`
  token = await integrationToken(url, ADMIN)
  call = caller(url, token)
  facts = await demoFacts(call)
}, 120_000)
afterAll(async () => {
  await wall.close()
  fs.rmSync(dataDir, { recursive: true, force: true })
})

/** A point `metres` north of `p` (a degree of latitude is 111.32 km). */
const north = (p: LngLat, metres: number): LngLat => ({ lng: p.lng, lat: p.lat + metres / 111_320 })
let nextGrid = 10
/** A grid no other test in this file reports in, so each test starts with no open neighbours. */
const freshPlace = () => facts.grids[nextGrid++]!.point

async function report(location: LngLat, over: Record<string, unknown> = {}, as: Role = 'grid_worker'): Promise<Case> {
  const res = await call('POST', '/api/v1/cases', { as, body: reportBody(facts, { location, ...over }) })
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  return Case.parse(res.body)
}
const act = (c: Pick<Case, 'id' | 'version'>, as: Role, action: string, extra: Record<string, unknown> = {}) =>
  call('POST', `/api/v1/cases/${c.id}/transitions`, { as, body: { action, version: c.version, ...extra } })
const get = async (id: string) => CaseWithHistory.parse((await call('GET', `/api/v1/cases/${id}`)).body)
const lastSeq = async () => EventsPage.parse((await call('GET', '/api/v1/events?since=0&limit=1')).body).lastSeq

describe('duplicate flagging at intake', () => {
  it('flags a report of the same 小类 within 50 m of an open case, and files it all the same', async () => {
    const here = freshPlace()
    const original = await report(here)
    expect(original.duplicateOf).toBeNull()
    const near = north(here, 40)
    expect(distanceM(here, near)).toBeCloseTo(40, 0)
    const dup = await report(near, { source: 'hotline', reporterPhone: '13800001111' }, 'intake')
    expect(dup).toMatchObject({ duplicateOf: original.id, state: 'pending_filing' })
  })

  it('does not flag past 50 m, another 小类, or a case that is no longer open', async () => {
    const here = freshPlace()
    const original = await report(here)
    expect((await report(north(here, 60))).duplicateOf).toBeNull()
    const other = facts.urgentCategory ?? facts.category
    expect(other.code).not.toBe(facts.category.code)
    expect((await report(here, { categoryCode: other.code })).duplicateOf).toBeNull()
    const rejected = await act(original, 'intake', 'reject', { reason: '不属实' })
    expect(rejected.status).toBe(200)
    // The 60 m report is still open and within 50 m of this one, so it is the candidate now.
    const again = await report(north(here, 20))
    expect(again.duplicateOf).not.toBe(original.id)
  })

  it('does not flag after 24 h', async () => {
    const here = freshPlace()
    const original = await report(here)
    now = new Date(now.getTime() + 24 * 3_600_000 - 1000)
    expect((await report(north(here, 10))).duplicateOf).toBe(original.id)
    now = new Date(now.getTime() + 2000)
    // Only the one reported a second ago is within the window now.
    const late = await report(north(here, 10))
    expect(late.duplicateOf).not.toBe(original.id)
  })

  it('prefers the original over another flagged copy', async () => {
    const here = freshPlace()
    const original = await report(here)
    await report(north(here, 5))
    expect((await report(north(here, 6))).duplicateOf).toBe(original.id)
  })
})

describe('possible duplicates while a call is registered', () => {
  const ask = (where: LngLat, categoryCode = facts.category.code) =>
    call('GET', `/api/v1/cases/possible-duplicates?categoryCode=${categoryCode}&lng=${where.lng}&lat=${where.lat}`, { as: 'intake' })

  it('lists the open cases of the 小类 within 50 m and 72 h, from any channel, nearest first', async () => {
    const here = freshPlace()
    const far = await report(north(here, 30))
    const near = await report(north(here, 10), { source: 'hotline' }, 'intake')
    await report(north(here, 80))
    const res = await ask(here)
    expect(res.status).toBe(200)
    const items = (res.body as { items: { case: Case; distanceM: number }[] }).items
    expect(items.map((i) => [i.case.id, i.distanceM])).toEqual([
      [near.id, 10],
      [far.id, 30],
    ])
    expect(((await ask(here, (facts.urgentCategory ?? facts.category).code)).body as { items: unknown[] }).items).toEqual([])
  })

  it('looks back 72 hours, further than the automatic 24-hour flag', async () => {
    const here = freshPlace()
    const old = await report(here)
    now = new Date(now.getTime() + 71 * 3_600_000)
    expect(((await ask(here)).body as { items: { case: Case }[] }).items.map((i) => i.case.id)).toEqual([old.id])
    now = new Date(now.getTime() + 2 * 3_600_000)
    expect(((await ask(here)).body as { items: unknown[] }).items).toEqual([])
  })

  it('refuses a query it cannot read, with the reason', async () => {
    const bad = await call('GET', `/api/v1/cases/possible-duplicates?categoryCode=${facts.category.code}&lng=1e2&lat=40`, { as: 'intake' })
    expect(bad.status).toBe(422)
    expect(JSON.stringify(bad.body)).toContain('lng')
    expect((await call('GET', '/api/v1/cases/possible-duplicates?lng=116.8&lat=40.3', { as: 'intake' })).status).toBe(422)
    expect((await call('GET', `/api/v1/cases/possible-duplicates?categoryCode=x&lng=116.8&lat=40.3&extra=1`, { as: 'intake' })).status).toBe(422)
  })
})

describe('merge and keep separate', () => {
  it('merges: both reports kept under the target, the duplicate closed as merged with its timers stopped', async () => {
    const here = freshPlace()
    const target = await report(here)
    const second = { source: 'hotline', reporterPhone: '13800002222', title: '井盖又坏了', photos: ['photos/dup.jpg'] }
    const dup = await report(north(here, 30), second, 'intake')
    const socket = io(url, { transports: ['websocket'], reconnection: false, extraHeaders: { authorization: `Bearer ${token}` } })
    const pushed: CaseChanged[] = []
    socket.on('case:changed', (p) => pushed.push(CaseChanged.parse(p)))
    await new Promise((resolve) => socket.once('server:hello', resolve))
    const before = await lastSeq()

    const res = await act(dup, 'intake', 'merge', { reason: '同一井盖' })
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    const merged = Case.parse(res.body)
    expect(merged).toMatchObject({ state: 'merged', duplicateOf: target.id, version: 2, deadline: null, overdue: false, atRisk: false })
    expect(Object.values(merged.timers).every((t) => t.startedAt === null || t.stoppedAt !== null)).toBe(true)

    const after = await get(target.id)
    expect(after.version).toBe(target.version + 1)
    expect(after.state).toBe(target.state)
    expect(after.timers).toEqual(target.timers)
    expect(after.mergedReports).toEqual([
      expect.objectContaining({
        caseId: dup.id,
        code: dup.code,
        source: 'hotline',
        title: '井盖又坏了',
        reporterPhone: '138****2222',
        reportedAt: dup.createdAt,
      }),
    ])
    expect(after.history.at(-1)).toMatchObject({
      action: 'merge',
      from: target.state,
      to: target.state,
      actorRole: 'intake',
      reason: '同一井盖',
      photos: ['photos/dup.jpg'],
    })
    expect(JSON.stringify(after)).not.toContain('13800002222')

    // One commit, two events, both broadcast in seq order.
    expect(await lastSeq()).toBe(before + 2)
    const deadline = Date.now() + 5000
    while (pushed.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10))
    expect(pushed.map((p) => [p.seq, p.case.id])).toEqual([
      [before + 1, dup.id],
      [before + 2, target.id],
    ])
    socket.disconnect()

    // A merged case is terminal.
    expect((await act(merged, 'intake', 'file')).status).toBe(409)
  })

  it('keeps separate: clears the flag, state and timers unchanged', async () => {
    const here = freshPlace()
    await report(here)
    const dup = await report(north(here, 10))
    const res = await act(dup, 'duty_chief', 'keep_separate')
    expect(res.status).toBe(200)
    expect(Case.parse(res.body)).toMatchObject({ duplicateOf: null, state: 'pending_filing', version: 2, timers: dup.timers })
    expect((await act(Case.parse(res.body), 'intake', 'merge')).body.error.code).toBe('ILLEGAL_TRANSITION')
  })

  it('refuses with a clear 4xx and changes nothing: wrong role, stale version, unflagged, target no longer open', async () => {
    const here = freshPlace()
    const target = await report(here)
    const dup = await report(north(here, 10))
    const seq = await lastSeq()
    expect((await act(dup, 'dispatcher', 'merge')).status).toBe(403)
    expect((await act({ ...dup, version: 7 }, 'intake', 'merge')).status).toBe(409)
    const unflagged = await act(target, 'intake', 'merge')
    expect(unflagged.body.error).toMatchObject({ code: 'ILLEGAL_TRANSITION', message: expect.stringMatching(/not flagged/) })
    expect(await lastSeq()).toBe(seq)

    const rejected = Case.parse((await act(target, 'intake', 'reject', { reason: '不属实' })).body)
    const refused = await act(dup, 'intake', 'merge')
    expect(refused.status).toBe(409)
    expect(refused.body.error.message).toMatch(/no longer open.*keep this one separate/)
    expect(await lastSeq()).toBe(seq + 1)
    expect(await get(dup.id)).toMatchObject({ state: 'pending_filing', version: 1, duplicateOf: target.id })
    expect((await get(target.id)).version).toBe(rejected.version)
  })
})

describe('a call filed into the duplicate the operator chose', () => {
  it('flags the chosen possible duplicate, even one past the automatic 24 h, and merges into it', async () => {
    const here = freshPlace()
    const old = await report(here)
    now = new Date(now.getTime() + 30 * 3_600_000)
    const nearer = await report(north(here, 5))
    const call2 = await report(north(here, 20), { source: 'hotline', duplicateOf: old.id }, 'intake')
    expect(call2.duplicateOf).toBe(old.id)
    expect(nearer.duplicateOf).toBeNull()
    expect((await act(call2, 'intake', 'merge')).status).toBe(200)
    expect((await get(old.id)).mergedReports.map((r) => r.caseId)).toEqual([call2.id])
  })

  it('refuses a duplicateOf that is not one of the call’s possible duplicates, with the reason, filing nothing', async () => {
    const here = freshPlace()
    const elsewhere = await report(north(here, 200))
    const closed = await report(here)
    await act(closed, 'intake', 'reject', { reason: '不属实' })
    const seq = await lastSeq()
    for (const id of [elsewhere.id, closed.id, 'no-such-case']) {
      const res = await call('POST', '/api/v1/cases', { as: 'intake', body: reportBody(facts, { location: here, source: 'hotline', duplicateOf: id }) })
      expect(res.status).toBe(422)
      expect(res.body.error).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringMatching(/^duplicateOf: .*within 50 m/) })
    }
    const malformed = await call('POST', '/api/v1/cases', { as: 'intake', body: reportBody(facts, { location: here, duplicateOf: 'a b' }) })
    expect(malformed.status).toBe(422)
    expect(await lastSeq()).toBe(seq)
  })
})
