import { type Socket, io } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ClientToServerEvents, ServerToClientEvents } from '@shared/events'
import { CameraList, type CameraStatusChanged, StreamLink } from '@shared/schemas/api'
import { type LiveTestOrigin, startLiveTestOrigin } from '../relay/testing/liveTestOrigin'
import { makeTestSegments } from '../relay/testing/testMedia'
import { type TestApp, startTestApp } from '../../testing/testApp'

let origin: LiveTestOrigin
let t: TestApp
let auth: Record<string, string>
let socket: Socket<ServerToClientEvents, ClientToServerEvents>
const events: CameraStatusChanged[] = []

beforeAll(async () => {
  origin = await startLiveTestOrigin(await makeTestSegments({ segmentSeconds: 1, count: 6 }))
  // The demo registry's 562 cameras all point at this origin; the prober makes a full pass a minute.
  t = await startTestApp({ CAMERA_ORIGIN_URL: origin.url, HEALTH_PROBE: '1', HEALTH_PASS_MS: '60000' })
  auth = await t.authHeaders('wall_display')
  socket = io(t.url, { transports: ['websocket'], reconnection: false, extraHeaders: auth })
  socket.on('camera:status', (e) => events.push(e))
  await new Promise((resolve) => socket.once('server:hello', resolve))
}, 120_000)
afterAll(async () => {
  socket?.disconnect()
  await t?.close()
  await origin?.close()
})

const until = async (check: () => boolean | Promise<boolean>, what: string, ms = 10_000) => {
  const end = Date.now() + ms
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}
const cameras = async () => CameraList.parse(await (await fetch(`${t.url}/api/v1/cameras`, { headers: auth })).json()).items

describe('fleet health in the app', () => {
  it('probes the whole fleet in the background and lists each camera with its status', async () => {
    await until(async () => (await cameras()).filter((c) => c.status === 'online').length >= 10, 'ten cameras probed online')
    // Pushes made before this socket finished signing in are not replayed to it: wait for ten of its own.
    await until(() => events.length >= 10, 'ten status pushes')
    const list = await cameras()
    expect(list).toHaveLength(562)
    expect(list.filter((c) => c.status === 'online').length).toBeLessThan(562)
    expect(events.length).toBeGreaterThanOrEqual(10)
    for (const e of events.slice(0, 10)) expect(e).toMatchObject({ status: 'online', newestSegmentAgeMs: expect.any(Number) })
  })

  it('pushes offline and online again as a watched camera drops out and comes back, and the relay recovers', async () => {
    // The last camera: the prober would reach it only at the end of its minute.
    const camera = (await cameras()).at(-1)?.id as string
    const link = StreamLink.parse(await (await fetch(`${t.url}/api/v1/cameras/${camera}/stream?quality=sub`, { headers: auth })).json())
    const url = t.url + link.url
    const statuses = () => events.filter((e) => e.cameraId === camera).map((e) => e.status)
    const play = async () => (await fetch(url, { headers: auth })).status

    expect(await play()).toBe(200)
    await until(() => statuses().at(-1) === 'online', 'online pushed')

    origin.camera(camera).offline = true
    await until(async () => (await play()) === 502 && statuses().at(-1) === 'offline', 'offline pushed')
    expect((await cameras()).find((c) => c.id === camera)?.status).toBe('offline')

    origin.camera(camera).offline = false
    await until(async () => (await play()) === 200 && statuses().at(-1) === 'online', 'online pushed again')
    expect(statuses()).toEqual(['online', 'offline', 'online'])
    const text = await (await fetch(url, { headers: auth })).text()
    const segment = text.split('\n').filter((l) => l.startsWith('seg/')).at(-1) as string
    expect((await fetch(new URL(segment, url), { headers: auth })).status).toBe(200)
    expect((await cameras()).find((c) => c.id === camera)?.status).toBe('online')
  })
})
