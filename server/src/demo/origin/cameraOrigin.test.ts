import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadDemoConfig } from '../demoConfig'
import { liveChildren } from '../../cameras/relay/childGuard'
import type { FleetCamera } from '../fleet/cameraLook'
import type { Quality } from '../fleet/clipStore'
import { FFMPEG_PATH } from '../fleet/ffmpegJob'
import { type CameraOrigin, startCameraOrigin } from './startCameraOrigin'

/**
 * The real thing, small: two cameras (one scene between them) with 4-second loops encoded by the real ffmpeg into a temp
 * folder, served by the origin on an ephemeral port, read back by an independent ffmpeg.
 */
const cameras: FleetCamera[] = [
  { id: 'CAM001', name: '鼓楼东大街-路口-03', site: 'junction' },
  { id: 'CAM003', name: '沙河早市-入口-01', site: 'junction' },
]
let dir: string
let origin: CameraOrigin

async function waitReady(id: string, quality: Quality, ms = 25_000): Promise<void> {
  const until = Date.now() + ms
  while (origin.fleet.state(id, quality) !== 'ready') {
    if (Date.now() > until) throw new Error(`${id}/${quality} not encoded within ${ms} ms (state ${origin.fleet.state(id, quality)})`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

/** A request with the path sent exactly as written (fetch would normalise `..` away). */
function rawGet(pathname: string, method = 'GET'): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  const { hostname, port } = new URL(origin.url)
  return new Promise((resolve, reject) => {
    const req = http.request({ host: hostname, port, path: pathname, method }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }))
    })
    req.on('error', reject)
    req.end()
  })
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gulou-fleet-test-'))
  const config = loadDemoConfig({
    DATA_DIR: dir,
    CAMERA_ORIGIN_PORT: '0',
    FLEET_LOOP_SECONDS: '4',
    FLEET_PREENCODE: 'sub',
    FLEET_OFFLINE_SHARE: '0',
    FLEET_FLAPPING: '0',
    FLEET_STALLED: '0',
  })
  origin = await startCameraOrigin({ config, logger: pino({ level: 'silent' }), registry: { cameras: () => cameras } })
})

