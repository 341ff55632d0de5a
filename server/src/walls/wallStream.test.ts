import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Ack } from '@shared/errors'
import { Case } from '@shared/schemas/case'
import { WallState } from '@shared/wall/wallState'
import { handshake, request, type TestSocket } from '../auth/authTestSupport'
import { type Call, type DemoFacts, caller, demoFacts, reportBody } from '../cases/caseTestHelpers'
import { type TestApp, startTestApp } from '../testing/testApp'

let t: TestApp
let gateway: Call
let facts: DemoFacts
const sockets: TestSocket[] = []

beforeAll(async () => {
  // Two walls exist: the main one and a left screen wall, named the way a center configures them.
  t = await startTestApp({ ALARM_HOLD_SECONDS: '5', WALLS: 'main,left' })
  gateway = caller(t.url, await t.tokenFor('integration'))
  facts = await demoFacts(gateway)
}, 60_000)
afterAll(async () => {
  for (const s of sockets) s.close()
  await t.close()
})

async function screen(role: 'duty_chief' | 'dispatcher' | 'wall_display' | 'leader', wall = 'main'): Promise<{ socket: TestSocket; states: WallState[]; first: WallState }> {
  const { socket } = await handshake(t.url, await t.authHeaders(role))
  sockets.push(socket!)
  const states: WallState[] = []
  socket!.on('wall:state', (s) => states.push(WallState.parse(s)))
  const ack = (await socket!.timeout(3000).emitWithAck('wall:watch', { wall })) as Ack<WallState>
  if (!ack.ok) throw new Error(`${ack.code}: ${ack.message}`)
  return { socket: socket!, states, first: ack.data }
}

const until = async (check: () => boolean, what: string, ms = 3000) => {
  const end = Date.now() + ms
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}

