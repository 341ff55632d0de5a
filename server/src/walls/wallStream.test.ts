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
  t = await startTestApp({ ALARM_HOLD_SECONDS: '5' })
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
    const issued = t.wall.auth.issueDisplay({ kind: 'user', id: 'admin', name: 'admin', role: 'admin', communityId: null, unitId: null, gridId: null, wall: null }, { name: '左屏', wall: 'left' })
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
    expect(ack).toMatchObject({ ok: true, data: { alarm: null, tiles: before.tiles } })

    // A second one is not acknowledged: the hold (5 s here) runs out and the wall comes back by itself.
    const second = Case.parse((await gateway('POST', '/api/v1/cases', { as: 'intake', body: reportBody(facts, { categoryCode: urgent.code, source: 'hotline', title: '又一起', location: facts.grids[20]!.point }) })).body)
    await until(() => watcher.states.some((s) => s.alarm?.caseId === second.id), 'the second takeover')
    await until(() => watcher.states.at(-1)!.alarm === null, 'the hold to expire', 9000)
    expect(watcher.states.at(-1)!.tiles).toEqual(before.tiles)
  }, 20_000)
})
