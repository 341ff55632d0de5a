import { describe, expect, it } from 'vitest'
import { wallHlsConfig } from './hlsConfig'

const config = wallHlsConfig('/assets/hls.worker.js')

describe('wallHlsConfig', () => {
  it('caps what a tile may hold: a few seconds behind the playhead and a bounded window ahead', () => {
    expect(config.backBufferLength).toBeLessThanOrEqual(5)
    expect(config.maxBufferLength).toBeLessThanOrEqual(10)
    expect(config.maxMaxBufferLength).toBeLessThanOrEqual(15)
    expect(config.maxBufferLength!).toBeLessThanOrEqual(config.maxMaxBufferLength!)
    // hls.js buffers up to 8 × maxBufferSize / bitrate seconds: with a 500 kbps sub stream that
    // must not reach past maxMaxBufferLength by an order of magnitude.
    expect((8 * config.maxBufferSize!) / 500_000).toBeLessThanOrEqual(40)
  })

  it('sits a few target durations behind live and lets hls.js jump back when far behind', () => {
    expect(config.liveSyncDurationCount).toBeGreaterThanOrEqual(2)
    expect(config.liveSyncDurationCount).toBeLessThanOrEqual(3)
    expect(config.liveMaxLatencyDurationCount!).toBeGreaterThan(config.liveSyncDurationCount!)
    expect(Number.isFinite(config.liveMaxLatencyDurationCount)).toBe(true)
    // hls.js rejects a config that mixes the *Count and the absolute forms.
    expect(config.liveSyncDuration).toBeUndefined()
    expect(config.liveMaxLatencyDuration).toBeUndefined()
  })

  it('plays plain HLS (no low-latency mode) with the transmuxer in our own worker script', () => {
    expect(config.lowLatencyMode).toBe(false)
    expect(config.enableWorker).toBe(true)
    expect(config.workerPath).toBe('/assets/hls.worker.js')
  })

  it('gives up on a late live segment within seconds instead of the default two minutes', () => {
    const frag = config.fragLoadPolicy!.default
    expect(frag.maxLoadTimeMs).toBeLessThanOrEqual(10_000)
    expect(frag.errorRetry!.maxNumRetry).toBeLessThanOrEqual(3)
    for (const p of [config.manifestLoadPolicy!, config.playlistLoadPolicy!, config.fragLoadPolicy!]) {
      expect(p.default.errorRetry!.maxRetryDelayMs).toBeLessThanOrEqual(4_000)
    }
  })
})
