import { describe, expect, it } from 'vitest'
import {
  autoQuality,
  preparingFrom,
  preparingRetryMs,
  backoffDelayMs,
  catchUpAction,
  fatalErrorAction,
  latencySeconds,
  RETRY_BACKOFF,
  stallAfterMs,
  statusForRequestFailure,
  watchdogTickMs,
  watchdogVerdict,
  type FatalErrorInput,
  type WatchdogInput,
} from './playerPolicy'

describe('backoffDelayMs', () => {
  it('doubles from the base up to the cap when jitter draws nothing', () => {
    const none = () => 0
    expect([0, 1, 2, 3, 4, 5, 6, 10, 100].map((a) => backoffDelayMs(a, RETRY_BACKOFF, none))).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000, 30_000,
    ])
  })

  it('only shortens the delay, by at most the jitter share, so the cap is never exceeded', () => {
    expect(backoffDelayMs(0, RETRY_BACKOFF, () => 0.999_999)).toBe(700)
    for (let attempt = 0; attempt < 12; attempt++) {
      for (const r of [0, 0.25, 0.5, 0.75, 0.9999]) {
        const d = backoffDelayMs(attempt, RETRY_BACKOFF, () => r)
        expect(d).toBeLessThanOrEqual(RETRY_BACKOFF.capMs)
        expect(d).toBeGreaterThanOrEqual(RETRY_BACKOFF.baseMs * 0.7)
      }
    }
  })

  it('spreads tiles that failed together over time', () => {
    let seed = 1
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647)
    const delays = new Set(Array.from({ length: 36 }, () => backoffDelayMs(3, RETRY_BACKOFF, random)))
    expect(delays.size).toBeGreaterThan(30)
  })
})

describe('watchdog', () => {
  const base: WatchdogInput = { now: 10_000, shouldPlay: true, lastProgressAt: 10_000, lastActionAt: null, level: 0, targetDurationS: 1 }

  it('catches a stall within 3 target durations for usual segment lengths', () => {
    for (const td of [1, 2, 4, 6]) {
      // Worst case: the stall begins right after a tick, so it is seen one tick after the threshold.
      expect(stallAfterMs(td) + watchdogTickMs(td)).toBeLessThanOrEqual(3 * td * 1000)
    }
  })

  it('leaves a tile alone while it progresses or is not meant to play', () => {
    expect(watchdogVerdict({ ...base, now: 11_900 })).toEqual({ kind: 'ok' })
    expect(watchdogVerdict({ ...base, now: 60_000, shouldPlay: false })).toEqual({ kind: 'ok' })
  })

  it('escalates recover → reload → recreate, giving each action one stall period to work', () => {
    const stalled = { ...base, now: 12_000 }
    expect(watchdogVerdict(stalled)).toEqual({ kind: 'act', action: 'recover' })
    expect(watchdogVerdict({ ...stalled, now: 13_000, lastActionAt: 12_000, level: 1 })).toEqual({ kind: 'waiting' })
    expect(watchdogVerdict({ ...stalled, now: 14_000, lastActionAt: 12_000, level: 1 })).toEqual({ kind: 'act', action: 'reload' })
    expect(watchdogVerdict({ ...stalled, now: 16_000, lastActionAt: 14_000, level: 2 })).toEqual({ kind: 'act', action: 'recreate' })
    expect(watchdogVerdict({ ...stalled, now: 30_000, lastActionAt: 16_000, level: 7 })).toEqual({ kind: 'act', action: 'recreate' })
  })

  it('scales with the target duration', () => {
    expect(watchdogVerdict({ ...base, targetDurationS: 2, now: 13_500 })).toEqual({ kind: 'ok' })
    expect(watchdogVerdict({ ...base, targetDurationS: 2, now: 14_000 })).toEqual({ kind: 'act', action: 'recover' })
  })
})

describe('catchUpAction', () => {
  const at = (latency: number, playbackRate = 1, forwardBuffer = 3, sinceSeekMs = Infinity) =>
    catchUpAction({ latency, targetLatency: 3, targetDurationS: 1, forwardBuffer, playbackRate, sinceSeekMs })

  it('does nothing near the target', () => {
    expect(at(3.5)).toEqual({ kind: 'none' })
  })

  it('plays a little faster when a few seconds behind, and stops near the target (hysteresis)', () => {
    expect(at(4.5)).toEqual({ kind: 'rate', rate: 1.1 })
    expect(at(3.5, 1.1)).toEqual({ kind: 'none' })
    expect(at(3.1, 1.1)).toEqual({ kind: 'rate', rate: 1 })
  })

  it('never speeds up on an empty buffer', () => {
    expect(at(5, 1, 0.5)).toEqual({ kind: 'none' })
    expect(at(5, 1.1, 0.5)).toEqual({ kind: 'rate', rate: 1 })
  })

  it('jumps to the live sync point when far behind', () => {
    expect(at(7.5)).toEqual({ kind: 'seek' })
    const twoSecond = { targetLatency: 6, targetDurationS: 2, forwardBuffer: 4, playbackRate: 1, sinceSeekMs: Infinity }
    expect(catchUpAction({ ...twoSecond, latency: 12 })).toEqual({ kind: 'rate', rate: 1.1 })
    expect(catchUpAction({ ...twoSecond, latency: 12.5 })).toEqual({ kind: 'seek' })
  })

  it('does not jump again before the last jump had time to load, speeding up meanwhile', () => {
    expect(at(7.5, 1, 3, 9_000)).toEqual({ kind: 'rate', rate: 1.1 })
    expect(at(7.5, 1, 0, 9_000)).toEqual({ kind: 'none' })
    expect(at(7.5, 1, 3, 10_000)).toEqual({ kind: 'seek' })
  })
})

