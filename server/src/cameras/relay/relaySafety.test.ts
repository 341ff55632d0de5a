import { Writable } from 'node:stream'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createStreamSigner, loadOrCreateRelayKey } from './streamSigner'
import { type LiveTestOrigin, startLiveTestOrigin } from './testing/liveTestOrigin'
import { type RelayHarness, startRelayHarness, testCamera } from './testing/relayHarness'
import { makeTestSegments } from './testing/testMedia'

let origin: LiveTestOrigin
let foreign: LiveTestOrigin
let cdn: LiveTestOrigin
let relay: RelayHarness
const logLines: string[] = []

const CAMERAS = ['OK', 'FOREIGN_SEG', 'FOREIGN_KEY', 'FILE_SEG', 'DATA_SEG', 'FILE_MAP', 'REDIRECT_FOREIGN', 'REDIRECT_SAME', 'REDIRECT_CDN', 'BIG_SEG', 'BIG_LIST', 'BROKEN']

beforeAll(async () => {
  const media = await makeTestSegments({ segmentSeconds: 1, count: 6 })
  ;[origin, foreign, cdn] = await Promise.all([startLiveTestOrigin(media), startLiveTestOrigin(media), startLiveTestOrigin(media)])
  const cams = CAMERAS.map((id) => testCamera(id, `${origin.url}/cameras/${id}/sub/index.m3u8`))
  const o = new URL(origin.url)
  cams.push(testCamera('CREDS', `http://operator:s3cret@${o.host}/cameras/CREDS/sub/index.m3u8?token=t0ken42`))
  cams.push(testCamera('FILE_CAM', 'file:///etc/passwd'), testCamera('NOT_HLS', `${origin.url}/cameras/x/sub/video.ts`))
  const log = pino({ level: 'debug' }, new Writable({ write: (chunk: Buffer, _e, cb) => (logLines.push(chunk.toString()), cb()) }))
  relay = await startRelayHarness({
    cameras: cams,
    log,
    env: { RELAY_ALLOWED_HOSTS: new URL(cdn.url).host, RELAY_MAX_SEGMENT_BYTES: '100000', RELAY_MAX_PLAYLIST_BYTES: '20000', RELAY_MAX_SEGMENTS: '3' },
  })
  const swap = (id: string, f: (line: string) => string) => (origin.camera(id).playlist = (live) => live.split('\n').map((l) => (l.startsWith('seg/') ? f(l) : l)).join('\n'))
  swap('FOREIGN_SEG', (l) => `${foreign.url}/cameras/X/sub/${l}`)
  swap('FILE_SEG', () => 'file:///etc/passwd')
  swap('DATA_SEG', () => 'data:video/mp2t;base64,R0dHRw==')
  origin.camera('FOREIGN_KEY').playlist = (live) => live.replace('#EXT-X-PROGRAM', `#EXT-X-KEY:METHOD=AES-128,URI="${foreign.url}/key"\n#EXT-X-PROGRAM`)
  origin.camera('FILE_MAP').playlist = (live) => live.replace('#EXT-X-PROGRAM', '#EXT-X-MAP:URI="file:///etc/shadow"\n#EXT-X-PROGRAM')
  origin.camera('REDIRECT_FOREIGN').redirectTo = `${foreign.url}/cameras/X/sub/index.m3u8`
  origin.camera('REDIRECT_SAME').redirectTo = '/cameras/SAME_TARGET/sub/index.m3u8'
  origin.camera('REDIRECT_CDN').redirectTo = `${cdn.url}/cameras/ON_CDN/sub/index.m3u8`
  origin.camera('BIG_SEG').segmentBody = Buffer.alloc(300_000, 0x47)
  origin.camera('BIG_LIST').playlist = (live) => live + `# ${'x'.repeat(30_000)}\n`
}, 60_000)
afterAll(async () => {
  await relay?.close()
  await Promise.all([origin?.close(), foreign?.close(), cdn?.close()])
})

const get = async (url: string) => {
  const res = await fetch(url)
  return { status: res.status, text: await res.text() }
}
const segmentUrl = async (playlistUrl: string) => {
  const text = (await get(playlistUrl)).text
  const uri = text.split('\n').find((l) => l.startsWith('seg/'))
  return new URL(uri as string, playlistUrl).href
}

