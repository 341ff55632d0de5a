import { describe, expect, it } from 'vitest'
import type { CameraStatusChanged } from '@shared/schemas/api'
import type { HealthObservation } from '../upstream/streamObservation'
import { STREAM_FRESH_MS, createCameraHealth } from './cameraHealthStore'
import { createHealthProber } from './healthProber'
import { createLogger } from '../../core/logger'
import { testCamera } from '../relay/testing/relayHarness'

const T0 = Date.parse('2026-05-01T08:00:00Z')

function setup() {
  let t = T0
  const health = createCameraHealth({ now: () => t })
  const changes: CameraStatusChanged[] = []
  health.onChange((c) => changes.push(c))
  return { health, changes, advance: (ms: number) => (t += ms), now: () => t }
}

const seen = (lastSeq: number, pdt: number | null, extra: Partial<HealthObservation> = {}): HealthObservation =>
  ({ kind: 'playlist', cameraId: 'C1', quality: 'sub', lastSeq, newestPdtMs: pdt, newestDurationMs: 2000, targetDurationMs: 2000, endList: false, ...extra }) as HealthObservation

describe('camera health', () => {
  it('is unknown until observed, then online, stalled after 3 target durations without progress, online again when it moves', () => {
    const { health, changes, advance, now } = setup()
    expect(health.status('C1')).toBe('unknown')
    health.report(seen(10, now() - 3000))
    expect(changes).toEqual([{ cameraId: 'C1', status: 'online', newestSegmentAgeMs: 1000, at: new Date(T0).toISOString() }])
    advance(5000)
    health.report(seen(10, T0 - 3000))
    expect(health.status('C1')).toBe('online')
    advance(1500)
    health.report(seen(10, T0 - 3000))
    expect(health.status('C1')).toBe('stalled')
    expect(changes.at(-1)).toMatchObject({ status: 'stalled', newestSegmentAgeMs: 7500 })
    advance(500)
    health.report(seen(11, now() - 2100))
    expect(changes.map((c) => c.status)).toEqual(['online', 'stalled', 'online'])
  })

  it('goes offline when a working stream fails twice in a row, not on one glitch, and carries no age', () => {
    const { health, changes } = setup()
    const failed: HealthObservation = { kind: 'failed', cameraId: 'C1', quality: 'sub', reason: 'answered 503' }
    health.report(seen(1, null))
    health.report(failed)
    expect(health.status('C1')).toBe('online')
    health.report(seen(2, null))
    health.report(failed)
    expect(health.status('C1')).toBe('online')
    health.report(failed)
    expect(changes.map((c) => c.status)).toEqual(['online', 'offline'])
    expect(changes.at(-1)).toMatchObject({ status: 'offline', newestSegmentAgeMs: null })
    expect(health.counts()).toMatchObject({ offline: 1, online: 0 })
  })

  it('calls a camera never seen working offline on its first failure', () => {
    const { health } = setup()
    health.report({ kind: 'failed', cameraId: 'C1', quality: 'main', reason: 'connection reset' })
    expect(health.snapshot('C1')).toMatchObject({ status: 'offline', newestSegmentAgeMs: null })
  })

  it('keeps a camera online while its other stream plays, and goes by the fresh news once that stream is old', () => {
    const { health, changes, advance } = setup()
    const mainFailed: HealthObservation = { kind: 'failed', cameraId: 'C1', quality: 'main', reason: 'answered 503 not_ready' }
    health.report(seen(1, null))
    health.report(mainFailed)
    health.report(mainFailed)
    expect(health.status('C1')).toBe('online')
    advance(STREAM_FRESH_MS - 1000)
    health.report(mainFailed)
    expect(health.status('C1')).toBe('online')
    advance(2000)
    health.report(mainFailed)
    expect(health.status('C1')).toBe('offline')
    health.report({ ...seen(7, null), quality: 'main' } as HealthObservation)
    expect(changes.map((c) => c.status)).toEqual(['online', 'offline', 'online'])
  })

  it('judges a first look by program date-time, tolerating some clock skew', () => {
    const { health, now } = setup()
    health.report(seen(5, now() - 2000 - 14_000))
    expect(health.status('C1')).toBe('online')
    health.report({ ...seen(5, now() - 60_000), cameraId: 'C2' } as HealthObservation)
    expect(health.status('C2')).toBe('stalled')
    health.report({ ...seen(5, null, { endList: true }), cameraId: 'C3' } as HealthObservation)
    expect(health.status('C3')).toBe('stalled')
    health.report({ kind: 'reachable', cameraId: 'C4', quality: 'sub' })
    expect(health.snapshot('C4')).toMatchObject({ status: 'online', newestSegmentAgeMs: null })
  })

  it('keeps telling the other listeners when one throws', () => {
    const { health, changes } = setup()
    health.onChange(() => {
      throw new Error('broken subscriber')
    })
    const after: string[] = []
    health.onChange((c) => after.push(c.status))
    health.report(seen(1, null))
    expect(changes).toHaveLength(1)
    expect(after).toEqual(['online'])
  })
})

describe('health prober', () => {
  it('spreads a pass over HEALTH_PASS_MS with bounded concurrency and skips watched cameras', async () => {
    const cameras = Array.from({ length: 12 }, (_, i) => testCamera(`P${i}`, 'http://127.0.0.1:1/x.m3u8'))
    const probed: string[] = []
    let inFlight = 0
    let peak = 0
    const prober = createHealthProber({
      cameras: () => cameras,
      probe: async (camera) => {
        probed.push(camera.id)
        peak = Math.max(peak, ++inFlight)
        await new Promise((r) => setTimeout(r, 400))
        inFlight--
        return { kind: 'reachable', cameraId: camera.id, quality: 'sub' }
      },
      report: () => {},
      isWatched: (id) => id === 'P3',
      passMs: 1000,
      concurrency: 2,
      log: createLogger('silent'),
    })
    const started = Date.now()
    prober.start()
    while (prober.passes < 1) await new Promise((r) => setTimeout(r, 20))
    await prober.stop()
    expect(peak).toBe(2)
    expect(probed).not.toContain('P3')
    expect(new Set(probed.slice(0, 11)).size).toBe(11)
    // 11 probes of 400 ms, two at a time: the pass cannot beat 2.2 s, and the spacing did not add to it much.
    expect(Date.now() - started).toBeLessThan(4000)
  })
})