describe('latencySeconds', () => {
  it('is now minus the program date-time on screen, to a tenth of a second', () => {
    expect(latencySeconds(new Date('2026-01-01T00:00:00.000Z'), Date.parse('2026-01-01T00:00:01.840Z'))).toBe(1.8)
  })

  it('is unknown without PROGRAM-DATE-TIME and never negative when the camera clock runs ahead', () => {
    expect(latencySeconds(null, Date.now())).toBeNull()
    expect(latencySeconds(new Date(Number.NaN), Date.now())).toBeNull()
    expect(latencySeconds(new Date('2026-01-01T00:00:05Z'), Date.parse('2026-01-01T00:00:01Z'))).toBe(0)
  })
})

describe('fatalErrorAction (the hls.js fatal error recovery guide, with escalation)', () => {
  const network: FatalErrorInput = { type: 'networkError', httpStatus: 502, manifestLoaded: true, networkFailures: 0, mediaFailures: 0 }
  const media: FatalErrorInput = { ...network, type: 'mediaError', httpStatus: undefined }

  it('renews the signed URL when the relay refuses (403) or expires (410) it', () => {
    expect(fatalErrorAction({ ...network, httpStatus: 403 })).toBe('renew-url')
    expect(fatalErrorAction({ ...network, httpStatus: 410 })).toBe('renew-url')
  })

  it('restarts loading after a network error, and re-creates when that keeps failing or nothing ever loaded', () => {
    expect(fatalErrorAction(network)).toBe('start-load')
    expect(fatalErrorAction({ ...network, networkFailures: 3 })).toBe('start-load')
    expect(fatalErrorAction({ ...network, networkFailures: 4 })).toBe('recreate')
    expect(fatalErrorAction({ ...network, manifestLoaded: false })).toBe('recreate')
  })

  it('recovers a media error, then swaps the audio codec and recovers, then re-creates', () => {
    expect(fatalErrorAction(media)).toBe('recover-media')
    expect(fatalErrorAction({ ...media, mediaFailures: 1 })).toBe('swap-and-recover')
    expect(fatalErrorAction({ ...media, mediaFailures: 2 })).toBe('recreate')
  })

  it('re-creates on anything else', () => {
    expect(fatalErrorAction({ ...network, type: 'muxError' })).toBe('recreate')
    expect(fatalErrorAction({ ...network, type: 'otherError' })).toBe('recreate')
  })
})

describe('statusForRequestFailure', () => {
  it('calls a dead relay or camera offline and an unknown camera an error', () => {
    expect(statusForRequestFailure(0)).toBe('offline')
    expect(statusForRequestFailure(502)).toBe('offline')
    expect(statusForRequestFailure(503)).toBe('offline')
    expect(statusForRequestFailure(404)).toBe('error')
    expect(statusForRequestFailure(403)).toBe('error')
  })
})

describe('autoQuality', () => {
  it('takes the main stream for large tiles, with hysteresis', () => {
    expect(autoQuality(640, null)).toBe('sub')
    expect(autoQuality(960, 'sub')).toBe('main')
    expect(autoQuality(800, 'main')).toBe('main')
    expect(autoQuality(760, 'main')).toBe('sub')
  })
})

describe('preparingFrom', () => {
  const body = (code: string, progress: unknown) => JSON.stringify({ error: { code, message: 'm', details: { progress } } })

  it('reads the relay\'s "not ready yet" answer with its progress', () => {
    expect(preparingFrom(503, '7', body('CAMERA_PREPARING', { ready: 12, total: 545, ahead: 3 }))).toEqual({ retryAfterS: 7, progress: { ready: 12, total: 545, ahead: 3 } })
    expect(preparingFrom(503, '2', body('CAMERA_PREPARING', null))).toEqual({ retryAfterS: 2, progress: null })
  })

  it('is an outage, not preparing, without Retry-After, with another code or another status', () => {
    expect(preparingFrom(503, null, body('CAMERA_PREPARING', null))).toBeNull()
    expect(preparingFrom(503, '5', body('UPSTREAM_FAILED', null))).toBeNull()
    expect(preparingFrom(502, '5', body('CAMERA_PREPARING', null))).toBeNull()
    expect(preparingFrom(503, '5', '<html>busy</html>')).toBeNull()
    expect(preparingFrom(503, 'soon', body('CAMERA_PREPARING', null))).toBeNull()
  })

  it('shows no figures that are not sane whole numbers, and caps the wait', () => {
    expect(preparingFrom(503, '99999', body('CAMERA_PREPARING', { ready: -1, total: 10, ahead: 0 }))).toEqual({ retryAfterS: 300, progress: null })
    expect(preparingFrom(503, '3', body('CAMERA_PREPARING', { ready: 20, total: 10, ahead: 1.5 }))).toEqual({ retryAfterS: 3, progress: { ready: 10, total: 10, ahead: null } })
  })

  it('waits at least what the relay asked, later by up to 30 %, so tiles do not ask in step', () => {
    expect(preparingRetryMs(5, () => 0)).toBe(5000)
    expect(preparingRetryMs(5, () => 1)).toBe(6500)
    expect(preparingRetryMs(0, () => 0)).toBe(1000)
  })
})
