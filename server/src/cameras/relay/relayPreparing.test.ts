import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type LiveTestOrigin, startLiveTestOrigin } from './testing/liveTestOrigin'
import { type RelayHarness, startRelayHarness, testCamera } from './testing/relayHarness'
import { makeTestSegments } from './testing/testMedia'

let origin: LiveTestOrigin
let relay: RelayHarness

const envelope = (progress: unknown) => JSON.stringify({ error: { code: 'not_ready', message: 'its clip is being prepared', details: { progress } } })

beforeAll(async () => {
  origin = await startLiveTestOrigin(await makeTestSegments({ segmentSeconds: 1, count: 4 }))
  const ids = ['PREP', 'DOWN', 'LIAR', 'SLOW']
  relay = await startRelayHarness({ cameras: ids.map((id) => testCamera(id, `${origin.url}/cameras/${id}/sub/index.m3u8`)) })
  origin.camera('PREP').preparing = { retryAfter: '7', body: envelope({ ready: 12, total: 545, ahead: 3 }) }
  origin.camera('DOWN').offline = true
  origin.camera('LIAR').preparing = { retryAfter: '5', body: envelope({ ready: -4, total: 'lots', ahead: 1e12 }) }
  origin.camera('SLOW').preparing = { retryAfter: 'Wed, 21 Oct 2037 07:28:00 GMT', body: envelope({ ready: 1, total: 2, ahead: 0 }) }
}, 60_000)
afterAll(async () => {
  await relay?.close()
  await origin?.close()
})

describe('a camera whose source is not ready yet', () => {
  it('answers 503 CAMERA_PREPARING with the source\'s Retry-After and progress, not 502', async () => {
    const res = await fetch(await relay.streamUrl('PREP'))
    expect(res.status).toBe(503)
    expect(res.headers.get('retry-after')).toBe('7')
    const body = (await res.json()) as { error: { code: string; details: { progress: unknown } } }
    expect(body.error.code).toBe('CAMERA_PREPARING')
    expect(body.error.details.progress).toEqual({ ready: 12, total: 545, ahead: 3 })
  })

  it('is preparing in camera health, not offline, however often it is asked', async () => {
    const url = await relay.streamUrl('PREP')
    for (let i = 0; i < 4; i++) await (await fetch(url)).arrayBuffer()
    expect(relay.video.health.status('PREP')).toBe('preparing')
    expect(relay.video.health.counts().offline).toBe(0)
  })

  it('plays as soon as the source has its picture', async () => {
    origin.camera('PREP').preparing = undefined
    const url = await relay.streamUrl('PREP')
    // The relay may hold the last answer for a moment; a player asking again after Retry-After gets the picture.
    let res = await fetch(url)
    for (let i = 0; i < 20 && res.status !== 200; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100))
      res = await fetch(url)
    }
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('#EXTINF')
    expect(relay.video.health.status('PREP')).toBe('online')
  })

  it('keeps a plain 503 (no Retry-After) an outage: 502 and, after repeated failures, offline', async () => {
    const url = await relay.streamUrl('DOWN')
    const res = await fetch(url)
    expect(res.status).toBe(502)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('UPSTREAM_FAILED')
    await new Promise((resolve) => setTimeout(resolve, 1100))
    await (await fetch(url)).arrayBuffer()
    expect(relay.video.health.status('DOWN')).toBe('offline')
  })

  it('passes on no progress figures a source made up', async () => {
    const res = await fetch(await relay.streamUrl('LIAR'))
    expect(res.status).toBe(503)
    expect(((await res.json()) as { error: { details: { progress: unknown } } }).error.details.progress).toBeNull()
  })

  it('treats a Retry-After that is not delta-seconds as an outage', async () => {
    expect((await fetch(await relay.streamUrl('SLOW'))).status).toBe(502)
  })
})