describe('upstream safety', () => {
  it('serves a well-behaved camera, cut to RELAY_MAX_SEGMENTS', async () => {
    const res = await get(await relay.streamUrl('OK'))
    expect(res.status).toBe(200)
    const upstream = (await get(`${origin.url}/cameras/OK/sub/index.m3u8`)).text
    expect(upstream.match(/^seg\//gm)).toHaveLength(4)
    expect(res.text.match(/^seg\//gm)).toHaveLength(3)
  })

  it.each([
    ['a segment on a foreign host', 'FOREIGN_SEG'],
    ['a key on a foreign host', 'FOREIGN_KEY'],
    ['a file: segment', 'FILE_SEG'],
    ['a data: segment', 'DATA_SEG'],
    ['a file: init section', 'FILE_MAP'],
    ['a redirect to a foreign host', 'REDIRECT_FOREIGN'],
    ['an oversized playlist', 'BIG_LIST'],
  ])('refuses a playlist with %s (502) and never contacts anything else', async (_what, id) => {
    const res = await get(await relay.streamUrl(id))
    expect(res.status).toBe(502)
    expect(res.text).toContain('UPSTREAM_FAILED')
    expect(res.text).not.toMatch(/127\.0\.0\.1|file:|data:/)
    expect(foreign.hits.size).toBe(0)
  })

  it('follows a redirect within the camera host and to an allow-listed host', async () => {
    const same = await get(await relay.streamUrl('REDIRECT_SAME'))
    expect(same.status).toBe(200)
    // Relative segment URIs resolve against where the playlist really came from.
    expect((await fetch(await segmentUrl(await relay.streamUrl('REDIRECT_SAME')))).status).toBe(200)
    expect(origin.hitsMatching(/^\/cameras\/SAME_TARGET\/sub\/seg\//)).toBeGreaterThan(0)
    expect((await get(await relay.streamUrl('REDIRECT_CDN'))).status).toBe(200)
    expect(cdn.hits.get('/cameras/ON_CDN/sub/index.m3u8')).toBe(1)
  })

  it('refuses an oversized segment and keeps none of it', async () => {
    const url = await segmentUrl(await relay.streamUrl('BIG_SEG'))
    expect((await get(url)).status).toBe(502)
    expect((await get(url)).status).toBe(502)
    expect(relay.video.relay.cachedBytes('BIG_SEG')).toBe(0)
    expect(origin.hits.get(new URL(url).pathname.replace('/relay/BIG_SEG/sub/seg/', '/cameras/BIG_SEG/sub/seg/'))).toBeGreaterThanOrEqual(2)
    expect(logLines.join('')).toMatch(/over the cap of 100000/)
  })

  it('refuses registry entries it must not open (file:, non-playlist http) without starting anything', async () => {
    expect((await get(await relay.streamUrl('FILE_CAM'))).status).toBe(502)
    expect((await get(await relay.streamUrl('NOT_HLS'))).status).toBe(502)
    expect(relay.video.relay.stats().remuxProcesses).toBe(0)
  })

  it('keeps camera credentials away from the browser and the logs', async () => {
    const playlist = await get(await relay.streamUrl('CREDS'))
    expect(playlist.status).toBe(200)
    expect(origin.headers.get('/cameras/CREDS/sub/index.m3u8')?.authorization).toBe(`Basic ${Buffer.from('operator:s3cret').toString('base64')}`)
    expect((await fetch(await segmentUrl(await relay.streamUrl('CREDS')))).status).toBe(200)
    origin.camera('CREDS').offline = true
    await new Promise((r) => setTimeout(r, 600))
    expect((await get(await relay.streamUrl('CREDS'))).status).toBe(502)
    origin.camera('CREDS').offline = false
    const everything = playlist.text + logLines.join('')
    expect(logLines.join('')).toContain('/cameras/CREDS/sub/index.m3u8')
    expect(everything).not.toMatch(/s3cret|t0ken42|operator/)
  })
})

describe('signed links', () => {
  it('answers 403 to a missing, tampered or foreign signature and 410 to an expired one', async () => {
    const good = new URL(await relay.streamUrl('OK'))
    expect((await get(good.href)).status).toBe(200)
    const status = async (mutate: (u: URL) => void) => {
      const u = new URL(good.href)
      mutate(u)
      return (await get(u.href)).status
    }
    expect(await status((u) => (u.search = ''))).toBe(403)
    expect(await status((u) => u.searchParams.delete('sig'))).toBe(403)
    // A changed first character is always another signature (ending in "AA" could be the genuine one).
    expect(await status((u) => u.searchParams.set('sig', ((s) => `${s.startsWith('A') ? 'B' : 'A'}${s.slice(1)}`)(u.searchParams.get('sig') ?? '')))).toBe(403)
    expect(await status((u) => u.searchParams.set('exp', String(Number(u.searchParams.get('exp')) + 3600)))).toBe(403)
    // Another camera's link, and the same camera's link for the other quality.
    expect(await status((u) => (u.pathname = u.pathname.replace('/OK/', '/BROKEN/')))).toBe(403)
    expect(await status((u) => (u.pathname = u.pathname.replace('/sub/', '/main/')))).toBe(403)
    const segment = new URL(await segmentUrl(good.href))
    segment.pathname = segment.pathname.replace('/OK/', '/FOREIGN_SEG/')
    expect((await get(segment.href)).status).toBe(403)

    const late = createStreamSigner({ key: loadOrCreateRelayKey(relay.dataDir), ttlMs: 1000, now: () => Date.now() - 60_000 })
    const { exp, sig } = late.sign({ cameraId: 'OK', quality: 'sub', userId: 'test-viewer' })
    const expired = await get(`${relay.url}/relay/OK/sub/index.m3u8?exp=${exp}&sig=${sig}`)
    expect(expired.status).toBe(410)
    expect(expired.text).toContain('LINK_EXPIRED')
    expect((await get(`${relay.url}/relay/OK/sub/seg/1.ts?exp=${exp}&sig=${sig}`)).status).toBe(410)
  })

  it('addresses nothing but numbered segments of the signed camera', async () => {
    const good = new URL(await relay.streamUrl('OK'))
    for (const p of ['seg/..%2F..%2Fetc%2Fpasswd', 'seg/1.ts/../../x', '..%2Fx', 'seg/99999999.ts']) {
      const u = new URL(good.href)
      u.pathname = u.pathname.replace('index.m3u8', p)
      expect((await get(u.href)).status, p).toBe(404)
    }
    expect((await fetch(`${relay.url}/api/v1/cameras/NOPE/stream`)).status).toBe(404)
    expect((await fetch(`${relay.url}/api/v1/cameras/OK/stream?quality=4k`)).status).toBe(422)
  })
})
