/**
 * The decisions of the wall's player, as pure functions of what it observed, so each one is unit
 * tested without a browser: how long to wait before a retry, when a tile counts as stalled and what
 * to do about it, how to get back to the live edge, what a fatal hls.js error calls for, and how far
 * behind real time the picture is.
 */

/** `preparing`: the relay said the camera has no picture yet and when to ask again (503 CAMERA_PREPARING). */
export type PlayerStatus = 'idle' | 'loading' | 'playing' | 'stalled' | 'recovering' | 'preparing' | 'offline' | 'error'

export interface BackoffOptions {
  baseMs: number
  capMs: number
  /** 0..1: the share of the delay that is randomised, so 36 tiles of one dead relay do not retry in step. */
  jitter: number
}

export const RETRY_BACKOFF: BackoffOptions = { baseMs: 1_000, capMs: 30_000, jitter: 0.3 }

/** Delay before retry number `attempt` (0-based): base × 2^attempt, capped, then jittered down by up to `jitter`. */
export function backoffDelayMs(attempt: number, options: BackoffOptions = RETRY_BACKOFF, random: () => number = Math.random): number {
  const exponential = Math.min(options.capMs, options.baseMs * 2 ** Math.max(0, Math.min(attempt, 30)))
  // Jitter only shortens the delay: the cap stays a cap and the base is never undercut by more than the jitter.
  return Math.round(exponential * (1 - options.jitter * random()))
}

// ---- watchdog -------------------------------------------------------------------------------

/** What the watchdog does to a tile that should play and does not, mildest first. */
export const STALL_ACTIONS = ['recover', 'reload', 'recreate'] as const
export type StallAction = (typeof STALL_ACTIONS)[number]

/** Target duration when the playlist has not told us yet (HLS cameras use 1-2 s segments). */
export const DEFAULT_TARGET_DURATION_S = 2

/** No progress for this long while playing counts as a stall; with ticks of `watchdogTickMs` it is caught within 3 target durations. */
export function stallAfterMs(targetDurationS: number): number {
  return Math.round(2 * 1000 * Math.max(0.5, targetDurationS))
}

export function watchdogTickMs(targetDurationS: number): number {
  return Math.min(1_000, Math.round((1000 * Math.max(0.5, targetDurationS)) / 2))
}

/** A tile that has not shown its first frame after this long is started over. */
export const STARTUP_TIMEOUT_MS = 12_000
/** Progress this long after a recovery proves the tile healthy again and resets the escalation. */
export const HEALTHY_AFTER_MS = 30_000

export interface WatchdogInput {
  now: number
  /** The tile is past its first frame and is meant to be playing (not waiting on a scheduled retry). */
  shouldPlay: boolean
  lastProgressAt: number
  /** When the watchdog last acted, or null; each action gets one stall period to work. */
  lastActionAt: number | null
  /** How many actions it has taken in this stall episode. */
  level: number
  targetDurationS: number
}

export type WatchdogVerdict = { kind: 'ok' } | { kind: 'waiting' } | { kind: 'act'; action: StallAction }

export function watchdogVerdict(input: WatchdogInput): WatchdogVerdict {
  if (!input.shouldPlay) return { kind: 'ok' }
  const stallMs = stallAfterMs(input.targetDurationS)
  if (input.now - input.lastProgressAt < stallMs) return { kind: 'ok' }
  if (input.lastActionAt !== null && input.now - input.lastActionAt < stallMs) return { kind: 'waiting' }
  const action = STALL_ACTIONS[Math.min(input.level, STALL_ACTIONS.length - 1)] ?? 'recreate'
  return { kind: 'act', action }
}

// ---- live edge ------------------------------------------------------------------------------

export const CATCH_UP_RATE = 1.1

export interface CatchUpInput {
  /** Seconds behind the live edge (hls.latency). */
  latency: number
  /** Where the player means to sit (hls.targetLatency). */
  targetLatency: number
  targetDurationS: number
  /** Seconds buffered ahead of the playhead: speeding up on an empty buffer would only stall it. */
  forwardBuffer: number
  playbackRate: number
  /** Milliseconds since this player last jumped to the live sync point (Infinity if never). */
  sinceSeekMs: number
}

export type CatchUpAction = { kind: 'none' } | { kind: 'rate'; rate: number } | { kind: 'seek' }

/** Behind the target by more than this, the tile jumps instead of speeding up. */
export const seekDriftS = (targetDurationS: number) => Math.max(3 * Math.max(0.5, targetDurationS), 4)
/** A jump needs a few segments to load; jumping again before they did would only thrash. */
export const seekCooldownMs = (targetDurationS: number) => Math.max(10_000, 5_000 * targetDurationS)

/**
 * A tile drifts behind live after every stall. Within a few target durations it plays 10 % faster
 * (invisible on street video) until it is back near the target; further behind, it jumps to the
 * live sync point, because catching up 20 s at 1.1× would take 200 s, but not again until the
 * jump has had time to load. Hysteresis keeps it from toggling the rate every tick.
 */
export function catchUpAction(input: CatchUpInput): CatchUpAction {
  const drift = input.latency - input.targetLatency
  const td = Math.max(0.5, input.targetDurationS)
  if (drift > seekDriftS(td) && input.sinceSeekMs >= seekCooldownMs(td)) return { kind: 'seek' }
  const speeding = input.playbackRate > 1
  const start = speeding ? 0.25 * td : td
  if (drift > start && input.forwardBuffer > 1) return speeding ? { kind: 'none' } : { kind: 'rate', rate: CATCH_UP_RATE }
  return speeding ? { kind: 'rate', rate: 1 } : { kind: 'none' }
}

