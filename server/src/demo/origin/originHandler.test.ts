import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ClipManifest, FleetSettings, Quality } from '../fleet/clipStore'
import type { CameraFate } from '../fleet/fleetRoster'
import { createOriginHandler } from './originHandler'

/** The origin's answers for misbehaving cameras, on a fake clock, over real HTTP. */
const ids = ['OFF503', 'OFF404', 'OFFRST', 'FLAP', 'STALL', 'OK']
const fates = new Map<string, CameraFate>([
  ['OFF503', { kind: 'offline', answer: 'http-503' }],
  ['OFF404', { kind: 'offline', answer: 'http-404' }],
  ['OFFRST', { kind: 'offline', answer: 'reset' }],
  ['FLAP', { kind: 'flapping', periodMs: 60_000, phaseMs: 0 }],
  ['STALL', { kind: 'stalled', cycleMs: 300_000, liveMs: 60_000, phaseMs: 0 }],
])
// A whole number of 5-minute cycles: flapping is online and the stalled camera live at T0.
const T0 = 1_800_000_000_000 - (1_800_000_000_000 % 600_000)
let clock = T0
let dir: string
let server: http.Server
let base: string

const manifest = (cameraId: string, quality: Quality): ClipManifest => ({
  cameraId,
  quality,
  recipe: 'test',
  segmentSeconds: 2,
  loopSeconds: 4,
  segments: [
    { file: 'seg-0.ts', duration: 2, bytes: 188 },
    { file: 'seg-1.ts', duration: 2, bytes: 188 },
  ],
  encodeMs: 1,
  encodedAt: '',
})

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gulou-origin-handler-'))
  for (const id of ids) {
    fs.mkdirSync(path.join(dir, id, 'sub'), { recursive: true })
    for (const n of [0, 1]) fs.writeFileSync(path.join(dir, id, 'sub', `seg-${n}.ts`), Buffer.alloc(188, 0x47))
  }
  const settings: FleetSettings = { dir, loopSeconds: 4, segmentSeconds: 2, fps: 15 }
  const handler = createOriginHandler({
    cameras: new Map(ids.map((id) => [id, { id, name: id }])),
    fates,
    queue: { manifest, request: () => 'ready', progress: () => ({ ready: 0, total: ids.length, ahead: 0 }), stats: () => ({ ready: 0, encoding: 0, queued: 0, planned: 0, plannedDone: 0, avgSubMs: null, avgMainMs: null }) },
    settings,
    windowSize: 6,
    log: pino({ level: 'silent' }),
    now: () => clock,
  })
  server = http.createServer(handler)
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise((r) => server.close(r))
  fs.rmSync(dir, { recursive: true, force: true })
})

const playlist = async (id: string) => {
  const res = await fetch(`${base}/cameras/${id}/sub/index.m3u8`)
  return { status: res.status, text: await res.text() }
}
const sequenceOf = (text: string) => Number(/#EXT-X-MEDIA-SEQUENCE:(\d+)/.exec(text)![1])

describe('origin answers for the roster', () => {
  it('serves a normal camera', async () => {
    clock = T0 + 500
    expect((await playlist('OK')).status).toBe(200)
  })

  it('answers offline cameras with 503, 404 or a dropped connection', async () => {
    const off = await fetch(`${base}/cameras/OFF503/sub/index.m3u8`)
    expect(off.status).toBe(503)
    // No Retry-After: that would mean "not ready yet" to the relay, and a dead camera promises nothing.
    expect(off.headers.get('retry-after')).toBeNull()
    expect((await fetch(`${base}/cameras/OFF404/sub/index.m3u8`)).status).toBe(404)
    await expect(fetch(`${base}/cameras/OFFRST/sub/index.m3u8`)).rejects.toThrow()
    expect((await fetch(`${base}/cameras/OFF503/sub/seg/1.ts`)).status).toBe(503)
  })

  it('lets a flapping camera go offline and come back with the clock', async () => {
    clock = T0 + 1000
    expect((await playlist('FLAP')).status).toBe(200)
    clock = T0 + 61_000
    expect((await playlist('FLAP')).status).toBe(503)
    clock = T0 + 121_000
    expect((await playlist('FLAP')).status).toBe(200)
  })

  it('freezes a stalled camera: playlist still served, media sequence not advancing, its segments still there', async () => {
    clock = T0 + 10_000
    const liveA = sequenceOf((await playlist('STALL')).text)
    clock = T0 + 20_000
    expect(sequenceOf((await playlist('STALL')).text)).toBe(liveA + 5)

    clock = T0 + 90_000
    const frozen = await playlist('STALL')
    expect(frozen.status).toBe(200)
    clock = T0 + 200_000
    const still = await playlist('STALL')
    expect(sequenceOf(still.text)).toBe(sequenceOf(frozen.text))
    expect(still.text).toBe(frozen.text)
    const lastUri = still.text.trim().split('\n').at(-1)!
    expect((await fetch(`${base}/cameras/STALL/sub/${lastUri}`)).status).toBe(200)
    // Meanwhile a healthy camera's playlist has moved on.
    expect(sequenceOf((await playlist('OK')).text)).toBeGreaterThan(sequenceOf(still.text) + 50)

    clock = T0 + 300_500
    expect(sequenceOf((await playlist('STALL')).text)).toBeGreaterThan(sequenceOf(still.text) + 100)
  })
})
