import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import ffmpeg from '@ffmpeg-installer/ffmpeg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type LiveTestOrigin, startLiveTestOrigin } from './testing/liveTestOrigin'
import { type RelayHarness, startRelayHarness, testCamera } from './testing/relayHarness'
import { type SegmentSet, makeTestSegments } from './testing/testMedia'

const run = promisify(execFile)
let media: SegmentSet
let origin: LiveTestOrigin
let relay: RelayHarness

beforeAll(async () => {
  media = await makeTestSegments({ segmentSeconds: 1, count: 6 })
  origin = await startLiveTestOrigin(media, { window: 4 })
  const cam = (id: string) => testCamera(id, `${origin.url}/cameras/${id}/sub/index.m3u8`, `${origin.url}/cameras/${id}/main/index.m3u8`)
  relay = await startRelayHarness({ cameras: [cam('FAN'), cam('REW'), cam('DEC'), testCamera('MASTER', `${origin.url}/cameras/MASTER/sub/index.m3u8`)] })
}, 60_000)
afterAll(async () => {
  await relay?.close()
  await origin?.close()
})

const uriLines = (text: string) => text.split('\n').filter((l) => l && !l.startsWith('#'))
const tagged = (text: string, tag: string) => text.split('\n').filter((l) => l.startsWith(tag))

describe('relay fan-out', () => {
  it('fetches each upstream segment once for 20 concurrent viewers', async () => {
    origin.camera('FAN').segmentDelayMs = 150
    const playlistUrl = await relay.streamUrl('FAN')
    const base = new URL(playlistUrl)
    const served = new Map<number, string[]>()
    const until = Date.now() + 3500
    const viewer = async () => {
      while (Date.now() < until) {
        const text = await (await fetch(playlistUrl)).text()
        await Promise.all(
          uriLines(text).map(async (uri) => {
            const seq = Number(/seg\/(\d+)/.exec(uri)?.[1])
            const res = await fetch(new URL(uri, base))
            expect(res.status).toBe(200)
            const body = Buffer.from(await res.arrayBuffer())
            served.set(seq, [...(served.get(seq) ?? []), body.toString('base64').slice(0, 64) + body.byteLength])
          }),
        )
        await new Promise((r) => setTimeout(r, 200 + Math.random() * 200))
      }
    }
    await Promise.all(Array.from({ length: 20 }, viewer))

    expect(served.size).toBeGreaterThanOrEqual(5)
    for (const [seq, bodies] of served) {
      expect(origin.hits.get(`/cameras/FAN/sub/seg/${seq}.ts`), `upstream fetches of segment ${seq}`).toBe(1)
      expect(new Set(bodies).size, `segment ${seq} is the same for every viewer`).toBe(1)
    }
    // Every viewer got most segments (the newest ones appeared as the run ended).
    const deliveries = [...served.values()].reduce((n, b) => n + b.length, 0)
    expect(deliveries).toBeGreaterThanOrEqual(20 * (served.size - 2))
    // The playlist is cached for half a target duration (0.5 s here): about 7 fetches in 3.5 s, not 20 × 10.
    expect(origin.hits.get('/cameras/FAN/sub/index.m3u8')).toBeLessThanOrEqual(10)
    const stats = relay.video.relay.stats().cache
    expect(stats.coalesced + stats.hits).toBeGreaterThan(stats.loads * 10)
  })
})

describe('playlist rewriting', () => {
  it('lists only relay URLs and keeps media sequence, target duration, program date-time and discontinuities', async () => {
    // Line the window up across a loop of the recording, where the origin has a discontinuity.
    const count = media.files.length
    origin.camera('REW').frozenAt = Math.ceil(origin.newest() / count) * count + 1
    const upstream = await (await fetch(`${origin.url}/cameras/REW/sub/index.m3u8`)).text()
    const text = await (await fetch(await relay.streamUrl('REW'))).text()

    expect(text).not.toContain('127.0.0.1')
    expect(text).not.toContain('/cameras/')
    for (const uri of uriLines(text)) expect(uri).toMatch(/^seg\/\d+\.ts\?exp=\d+&sig=[\w-]{43}$/)
    expect(uriLines(text).map((u) => /seg\/(\d+)/.exec(u)?.[1])).toEqual(uriLines(upstream).map((u) => /seg\/(\d+)/.exec(u)?.[1]))
    for (const tag of ['#EXT-X-MEDIA-SEQUENCE', '#EXT-X-TARGETDURATION', '#EXT-X-DISCONTINUITY-SEQUENCE']) expect(tagged(text, tag)).toEqual(tagged(upstream, tag))
    const pdt = (t: string) => tagged(t, '#EXT-X-PROGRAM-DATE-TIME').map((l) => Date.parse(l.slice(25)))
    expect(pdt(text)).toEqual(pdt(upstream))
    expect(pdt(text)).toHaveLength(4)
    // The same segments follow a discontinuity in both.
    const afterDisc = (t: string) => t.split('#EXT-X-DISCONTINUITY\n').slice(1).map((part) => /seg\/(\d+)/.exec(part)?.[1])
    expect(afterDisc(text)).toEqual(afterDisc(upstream))
    expect(afterDisc(text).length).toBe(1)
  })

  it('follows a master playlist to the variant for the quality', async () => {
    origin.camera('MASTER').playlist = () =>
      [
        '#EXTM3U',
        '#EXT-X-STREAM-INF:BANDWIDTH=2000000,RESOLUTION=1280x720',
        '/cameras/HI/main/index.m3u8',
        '#EXT-X-STREAM-INF:BANDWIDTH=500000,RESOLUTION=640x360',
        '../../LO/sub/index.m3u8',
        '',
      ].join('\n')
    const text = await (await fetch(await relay.streamUrl('MASTER', 'sub'))).text()
    expect(uriLines(text).length).toBeGreaterThan(0)
    expect(origin.hits.get('/cameras/LO/sub/index.m3u8')).toBe(1)
    expect(origin.hits.get('/cameras/HI/main/index.m3u8')).toBeUndefined()
    await fetch(await relay.streamUrl('MASTER', 'main'))
    expect(origin.hits.get('/cameras/HI/main/index.m3u8')).toBe(1)
  })
})

describe('an independent client', () => {
  it('decodes frames from the relay URL with ffmpeg', async () => {
    const url = await relay.streamUrl('DEC')
    const { stderr } = await run(ffmpeg.path, ['-hide_banner', '-i', url, '-t', '2', '-f', 'null', '-'], { timeout: 30_000 })
    const frames = Number([...stderr.matchAll(/frame=\s*(\d+)/g)].pop()?.[1] ?? 0)
    expect(frames).toBeGreaterThanOrEqual(25)
    expect(stderr).toMatch(/Video: h264/)
  }, 40_000)
})
