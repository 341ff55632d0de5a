import type Hls from 'hls.js'
import type { StreamGrant, StreamQuality } from '../../api/cameraStream'
import * as policy from './playerPolicy'
import { trackPlayerRecord, type PlayerRecord } from './videoDiagnostics'

export interface PlayerSource {
  cameraId: string
  quality: StreamQuality
}

/**
 * Everything one source needs, in plain variables: the hls.js instance never enters Vue's reactive
 * state (a proxied Hls breaks its internals and costs a deep watch). A session lives from a source
 * being set until it changes or the tile closes; re-creating hls.js inside it keeps the counters,
 * so the backoff keeps growing across re-creates instead of starting over in a tight loop.
 */
export interface Session {
  source: PlayerSource
  abort: AbortController
  record: PlayerRecord
  untrack: () => void
  el: HTMLVideoElement
  hls: Hls | null
  grant: StreamGrant | null
  manifestLoaded: boolean
  firstFrame: boolean
  openedAt: number
  /** Target duration in seconds, from the playlist. */
  td: number
  /** Retries scheduled since the tile was last healthy: the backoff exponent. */
  attempt: number
  networkFailures: number
  mediaFailures: number
  lastTime: number
  lastProgressAt: number
  /** Start of the current run of uninterrupted progress. */
  progressSince: number | null
  lastActionAt: number | null
  lastSeekAt: number
  stallLevel: number
  retryTimer: ReturnType<typeof setTimeout> | null
  renewTimer: ReturnType<typeof setTimeout> | null
  tickTimer: ReturnType<typeof setInterval> | null
}

export function createSession(source: PlayerSource, el: HTMLVideoElement, now: number): Session {
  const td = policy.DEFAULT_TARGET_DURATION_S
  const record: PlayerRecord = {
    ...source, status: 'loading', targetDuration: td, requestedAt: now, firstFrameAt: null,
    recoveries: 0, droppedFrames: 0, totalFrames: 0, latencySeconds: null,
  }
  return {
    source, abort: new AbortController(), record, untrack: trackPlayerRecord(record), el, hls: null, grant: null,
    manifestLoaded: false, firstFrame: false, openedAt: now, td, attempt: 0, networkFailures: 0, mediaFailures: 0,
    lastTime: 0, lastProgressAt: now, progressSince: null, lastActionAt: null, lastSeekAt: -Infinity, stallLevel: 0,
    retryTimer: null, renewTimer: null, tickTimer: null,
  }
}

export function sourceKey(src: PlayerSource | null): string | null {
  return src ? `${src.cameraId}|${src.quality}` : null
}

/** Same resource, whatever the query (a re-signed URL differs only in exp and sig). */
export function samePath(a: string, b: string): boolean {
  try {
    return new URL(a, location.href).pathname === new URL(b, location.href).pathname
  } catch {
    return false
  }
}

/** Calls `shown` once, when the first decoded frame is composited (on loadeddata in older engines). */
export function onFirstFrame(el: HTMLVideoElement, shown: () => void): void {
  if (typeof (el as Partial<HTMLVideoElement>).requestVideoFrameCallback === 'function') el.requestVideoFrameCallback(() => shown())
  else (el as HTMLMediaElement).addEventListener('loadeddata', shown, { once: true })
}

export function play(el: HTMLVideoElement): void {
  // Muted autoplay is allowed on the wall; when a browser refuses anyway the watchdog tries again.
  void el.play().catch(() => {})
}

/** The mildest fix for a silent stall: resume if paused, and step over the hole to the live sync point. */
export function nudge(hls: Hls, el: HTMLVideoElement): void {
  const target = hls.liveSyncPosition
  el.currentTime = target !== null && target > el.currentTime ? target : el.currentTime + 0.1
  play(el)
}

/** The next fix: a fresh MediaSource and decoder, loading restarted at the live sync point. */
export function reloadPipeline(hls: Hls, el: HTMLVideoElement): void {
  hls.stopLoad()
  hls.recoverMediaError()
  hls.startLoad(-1)
  play(el)
}

/** Applies playerPolicy.catchUpAction: a slightly faster rate, or a jump to the live sync point. */
export function catchUp(s: Session, hls: Hls, el: HTMLVideoElement, now: number): void {
  const target = hls.targetLatency
  if (target === null || !hls.latency) return
  const action = policy.catchUpAction({
    latency: hls.latency,
    targetLatency: target,
    targetDurationS: s.td,
    forwardBuffer: hls.mainForwardBufferInfo?.len ?? 0,
    playbackRate: el.playbackRate,
    sinceSeekMs: now - s.lastSeekAt,
  })
  if (action.kind === 'rate') el.playbackRate = action.rate
  else if (action.kind === 'seek') {
    const to = hls.liveSyncPosition
    if (to !== null && to > el.currentTime) el.currentTime = to
    el.playbackRate = 1
    s.lastSeekAt = now
  }
}

/**
 * What the player did about a problem, for a duty engineer at the browser console (warnings: the
 * wall heals itself, nothing here needs a person unless it repeats).
 */
export function report(s: Session, message: string): void {
  console.warn(`[video] ${s.source.cameraId}/${s.source.quality}: ${message}`)
}

/** Dropped and total frames and the program-date-time latency, into the session's record. */
export function sample(s: Session): void {
  const quality = s.el.getVideoPlaybackQuality?.()
  s.record.droppedFrames = quality?.droppedVideoFrames ?? 0
  s.record.totalFrames = quality?.totalVideoFrames ?? 0
  s.record.latencySeconds = policy.latencySeconds(s.hls?.playingDate ?? null, Date.now())
}
