import type { requestCameraStream } from '../../api/cameraStream'
import type { PlayerStatus, Preparing } from './playerPolicy'
import type { Session } from './playerSession'

export type PlayerErrorCode = 'STREAM_REQUEST' | 'NETWORK' | 'MEDIA' | 'EXPIRED' | 'STALLED' | 'UNSUPPORTED'
export type PlayerError = { code: PlayerErrorCode; message: string }

/**
 * What the parts of a player (the hls.js lifecycle and the stream link in hlsLifecycle.ts, the
 * watchdog in playerWatchdog.ts) may do to the tile's visible state. useHlsPlayer owns that state
 * and hands each part this; every call names the session it is about, and a call about a session
 * that is no longer current changes nothing.
 */
export interface PlayerControl {
  requestStream: typeof requestCameraStream
  current(s: Session): boolean
  status(): PlayerStatus
  setStatus(s: Session, next: PlayerStatus): void
  fail(s: Session, code: PlayerErrorCode, message: string): void
  clearError(): void
  errorMessage(): string | undefined
  countRecovery(s: Session): void
  /** One retry pending at a time, after a capped, jittered, growing delay: never a tight loop. */
  schedule(s: Session, run: () => void, what: string, delayMs?: number): void
  /** The camera is not ready yet: what the relay said about it (null once it plays or fails otherwise). */
  setPreparing(s: Session, preparing: Preparing | null): void
  /** Throw the hls.js instance away and open again. */
  recreate(s: Session): void
  restartTicker(s: Session): void
  /** The tile's latest samples (latency, dropped frames) went into `s.record`. */
  sampled(s: Session): void
}
