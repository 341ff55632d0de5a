import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { POSITION_OFF_DUTY_MS, POSITION_STALE_MS, WorkerPosition, WorkerPositionList } from '@shared/schemas/position'
import type { Worker } from '@shared/schemas/reference'
import { handshake, request, type TestSocket } from '../auth/authTestSupport'
import { type Call, type DemoFacts, caller, demoFacts } from '../cases/caseTestHelpers'
import { createLogger } from '../core/logger'
import { type TestApp, startTestApp } from '../testing/testApp'

let t: TestApp
let gateway: Call
let facts: DemoFacts
let workers: Worker[]
const logged: string[] = []

beforeAll(async () => {
  // Everything the server logs, at the most talkative level: no line may carry a coordinate.
  t = await startTestApp({}, { logger: createLogger('trace', { write: (line: string) => void logged.push(line) }) })
  gateway = caller(t.url, await t.tokenFor('integration'))
  facts = await demoFacts(gateway)
  workers = t.wall.reference.workers({ gridId: facts.grids[0]!.id, limit: 50 }).items
}, 120_000)
afterAll(async () => {
  await t.close()
})

/** A point near the grid's own, distinct per call so a test can find its fix in the log or the list. */
let n = 0
function fix(over: Record<string, unknown> = {}) {
  n += 1
  const { lng, lat } = facts.grids[0]!.point
  return { location: { lng: lng + n * 0.000_011_3, lat: lat + n * 0.000_007_1 }, accuracyM: 8, at: new Date().toISOString(), ...over }
}
const postFor = (worker: Worker, body: unknown) => gateway('POST', '/api/v1/positions', { body, as: 'grid_worker', actorId: worker.id })
const listAs = async (role: 'dispatcher' | 'wall_display' | 'duty_chief' = 'dispatcher') =>
  WorkerPositionList.parse((await request(`${t.url}/api/v1/positions`, { headers: await t.authHeaders(role) })).body).items

/** The next `worker:position` a socket hears within `ms`, or null. */
const nextPosition = (socket: TestSocket, ms = 1500) =>
  new Promise<WorkerPosition | null>((resolve) => {
    const timer = setTimeout(() => resolve(null), ms)
    socket.once('worker:position', (p) => {
      clearTimeout(timer)
      resolve(p)
    })
  })

describe('POST /positions', () => {
  it('refuses a bad body, a fix from the future or older than a day, and an integration naming nobody, with 422', async () => {
    const worker = workers[0]!
    for (const body of [{ location: { lng: 200, lat: 40 }, accuracyM: 5, at: new Date().toISOString() }, { ...fix(), extra: 1 }, { ...fix(), at: 'yesterday' }]) {
      const res = await postFor(worker, body)
      expect([res.status, res.body.error.code], JSON.stringify(body)).toEqual([422, 'VALIDATION_FAILED'])
    }
    const future = await postFor(worker, fix({ at: new Date(Date.now() + 3 * 60_000).toISOString() }))
    expect([future.status, future.body.error.message]).toEqual([422, expect.stringMatching(/future/)])
    const old = await postFor(worker, fix({ at: new Date(Date.now() - 25 * 3600_000).toISOString() }))
    expect([old.status, old.body.error.message]).toEqual([422, expect.stringMatching(/24 hours/)])
    const nobody = await gateway('POST', '/api/v1/positions', { body: fix() })
    expect([nobody.status, nobody.body.error.message]).toEqual([422, expect.stringMatching(/X-On-Behalf-Of/)])
    const office = await request(`${t.url}/api/v1/positions`, { method: 'POST', headers: await t.authHeaders('dispatcher'), body: fix() })
    expect(office.status).toBe(403)
  })

  it('stores the fix with the worker\'s registry terminal and answers it with name and grid', async () => {
    const worker = workers.find((w) => w.terminalId !== null)!
    const before = (t.wall.db.prepare('SELECT COUNT(*) AS n FROM positions').get() as { n: number }).n
    const res = await postFor(worker, fix())
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    expect(WorkerPosition.parse(res.body)).toMatchObject({ workerId: worker.id, name: worker.name, gridId: worker.gridId, terminalId: worker.terminalId, onDuty: true })
    const rows = t.wall.db.prepare('SELECT * FROM positions WHERE worker_id = ?').all(worker.id) as { terminal_id: string }[]
    expect(rows.at(-1)!.terminal_id).toBe(worker.terminalId)
    expect((t.wall.db.prepare('SELECT COUNT(*) AS n FROM positions').get() as { n: number }).n).toBe(before + 1)
  })

  it('takes a grid worker signed in on their own and names them by their display name', async () => {
    const user = await t.wall.auth.createUser({ username: 'li.walker', displayName: '李巡查', role: 'grid_worker', password: null, gridId: facts.grids[0]!.id })
    const token = t.wall.auth.issueApiToken(user.id, 3600_000)
    const res = await request(`${t.url}/api/v1/positions`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: fix() })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    expect((await listAs()).find((p) => p.workerId === user.id)).toMatchObject({ name: '李巡查', gridId: facts.grids[0]!.id })
  })
})