describe('one wall, many screens', () => {
  it('keeps every screen of a wall in step when one changes it, and a reload gets the same state', async () => {
    const left = await screen('duty_chief')
    const right = await screen('leader')
    const started = Date.now()
    const ack = (await left.socket.timeout(3000).emitWithAck('wall:command', { wall: 'main', command: { type: 'setLayout', layout: '9' } })) as Ack<WallState>
    expect(ack).toMatchObject({ ok: true, data: { layout: '9', version: left.first.version + 1 } })
    await until(() => right.states.some((s) => s.layout === '9'), 'the other screen to follow')
    expect(Date.now() - started).toBeLessThan(1000)
    const reloaded = WallState.parse((await request(`${t.url}/api/v1/walls/main`, { headers: await t.authHeaders('wall_display') })).body)
    expect(reloaded).toEqual(right.states.at(-1))
    expect(reloaded.tiles).toHaveLength(9)
  })

  it('lets a dispatcher push a camera to a wall from the console over HTTP, refusing a stale version', async () => {
    const watcher = await screen('wall_display')
    const camera = t.wall.reference.cameras()[3]!.id
    const headers = await t.authHeaders('dispatcher')
    const pushed = await request(`${t.url}/api/v1/walls/main/commands`, { method: 'POST', headers, body: { version: watcher.first.version, command: { type: 'setTile', tile: 2, cameraId: camera } } })
    expect(pushed.status, JSON.stringify(pushed.body)).toBe(200)
    await until(() => watcher.states.some((s) => s.tiles[2] === camera), 'the pushed camera on the wall')
    const stale = await request(`${t.url}/api/v1/walls/main/commands`, { method: 'POST', headers, body: { version: watcher.first.version, command: { type: 'setTile', tile: 3, cameraId: camera } } })
    expect([stale.status, stale.body.error?.code]).toEqual([409, 'VERSION_CONFLICT'])
    const bad = await request(`${t.url}/api/v1/walls/main/commands`, { method: 'POST', headers, body: { command: { type: 'setTile', tile: 99, cameraId: camera } } })
    expect(bad.status).toBe(422)
    const noAlarm = await request(`${t.url}/api/v1/walls/main/commands`, { method: 'POST', headers, body: { command: { type: 'acknowledgeAlarm', caseId: 'nothing-held' } } })
    expect([noAlarm.status, noAlarm.body.error?.code]).toEqual([409, 'ILLEGAL_TRANSITION'])
    expect(WallState.parse((await request(`${t.url}/api/v1/walls/main`, { headers })).body).tiles[3]).not.toBe(camera)
  })

  it('shows a wall display only its own wall and lets it change nothing', async () => {
    const { socket } = await handshake(t.url, await t.authHeaders('wall_display'))
    sockets.push(socket!)
    // A display issued for "left" (not a generic test token): its principal carries the wall.
    const issued = t.wall.auth.issueDisplay({ kind: 'user', id: 'admin', name: 'admin', role: 'admin', communityId: null, unitId: null, gridId: null, wall: null, terminalId: null }, { name: '左屏', wall: 'left' })
    const leftScreen = await handshake(t.url, { authorization: `Bearer ${issued.token}` })
    expect(leftScreen.error).toBe('UNAUTHENTICATED')
    const signedIn = await request(`${t.url}/api/v1/auth/display`, { method: 'POST', body: { token: issued.token } })
    const cookie = signedIn.headers.get('set-cookie')!.split(';')[0]!
    const display = await handshake(t.url, { cookie })
    sockets.push(display.socket!)
    expect(await display.socket!.timeout(3000).emitWithAck('wall:watch', { wall: 'main' })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    expect(await display.socket!.timeout(3000).emitWithAck('wall:watch', { wall: 'left' })).toMatchObject({ ok: true, data: { name: 'left' } })
    expect(await display.socket!.timeout(3000).emitWithAck('wall:command', { wall: 'left', command: { type: 'setLayout', layout: '1' } })).toMatchObject({ ok: false, code: 'FORBIDDEN' })
  })
})

describe('alarm takeover', () => {
  it('puts the nearest cameras of a new urgent case into alarm tiles, restores the wall on acknowledgement and after the hold', async () => {
    const urgent = facts.urgentCategory!
    const watcher = await screen('duty_chief')
    const before = watcher.first
    const started = Date.now()
    const grid = facts.grids[10]!
    const res = await gateway('POST', '/api/v1/cases', { as: 'intake', body: reportBody(facts, { categoryCode: urgent.code, source: 'hotline', location: grid.point }) })
    const c = Case.parse(res.body)
    await until(() => watcher.states.some((s) => s.alarm?.caseId === c.id), 'the alarm takeover')
    expect(Date.now() - started).toBeLessThan(1000)
    const held = watcher.states.find((s) => s.alarm?.caseId === c.id)!
    expect(held.alarm).toMatchObject({ code: c.code, tiles: expect.any(Array) })
    expect(held.alarm!.cameraIds.length).toBeGreaterThan(0)
    expect(held.alarm!.tiles.map((i) => held.tiles[i])).toEqual(held.alarm!.cameraIds.slice(0, held.alarm!.tiles.length))

    const ack = await watcher.socket.timeout(3000).emitWithAck('wall:command', { wall: 'main', command: { type: 'acknowledgeAlarm', caseId: c.id } })
    expect(ack).toMatchObject({ ok: true, data: { alarm: null, alarmQueue: [], tiles: before.tiles } })

    // A second one is not acknowledged: the hold (5 s here) runs out and the wall comes back by itself.
    const second = Case.parse((await gateway('POST', '/api/v1/cases', { as: 'intake', body: reportBody(facts, { categoryCode: urgent.code, source: 'hotline', title: '又一起', location: facts.grids[20]!.point }) })).body)
    await until(() => watcher.states.some((s) => s.alarm?.caseId === second.id), 'the second takeover')
    await until(() => watcher.states.at(-1)!.alarm === null, 'the hold to expire', 9000)
    expect(watcher.states.at(-1)!.tiles).toEqual(before.tiles)
  }, 20_000)
})

const wallNames = () => (t.wall.db.prepare('SELECT name FROM walls ORDER BY name').pluck().all() as string[])

describe('which walls exist', () => {
  it('knows only the configured walls and those an administrator creates; reading or watching another stores nothing', async () => {
    expect(wallNames()).toEqual(['left', 'main'])
    const worker = await t.authHeaders('grid_worker')
    const unknown = await request(`${t.url}/api/v1/walls/ghost`, { headers: worker })
    expect([unknown.status, unknown.body.error?.code]).toEqual([404, 'NOT_FOUND'])
    const { socket } = await handshake(t.url, worker)
    sockets.push(socket!)
    expect(await socket!.timeout(3000).emitWithAck('wall:watch', { wall: 'ghost' })).toMatchObject({ ok: false, code: 'NOT_FOUND' })
    // A command to a wall that is not there, or one the wall refuses: 4xx, and no row either way.
    const duty = await t.authHeaders('duty_chief')
    const command = await request(`${t.url}/api/v1/walls/ghost/commands`, { method: 'POST', headers: duty, body: { command: { type: 'setLayout', layout: '9' } } })
    expect(command.status).toBe(404)
    const refused = await request(`${t.url}/api/v1/walls/main/commands`, { method: 'POST', headers: duty, body: { command: { type: 'showAlarm', caseId: 'nobody' } } })
    expect([refused.status, refused.body.error?.code]).toEqual([409, 'ILLEGAL_TRANSITION'])
    expect(wallNames()).toEqual(['left', 'main'])
  })

  it('lets an administrator create and delete a wall, never a configured one, and nobody else', async () => {
    const admin = await t.authHeaders('admin')
    expect((await request(`${t.url}/api/v1/walls`, { method: 'POST', headers: await t.authHeaders('duty_chief'), body: { name: 'right' } })).status).toBe(403)
    const created = await request(`${t.url}/api/v1/walls`, { method: 'POST', headers: admin, body: { name: 'right' } })
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    expect(WallState.parse(created.body)).toMatchObject({ name: 'right', layout: '4', alarm: null, alarmQueue: [] })
    expect((await request(`${t.url}/api/v1/walls/right`, { headers: await t.authHeaders('leader') })).status).toBe(200)
    const again = await request(`${t.url}/api/v1/walls`, { method: 'POST', headers: admin, body: { name: 'right' } })
    expect([again.status, again.body.error?.code]).toEqual([409, 'ALREADY_EXISTS'])
    const badName = await request(`${t.url}/api/v1/walls`, { method: 'POST', headers: admin, body: { name: 'Right Wall' } })
    expect(badName.status).toBe(422)
    expect(wallNames()).toEqual(['left', 'main', 'right'])
    const configured = await request(`${t.url}/api/v1/walls/main`, { method: 'DELETE', headers: admin })
    expect([configured.status, configured.body.error?.code]).toEqual([409, 'ILLEGAL_TRANSITION'])
    expect((await request(`${t.url}/api/v1/walls/right`, { method: 'DELETE', headers: admin })).body).toEqual({ deleted: 'right' })
    expect((await request(`${t.url}/api/v1/walls/right`, { method: 'DELETE', headers: admin })).status).toBe(404)
    expect(wallNames()).toEqual(['left', 'main'])
  })
})

describe('the alarm queue', () => {
  // The duty chief reports, files and dispatches in person: no one acted for through a gateway.
  const asDuty = async (path: string, body: unknown) => (await request(`${t.url}/api/v1${path}`, { method: 'POST', headers: await t.authHeaders('duty_chief'), body })).body
  const report = async (title: string, grid: number) =>
    Case.parse(await asDuty('/cases', reportBody(facts, { categoryCode: facts.urgentCategory!.code, source: 'hotline', title, location: facts.grids[grid]!.point })))
  const mainWall = async () => WallState.parse((await request(`${t.url}/api/v1/walls/main`, { headers: await t.authHeaders('duty_chief') })).body)
  /** Acknowledge everything held or waiting on both walls, whatever the tests before left. */
  const clear = async () => {
    for (const name of ['main', 'left']) {
      for (let s = t.wall.walls.get(name); s.alarm; s = t.wall.walls.get(name)) t.wall.walls.command(name, { type: 'acknowledgeAlarm', caseId: s.alarm.caseId })
    }
  }

  it('keeps the first urgent case on every existing wall, queues the next, and shows it once the first is acknowledged', async () => {
    await clear()
    const first = await report('第一起', 30)
    const second = await report('第二起', 40)
    const left = await screen('leader', 'left')
    for (const wall of [await mainWall(), left.first]) {
      expect(wall.alarm?.caseId).toBe(first.id)
      expect(wall.alarmQueue.map((q) => q.caseId)).toEqual([second.id])
      expect(wall.alarmQueue[0]).toMatchObject({ code: second.code, reportedAt: second.createdAt, urgencyMinutes: expect.any(Number) })
    }
    // Saved once per existing wall: two urgent reports, two walls, nothing for walls that are not there.
    expect(wallNames()).toEqual(['left', 'main'])
    const ack = await request(`${t.url}/api/v1/walls/main/commands`, { method: 'POST', headers: await t.authHeaders('dispatcher'), body: { command: { type: 'acknowledgeAlarm', caseId: first.id } } })
    expect(WallState.parse(ack.body)).toMatchObject({ alarm: { caseId: second.id }, alarmQueue: [] })
    // The left wall still holds the first: each wall acknowledges for itself.
    expect(WallState.parse((await request(`${t.url}/api/v1/walls/left`, { headers: await t.authHeaders() })).body).alarm?.caseId).toBe(first.id)
    await clear()
  })

  it('takes a waiting alarm out of the queue once its case is dispatched', async () => {
    await clear()
    const first = await report('先到', 31)
    const second = await report('后到', 41)
    expect((await mainWall()).alarmQueue.map((q) => q.caseId)).toEqual([second.id])
    const filed = Case.parse(await asDuty(`/cases/${second.id}/transitions`, { action: 'file', version: second.version }))
    expect((await mainWall()).alarmQueue.map((q) => q.caseId)).toEqual([second.id])
    const dispatched = Case.parse(await asDuty(`/cases/${second.id}/transitions`, { action: 'dispatch', version: filed.version, assignee: { kind: 'unit', id: facts.unitId } }))
    expect(dispatched.state).toBe('dispatched')
    const after = await mainWall()
    expect(after).toMatchObject({ alarm: { caseId: first.id }, alarmQueue: [] })
    await clear()
  })
})
