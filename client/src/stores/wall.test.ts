import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { applyWallCommand, initialWallState, type WallCommand, type WallState } from '@shared/wall/wallState'
import { connectRealtime, resetRealtime } from '../realtime/socket'
import { FakeTransport } from '../realtime/testing/fakeTransport'
import { useCaseFocusStore } from './caseFocus'
import { useWallStore } from './wall'

let transport: FakeTransport
const flush = () => new Promise((r) => setTimeout(r, 0))
const at = new Date('2026-11-28T08:00:00Z')

beforeEach(() => {
  setActivePinia(createPinia())
  transport = new FakeTransport()
})
afterEach(() => resetRealtime())

/** The store, watching `main` on a connected fake socket that answered with `state`. */
async function watching(state: WallState) {
  const wall = useWallStore()
  connectRealtime({ createTransport: () => transport })
  transport.connect(0)
  await flush()
  const watch = transport.requests.find((r) => r.name === 'wall:watch')!
  expect(watch.payload).toEqual({ wall: 'main' })
  watch.answer({ ok: true, data: state })
  await flush()
  return wall
}

describe('wall store', () => {
  it('watches its wall on every connect and applies only newer versions of it', async () => {
    const v0 = initialWallState('main', at)
    const wall = await watching(v0)
    expect(wall.state?.version).toBe(0)
    const v1 = applyWallCommand(v0, { type: 'setLayout', layout: '9' }, at)
    const v2 = applyWallCommand(v1, { type: 'setTile', tile: 0, cameraId: 'CAM001' }, at)
    transport.emit('wall:state', v2)
    transport.emit('wall:state', v1)
    expect(wall.state?.version).toBe(2)
    expect(wall.tiles[0]).toBe('CAM001')
    transport.emit('wall:state', { ...applyWallCommand(initialWallState('left', at), { type: 'setLayout', layout: '1' }, at) })
    expect(wall.state?.name).toBe('main')

    transport.drop()
    transport.connect(0)
    await flush()
    expect(transport.requests.filter((r) => r.name === 'wall:watch')).toHaveLength(2)
  })

  it('sends commands to the server and shows what the server answers, not what it asked', async () => {
    const wall = await watching(initialWallState('main', at))
    const sent = wall.command({ type: 'setLayout', layout: '16' })
    await flush()
    const request = transport.requests.find((r) => r.name === 'wall:command')!
    expect(request.payload).toEqual({ wall: 'main', command: { type: 'setLayout', layout: '16' } })
    expect(wall.state?.layout).toBe('4')
    request.answer({ ok: false, code: 'FORBIDDEN', message: 'role "wall_display" lacks permission "wall:control"' })
    expect(await sent).toBe(false)
    expect(wall.error).toMatch(/wall:control/)
    expect(wall.state?.layout).toBe('4')
  })

  it('shows a case pushed onto the wall on its map once per push, not the one it was watched with', async () => {
    const pushed = applyWallCommand(initialWallState('main', at), { type: 'focusCase', caseId: 'c0' }, at)
    const wall = await watching(pushed)
    const focus = useCaseFocusStore()
    expect(focus.request).toBeNull()
    const again = applyWallCommand(pushed, { type: 'focusCase', caseId: 'c1' }, new Date(at.getTime() + 1000))
    transport.emit('wall:state', again)
    expect(focus.request?.caseId).toBe('c1')
    const n = focus.request?.n
    transport.emit('wall:state', applyWallCommand(again, { type: 'setLayout', layout: '9' }, at))
    expect(focus.request?.n).toBe(n)
    expect(wall.state?.layout).toBe('9')
  })

  it('marks the alarm tiles of the wall', async () => {
    const held = applyWallCommand(initialWallState('main', at), { type: 'alarmTakeover', caseId: 'c1', code: 'GL-1', label: '燃气泄漏', cameraIds: ['A', 'B'], timeoutSeconds: 60 }, at)
    const wall = await watching(held)
    expect([...wall.alarmTiles]).toEqual(held.alarm!.tiles)
    expect(wall.tiles.slice(0, 2)).toEqual(['A', 'B'])
  })

  it('holds the alarms waiting behind the one on the wall, in the server\'s order, and follows the next state', async () => {
    const takeover = (caseId: string, urgencyMinutes: number): WallCommand => ({ type: 'alarmTakeover', caseId, code: `GL-${caseId}`, label: '燃气泄漏', cameraIds: ['A'], timeoutSeconds: 60, urgencyMinutes })
    const queued = [takeover('c1', 60), takeover('c2', 120), takeover('c3', 60)].reduce((s, c) => applyWallCommand(s, c, at), initialWallState('main', at))
    const wall = await watching(queued)
    expect(wall.state?.alarm?.caseId).toBe('c1')
    expect(wall.alarmQueue.map((q) => q.caseId)).toEqual(['c3', 'c2'])
    wall.accept(applyWallCommand(queued, { type: 'acknowledgeAlarm', caseId: 'c1' }, at))
    expect(wall.state?.alarm?.caseId).toBe('c3')
    expect(wall.alarmQueue.map((q) => q.caseId)).toEqual(['c2'])
  })
})