describe('the worker:position broadcast', () => {
  it('reaches a dispatcher and a wall display, never a community station or a grid worker', async () => {
    const connect = async (role: Parameters<TestApp['authHeaders']>[0], scope = {}) => (await handshake(t.url, await t.authHeaders(role, scope))).socket!
    const dispatcher = await connect('dispatcher')
    const display = await connect('wall_display')
    const station = await connect('community_operator', { communityId: facts.grids[0]!.communityId })
    const worker = await connect('grid_worker', { gridId: facts.grids[0]!.id })
    const heard = [nextPosition(dispatcher), nextPosition(display), nextPosition(station), nextPosition(worker)]
    const sent = await postFor(workers[1]!, fix())
    expect(sent.status).toBe(201)
    const [toDispatcher, toDisplay, toStation, toWorker] = await Promise.all(heard)
    expect(toDispatcher).toMatchObject({ workerId: workers[1]!.id, location: sent.body.location })
    expect(toDisplay).toMatchObject({ workerId: workers[1]!.id })
    expect(toStation).toBeNull()
    expect(toWorker).toBeNull()
    for (const s of [dispatcher, display, station, worker]) s.close()
  })
})

describe('GET /positions', () => {
  it('lists the workers on duty, greys nothing itself, and leaves out the off-duty and the long silent', async () => {
    const [fresh, stale, silent, ended] = [workers[2]!, workers[3]!, workers[4]!, workers[5]!]
    await postFor(fresh, fix())
    await postFor(stale, fix({ at: new Date(Date.now() - POSITION_STALE_MS - 60_000).toISOString() }))
    await postFor(silent, fix({ at: new Date(Date.now() - POSITION_OFF_DUTY_MS - 60_000).toISOString() }))
    await postFor(ended, fix())
    await postFor(ended, fix({ onDuty: false }))
    const ids = (await listAs('wall_display')).map((p) => p.workerId)
    expect(ids).toEqual(expect.arrayContaining([fresh.id, stale.id]))
    expect(ids).not.toContain(silent.id)
    expect(ids).not.toContain(ended.id)
    for (const role of ['community_operator', 'grid_worker', 'unit_handler', 'integration'] as const) {
      expect((await request(`${t.url}/api/v1/positions`, { headers: await t.authHeaders(role) })).status, role).toBe(403)
    }
  })

  it('keeps the newest fix when an older one arrives late from the outbox', async () => {
    const worker = workers[6]!
    const newest = fix()
    await postFor(worker, newest)
    await postFor(worker, fix({ at: new Date(Date.now() - 10 * 60_000).toISOString() }))
    expect((await listAs()).find((p) => p.workerId === worker.id)!.location).toEqual(newest.location)
  })

  it("names the worker's most urgent open case as the task", async () => {
    const worker = workers[7]!
    const chief = caller(t.url, await t.tokenFor('duty_chief'))
    const body = { source: 'hotline', categoryCode: facts.category.code, title: '路灯不亮', address: '鼓楼东大街', location: facts.grids[0]!.point }
    const created = (await chief('POST', '/api/v1/cases', { body })).body as { id: string; code: string; version: number }
    const filed = (await chief('POST', `/api/v1/cases/${created.id}/transitions`, { body: { action: 'file', version: created.version } })).body as { version: number }
    const sent = await chief('POST', `/api/v1/cases/${created.id}/transitions`, { body: { action: 'dispatch', version: filed.version, assignee: { kind: 'worker', id: worker.id } } })
    expect(sent.status, JSON.stringify(sent.body)).toBe(200)
    await postFor(worker, fix())
    expect((await listAs()).find((p) => p.workerId === worker.id)!.task).toEqual({ caseId: created.id, code: created.code, title: '路灯不亮' })
  })
})

describe('positions are never logged', () => {
  it('leaves no coordinate of a posted fix in anything the server logged', async () => {
    const body = fix({ location: { lng: 116.987_654_3, lat: 40.376_543_2 } })
    const res = await postFor(workers[8]!, body)
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    await postFor(workers[8]!, { ...body, accuracyM: -1 })
    await listAs()
    const all = logged.join('\n')
    // The capture works: the server did log (sign-ins, sockets), just never a position.
    expect(logged.length).toBeGreaterThan(0)
    for (const text of ['116.987', '40.376', '116.98765', '40.37654']) expect(all).not.toContain(text)
  })
})