/**
 * Glass-to-glass latency as far as the stream tells it: now minus the program date-time of the frame
 * on screen. Null without PROGRAM-DATE-TIME. A negative value means the camera's clock runs ahead of
 * ours; it shows as 0 rather than as a time travel.
 */
export function latencySeconds(playingDate: Date | null, nowMs: number): number | null {
  if (!playingDate) return null
  const ms = nowMs - playingDate.getTime()
  if (!Number.isFinite(ms)) return null
  return Math.max(0, Math.round(ms / 100) / 10)
}

// ---- fatal errors ---------------------------------------------------------------------------

export interface FatalErrorInput {
  /** hls.js ErrorTypes value: 'networkError', 'mediaError', 'keySystemError', 'muxError' or 'otherError'. */
  type: string
  /** HTTP status of the failed request, when there was one. */
  httpStatus: number | undefined
  /** Whether the playlist was ever loaded on this player (startLoad cannot help before that). */
  manifestLoaded: boolean
  /** Consecutive fatal network errors, this one excluded. */
  networkFailures: number
  /** Media errors since the tile last played for HEALTHY_AFTER_MS, this one excluded. */
  mediaFailures: number
}

export type FatalErrorAction =
  | 'renew-url' // the signature expired or was refused: ask the API for a fresh URL, then load it
  | 'start-load' // hls.js stopped loading: restart it after a backoff
  | 'recover-media' // hls.recoverMediaError()
  | 'swap-and-recover' // hls.swapAudioCodec() + hls.recoverMediaError(), the docs' second try
  | 'recreate' // destroy and build the player again, with a fresh URL, after a backoff

/** Consecutive network failures after which a tile says "offline" rather than "recovering". */
export const OFFLINE_AFTER_FAILURES = 3
const RECREATE_AFTER_NETWORK_FAILURES = 5

/** What hls.js's "fatal error recovery" guide prescribes, plus escalation when it keeps failing. */
export function fatalErrorAction(input: FatalErrorInput): FatalErrorAction {
  if (input.type === 'networkError') {
    if (input.httpStatus === 403 || input.httpStatus === 410) return 'renew-url'
    if (!input.manifestLoaded || input.networkFailures + 1 >= RECREATE_AFTER_NETWORK_FAILURES) return 'recreate'
    return 'start-load'
  }
  if (input.type === 'mediaError') {
    if (input.mediaFailures === 0) return 'recover-media'
    if (input.mediaFailures === 1) return 'swap-and-recover'
  }
  return 'recreate'
}

/** What the tile shows while it waits out a retry after a stream request failed with this HTTP status. */
export function statusForRequestFailure(httpStatus: number): PlayerStatus {
  // 404: no such camera; retrying will not make one. 5xx or no answer: the camera or relay is down.
  if (httpStatus === 404) return 'error'
  if (httpStatus === 0 || httpStatus >= 500) return 'offline'
  return 'error'
}

// ---- quality ---------------------------------------------------------------------------------

/** Device pixels of tile width from which the main stream (1280×720) is worth its bitrate. */
export const MAIN_STREAM_MIN_WIDTH = 960

/** Sub stream for small tiles, main for large ones; 20 % hysteresis so a resize does not flap. */
export function autoQuality(widthDevicePx: number, current: 'sub' | 'main' | null): 'sub' | 'main' {
  if (current === 'main') return widthDevicePx < MAIN_STREAM_MIN_WIDTH * 0.8 ? 'sub' : 'main'
  return widthDevicePx >= MAIN_STREAM_MIN_WIDTH ? 'main' : 'sub'
}

// ---- not ready yet ---------------------------------------------------------------------------

export interface PreparingProgress {
  ready: number
  total: number
  /** Encodes waiting ahead of this camera's; null when the source does not say. */
  ahead: number | null
}

export interface Preparing {
  retryAfterS: number
  progress: PreparingProgress | null
}

/**
 * A relay answer that means "no picture yet, ask again then": 503 with the CAMERA_PREPARING code
 * and a Retry-After of delta-seconds. Anything else (a 503 without Retry-After, another code, a body
 * that is not ours) is an outage, handled as before. The progress figures are shown, so they are
 * checked to be sane whole numbers, not trusted.
 */
export function preparingFrom(httpStatus: number | undefined, retryAfter: string | null, body: string): Preparing | null {
  if (httpStatus !== 503 || retryAfter === null || !/^\s*\d{1,5}\s*$/.test(retryAfter)) return null
  let parsed: unknown
  try {
    parsed = JSON.parse(body)
  } catch {
    return null
  }
  const error = (parsed as { error?: { code?: unknown; details?: { progress?: unknown } } } | null)?.error
  if (error?.code !== 'CAMERA_PREPARING') return null
  const p = error.details?.progress as Partial<PreparingProgress> | null | undefined
  const whole = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0
  const progress = p && whole(p.ready) && whole(p.total) && p.total > 0 ? { ready: Math.min(p.ready, p.total), total: p.total, ahead: whole(p.ahead) ? p.ahead : null } : null
  return { retryAfterS: Math.min(300, Number(retryAfter)), progress }
}

/** When to ask a preparing camera again: what it asked for, later by up to 30 % so tiles do not ask in step, at least 1 s. */
export function preparingRetryMs(retryAfterS: number, random: () => number = Math.random): number {
  return Math.round(Math.max(1, retryAfterS) * 1000 * (1 + 0.3 * random()))
}
