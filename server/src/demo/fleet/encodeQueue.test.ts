import pino from 'pino'
import { describe, expect, it } from 'vitest'
import type { FleetCamera } from './cameraLook'
import type { ClipManifest, Quality } from './clipStore'
import { createEncodeQueue, type Preencode } from './encodeQueue'
import { FfmpegAborted } from './ffmpegJob'

const cameras: FleetCamera[] = ['CAM001', 'CAM002', 'CAM003'].map((id) => ({ id, name: id, site: 'road' }))
const manifest = (cameraId: string, quality: Quality): ClipManifest => ({
  cameraId,
  quality,
  recipe: 'r',
  segmentSeconds: 2,
  loopSeconds: 4,
  segments: [{ file: 'seg-0.ts', duration: 2, bytes: 1 }],
  encodeMs: 1,
  encodedAt: '',
})

/** An encoder that finishes each job when the test says so, recording the order it was asked in. */
function fakeEncoder(cached: string[] = []) {
  const order: string[] = []
  const waiting = new Map<string, { resolve: () => void; reject: (e: Error) => void }>()
  let inFlight = 0
  let maxInFlight = 0
  return {
    order,
    get maxInFlight() {
      return maxInFlight
    },
    finish(k: string) {
      waiting.get(k)?.resolve()
    },
    fail(k: string) {
      waiting.get(k)?.reject(new Error('boom'))
    },
    current: (c: FleetCamera, q: Quality) => (cached.includes(`${c.id}/${q}`) ? manifest(c.id, q) : null),
    encode(c: FleetCamera, q: Quality, signal?: AbortSignal): Promise<ClipManifest> {
      const k = `${c.id}/${q}`
      order.push(k)
      maxInFlight = Math.max(maxInFlight, ++inFlight)
      return new Promise<ClipManifest>((resolve, reject) => {
        const done = () => (inFlight--, waiting.delete(k))
        waiting.set(k, { resolve: () => (done(), resolve(manifest(c.id, q))), reject: (e) => (done(), reject(e)) })
        signal?.addEventListener('abort', () => (done(), reject(new FfmpegAborted('cancelled'))))
      })
    },
  }
}

const tick = () => new Promise((r) => setImmediate(r))
const silent = pino({ level: 'silent' })
const queueWith = (encoder: ReturnType<typeof fakeEncoder>, preencode: Preencode = 'all', concurrency = 1) =>
  createEncodeQueue({ cameras, encoder, concurrency, preencode, log: silent })

