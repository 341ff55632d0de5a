import { onScopeDispose, readonly, ref, shallowRef, watch, type Ref } from 'vue'
import { requestCameraStream } from '../../api/cameraStream'
import { destroyHls, openStream } from './hlsLifecycle'
import type { PlayerControl, PlayerError } from './playerControl'
import * as policy from './playerPolicy'
import { createSession, report, sourceKey, type PlayerSource, type Session } from './playerSession'
import { watchdogTick } from './playerWatchdog'

export type { PlayerSource } from './playerSession'
export type { PlayerError, PlayerErrorCode } from './playerControl'
export interface UseHlsPlayerOptions {
  /** Injected in tests; defaults to the relay API. */
  requestStream?: typeof requestCameraStream
}

/**
 * Plays one camera in a <video>: asks the relay for a signed URL, creates hls.js with the wall's
 * capped config (hlsLifecycle.ts), attaches, loads, and destroys it (src cleared) whenever the
 * source changes or the owner goes away. Fatal errors are recovered as the hls.js docs prescribe,
 * with capped, jittered backoff; a watchdog (playerWatchdog.ts) catches the silent stalls hls.js
 * reports nothing about and brings a drifting tile back to live. Each decision is a pure function
 * in playerPolicy.ts; this composable holds the tile's visible state and the one current session.
 */
export function useHlsPlayer(video: Readonly<Ref<HTMLVideoElement | null>>, source: () => PlayerSource | null, options: UseHlsPlayerOptions = {}) {
  const status = ref<policy.PlayerStatus>('idle')
  const latencySeconds = ref<number | null>(null)
  const droppedFrames = ref(0)
  const recoveries = ref(0)
  const error = shallowRef<PlayerError | null>(null)
  const preparing = shallowRef<policy.Preparing | null>(null)
  let session: Session | null = null

  const ctl: PlayerControl = {
    requestStream: options.requestStream ?? requestCameraStream,
    current: (s) => session === s,
    status: () => status.value,
    setStatus(s, next) {
      if (session !== s) return
      if (status.value !== next) status.value = next
      s.record.status = next
      if (next !== 'preparing') preparing.value = null
    },
    setPreparing(s, next) {
      if (session === s) preparing.value = next
    },
    fail(s, code, message) {
      if (session === s) error.value = { code, message }
    },
    clearError: () => void (error.value = null),
    errorMessage: () => error.value?.message,
    countRecovery: (s) => void (s.record.recoveries = ++recoveries.value),
    schedule(s, run, what, delayMs) {
      if (s.retryTimer || session !== s) return
      const delay = delayMs ?? policy.backoffDelayMs(s.attempt++)
      // Waiting for a clip being prepared is expected, not a problem for the console.
      if (delayMs === undefined) report(s, `${error.value?.message ?? 'retrying'}; ${what} in ${(delay / 1000).toFixed(1)} s`)
      s.retryTimer = setTimeout(() => {
        s.retryTimer = null
        if (session === s) run()
      }, delay)
    },
    recreate(s) {
      destroyHls(s)
      if (status.value !== 'offline' && status.value !== 'preparing') ctl.setStatus(s, 'recovering')
      ctl.countRecovery(s)
      void openStream(s, ctl)
    },
    restartTicker(s) {
      if (s.tickTimer) clearInterval(s.tickTimer)
      s.tickTimer = setInterval(() => watchdogTick(s, ctl), policy.watchdogTickMs(s.td))
    },
    sampled(s) {
      droppedFrames.value = s.record.droppedFrames
      latencySeconds.value = s.record.latencySeconds
    },
  }

  function begin(src: PlayerSource, el: HTMLVideoElement): void {
    const s = createSession(src, el, performance.now())
    session = s
    error.value = null
    ctl.setStatus(s, 'loading')
    ctl.restartTicker(s)
    void openStream(s, ctl)
  }

  function end(s: Session): void {
    s.abort.abort()
    for (const t of [s.retryTimer, s.renewTimer]) if (t) clearTimeout(t)
    if (s.tickTimer) clearInterval(s.tickTimer)
    destroyHls(s)
    s.untrack()
    if (session === s) session = null
    status.value = 'idle'
    latencySeconds.value = null
    droppedFrames.value = recoveries.value = 0
    error.value = null
    preparing.value = null
  }

  watch(
    [video, () => sourceKey(source())],
    ([el]) => {
      if (session) end(session)
      const src = source()
      if (el && src) begin({ cameraId: src.cameraId, quality: src.quality }, el)
    },
    { immediate: true, flush: 'post' },
  )
  onScopeDispose(() => session && end(session))

  return {
    status: readonly(status),
    latencySeconds: readonly(latencySeconds),
    droppedFrames: readonly(droppedFrames),
    recoveries: readonly(recoveries),
    error: readonly(error),
    preparing: readonly(preparing),
  }
}