afterAll(async () => {
  await origin?.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

describe('camera origin', () => {
  it('answers 503 for a camera whose clip is not encoded yet, then serves it as a live playlist', async () => {
    const early = await rawGet('/cameras/CAM001/sub/index.m3u8')
    expect(early.status).toBe(503)
    expect(Number(early.headers['retry-after'])).toBeGreaterThan(0)
    // How far the fleet is, in the error envelope's details, for the tile to show.
    const progress = (JSON.parse(early.body.toString()) as { error: { details: { progress: { ready: number; total: number; ahead: number | null } } } }).error.details.progress
    expect(progress.total).toBeGreaterThan(0)
    expect(progress.ready).toBeLessThan(progress.total)

    await waitReady('CAM001', 'sub')
    const res = await fetch(`${origin.url}/cameras/CAM001/sub/index.m3u8`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/vnd.apple.mpegurl')
    const text = await res.text()
    expect(text).toContain('#EXT-X-TARGETDURATION:2')
    const seq = Number(/#EXT-X-MEDIA-SEQUENCE:(\d+)/.exec(text)![1])
    expect(Math.abs(seq - (Math.floor(Date.now() / 2000) - 7))).toBeLessThanOrEqual(1)
    expect(text.match(/#EXT-X-PROGRAM-DATE-TIME:/g)).toHaveLength(6)
    // A 4 s loop is 2 segments: a wrap (discontinuity) every other segment.
    expect(text.match(/#EXT-X-DISCONTINUITY\n/g)!.length).toBeGreaterThanOrEqual(2)
  })

  it('serves segments from the cached loop as MPEG-TS, and nothing from the future', async () => {
    await waitReady('CAM001', 'sub')
    const text = await (await fetch(`${origin.url}/cameras/CAM001/sub/index.m3u8`)).text()
    const last = text.trim().split('\n').at(-1)!
    const seg = await fetch(`${origin.url}/cameras/CAM001/sub/${last}`)
    expect(seg.status).toBe(200)
    expect(seg.headers.get('content-type')).toBe('video/mp2t')
    const bytes = Buffer.from(await seg.arrayBuffer())
    expect(bytes.length).toBeGreaterThan(10_000)
    expect(bytes[0]).toBe(0x47)
    const future = Number(/seg\/(\d+)\.ts/.exec(last)![1]) + 5
    expect((await fetch(`${origin.url}/cameras/CAM001/sub/seg/${future}.ts`)).status).toBe(404)
  })

  it('is decodable by an independent ffmpeg reading the live URL', async () => {
    await waitReady('CAM001', 'sub')
    const stderr = await new Promise<string>((resolve, reject) => {
      const child = spawn(FFMPEG_PATH, ['-hide_banner', '-nostdin', '-i', `${origin.url}/cameras/CAM001/sub/index.m3u8`, '-frames:v', '20', '-f', 'null', '-'])
      let err = ''
      child.stderr.on('data', (c: Buffer) => (err += c.toString()))
      child.once('error', reject)
      child.once('close', (code) => (code === 0 ? resolve(err) : reject(new Error(`ffmpeg ${code}: ${err.slice(-800)}`))))
    })
    expect(stderr).toMatch(/Video: h264 \(Main\).*640x360/)
    expect(stderr).toMatch(/frame=\s*20\b/)
  })

  it('encodes a main stream when someone asks for it', async () => {
    const first = await rawGet('/cameras/CAM001/main/index.m3u8')
    expect(first.status).toBe(503)
    expect(JSON.parse(first.body.toString())).toMatchObject({ error: { code: 'not_ready' } })
    await waitReady('CAM001', 'main')
    expect((await fetch(`${origin.url}/cameras/CAM001/main/index.m3u8`)).status).toBe(200)
  })

  it.each([
    ['/cameras/../sub/index.m3u8', 400],
    ['/cameras/CAM001/../../../etc/passwd', 404],
    ['/cameras/%2e%2e/sub/index.m3u8', 400],
    ['/cameras/CAM001/..%2f..%2fetc/index.m3u8', 400],
    ['/cameras/CAM001/sub/seg/..%2f..%2fmanifest.json', 404],
    ['/cameras/CAM001/sub/seg/1e3.ts', 404],
    ['/cameras/CAM001/hd/index.m3u8', 400],
    ['/cameras/CAM001/SUB/index.m3u8', 400],
    ['/cameras/CAM999/sub/index.m3u8', 404],
    ['/etc/passwd', 404],
  ])('refuses %s with %i', async (p, status) => {
    const res = await rawGet(p)
    expect(res.status).toBe(status)
    expect(res.body.toString()).not.toContain('root:')
  })

  it('accepts only GET and HEAD', async () => {
    expect((await rawGet('/cameras/CAM001/sub/index.m3u8', 'POST')).status).toBe(405)
    await waitReady('CAM001', 'sub')
    const head = await rawGet('/cameras/CAM001/sub/index.m3u8', 'HEAD')
    expect(head.status).toBe(200)
    expect(head.body.length).toBe(0)
  })

  it('kills a running encode on close and leaves no ffmpeg behind', async () => {
    expect(origin.fleet.state('CAM003', 'main')).toBe('idle')
    await rawGet('/cameras/CAM003/main/index.m3u8')
    expect(['queued', 'encoding']).toContain(origin.fleet.state('CAM003', 'main'))
    await origin.close()
    expect(liveChildren()).toBe(0)
    const children = spawnSync('ps', ['-o', 'comm=', '--ppid', String(process.pid)], { encoding: 'utf8' }).stdout
    expect(children).not.toMatch(/ffmpeg|setpriv/)
    expect(fs.readdirSync(path.join(dir, 'fleet', 'CAM003')).filter((f) => f.includes('.tmp-'))).toEqual([])
  })
})