describe('encode queue', () => {
  it('encodes every sub stream before any main stream, one at a time', async () => {
    const enc = fakeEncoder()
    const q = queueWith(enc)
    q.start()
    for (let i = 0; i < 6; i++) {
      await tick()
      enc.finish(enc.order.at(-1)!)
    }
    await tick()
    expect(enc.order).toEqual(['CAM001/sub', 'CAM002/sub', 'CAM003/sub', 'CAM001/main', 'CAM002/main', 'CAM003/main'])
    expect(enc.maxInFlight).toBe(1)
    expect(q.stats()).toMatchObject({ ready: 6, planned: 6, plannedDone: 6 })
  })

  it('reports progress in words as it goes and when it is done', async () => {
    const lines: string[] = []
    const log = pino({ level: 'info' }, { write: (l: string) => lines.push(JSON.parse(l).msg as string) })
    const enc = fakeEncoder()
    const q = createEncodeQueue({ cameras, encoder: enc, concurrency: 1, preencode: 'all', log })
    q.start()
    for (let i = 0; i < 6; i++) {
      await tick()
      enc.finish(enc.order.at(-1)!)
    }
    await tick()
    expect(lines[0]).toMatch(/0 of 6 clips already encoded; encoding 6 more in the background/)
    expect(lines.some((l) => /^camera fleet: 50% of the clips to make are encoded \(sub streams ready for 3 of 3 cameras, main for 0\); about .* to go$/.test(l))).toBe(true)
    expect(lines.at(-1)).toMatch(/background encoding finished in .*: 6 clips made, 0 failed/)
  })

  it('skips clips already on disk', async () => {
    const enc = fakeEncoder(['CAM001/sub', 'CAM002/sub'])
    const q = queueWith(enc, 'sub')
    q.start()
    expect(q.state('CAM001', 'sub')).toBe('ready')
    expect(enc.order).toEqual(['CAM003/sub'])
    await q.close()
  })

  it('encodes the preferred cameras first, in their order, ahead of what was asked for', async () => {
    const enc = fakeEncoder()
    const q = queueWith(enc, 'sub')
    q.start()
    // CAM001 is already running; then someone asks for CAM002; then the wall's cameras are preferred.
    q.request('CAM002', 'sub')
    q.prefer(['CAM003', 'CAM002'], 'sub')
    expect(q.progress('CAM003', 'sub').ahead).toBe(0)
    for (let i = 0; i < 3; i++) {
      await tick()
      enc.finish(enc.order.at(-1)!)
    }
    await tick()
    expect(enc.order).toEqual(['CAM001/sub', 'CAM003/sub', 'CAM002/sub'])
    await q.close()
  })

  it('lets a requested camera jump the queue', async () => {
    const enc = fakeEncoder()
    const q = queueWith(enc)
    q.start()
    expect(q.request('CAM003', 'main')).toBe('queued')
    enc.finish('CAM001/sub')
    await tick()
    expect(enc.order).toEqual(['CAM001/sub', 'CAM003/main'])
    await q.close()
  })

  it('puts a camera asked for twice in a row (being watched) ahead of ones asked for once (probed)', async () => {
    const enc = fakeEncoder()
    let clock = 1_000_000
    const q = createEncodeQueue({ cameras, encoder: enc, concurrency: 1, preencode: 'none', log: silent, now: () => clock })
    q.start()
    q.request('CAM001', 'sub')
    q.request('CAM002', 'sub')
    q.request('CAM003', 'sub')
    clock += 5000
    q.request('CAM003', 'sub')
    enc.finish('CAM001/sub')
    await tick()
    expect(enc.order).toEqual(['CAM001/sub', 'CAM003/sub'])
    await q.close()
  })

  it('encodes nothing in the background with preencode none, only what is asked for', async () => {
    const enc = fakeEncoder()
    const q = queueWith(enc, 'none')
    q.start()
    expect(enc.order).toEqual([])
    expect(q.state('CAM002', 'sub')).toBe('idle')
    expect(q.request('CAM002', 'sub')).toBe('encoding')
    enc.finish('CAM002/sub')
    await tick()
    expect(q.manifest('CAM002', 'sub')?.cameraId).toBe('CAM002')
    expect(q.request('CAM002', 'sub')).toBe('ready')
  })

  it('runs up to the configured number of encodes at once', async () => {
    const enc = fakeEncoder()
    const q = queueWith(enc, 'all', 2)
    q.start()
    expect(enc.order).toEqual(['CAM001/sub', 'CAM002/sub'])
    await q.close()
    expect(enc.maxInFlight).toBe(2)
  })

  it('marks a failed clip and does not retry it on every request', async () => {
    const enc = fakeEncoder()
    const q = queueWith(enc, 'none')
    q.start()
    q.request('CAM001', 'sub')
    enc.fail('CAM001/sub')
    await tick()
    expect(q.state('CAM001', 'sub')).toBe('failed')
    expect(q.request('CAM001', 'sub')).toBe('failed')
    expect(enc.order).toEqual(['CAM001/sub'])
  })

  it('cancels running encodes on close and starts no more', async () => {
    const enc = fakeEncoder()
    const q = queueWith(enc)
    q.start()
    await q.close()
    expect(q.request('CAM002', 'sub')).toBe('idle')
    await tick()
    expect(enc.order).toEqual(['CAM001/sub'])
  })
})
