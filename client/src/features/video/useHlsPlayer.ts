import Hls, { type ErrorData } from 'hls.js'
import hlsWorkerUrl from 'hls.js/dist/hls.worker.js?url'
import { onScopeDispose, readonly, ref, shallowRef, watch, type Ref } from 'vue'
import { requestCameraStream } from '../../api/cameraStream'
import { isApiError } from '../../api/http'
import { wallHlsConfig } from './hlsConfig'
import * as policy from './playerPolicy'
import { rebasingPlaylistLoader } from './playlistRebase'
import { catchUp, createSession, nudge, onFirstFrame, play, reloadPipeline, report, sample, samePath, sourceKey, type PlayerSource, type Session } from './playerSession'
import { countHlsCreated, countHlsDestroyed } from './videoDiagnostics'

export type { PlayerSource } from './playerSession'
export type PlayerErrorCode = 'STREAM_REQUEST' | 'NETWORK' | 'MEDIA' | 'EXPIRED' | 'STALLED' | 'UNSUPPORTED'
export type PlayerError = { code: PlayerErrorCode; message: string }
export interface UseHlsPlayerOptions {
  /** Injected in tests; defaults to the relay API. */
  requestStream?: typeof requestCameraStream
}

/**
 * Plays one camera in a <video>: asks the relay for a signed URL, creates hls.js with the wall's
 * capped config, attaches, loads, and destroys it (src cleared) whenever the source changes or the
 * owner goes away. Fatal errors are recovered as the hls.js docs prescribe, with capped, jittered
 * backoff; a watchdog catches the silent stalls hls.js reports nothing about; a tile that drifts
 * behind live is brought back. Each decision is a pure function in playerPolicy.ts.
 */
export function useHlsPlayer(video: Readonly<Ref<HTMLVideoElement | null>>, source: () => PlayerSource | null, options: UseHlsPlayerOptions = {}) {
  const requestStream = options.requestStream ?? requestCameraStream
  const status = ref<policy.PlayerStatus>('idle')
  const latencySeconds = ref<number | null>(null)
  const droppedFrames = ref(0)
  const recoveries = ref(0)
  const error = shallowRef<PlayerError | null>(null)
  let session: Session | null = null

  const setStatus = (s: Session, next: policy.PlayerStatus) => {
    if (session !== s) return
    if (status.value !== next) status.value = next
    s.record.status = next
  }
  const fail = (s: Session, code: PlayerErrorCode, message: string) => {
    if (session === s) error.value = { code, message }
  }
  const countRecovery = (s: Session) => void (s.record.recoveries = ++recoveries.value)

  function begin(src: PlayerSource, el: HTMLVideoElement): void {
    const s = createSession(src, el, performance.now())
    session = s
    error.value = null
    setStatus(s, 'loading')
    restartTicker(s)
    void open(s)
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
  }

  /** Asks for a (fresh) signed URL and builds the player on it. */
  async function open(s: Session): Promise<void> {
    try {
      s.grant = await requestStream(s.source.cameraId, s.source.quality, { signal: s.abort.signal })
    } catch (cause) {
      if (s.abort.signal.aborted) return
      setStatus(s, policy.statusForRequestFailure(isApiError(cause) ? cause.status : 0))
      fail(s, 'STREAM_REQUEST', cause instanceof Error ? cause.message : String(cause))
      return schedule(s, () => void open(s), 'asking again')
    }
    if (session !== s) return
    if (!Hls.isSupported()) {
      setStatus(s, 'error')
      return fail(s, 'UNSUPPORTED', 'this browser has no Media Source Extensions for HLS')
    }
    scheduleRenewal(s)
    createHls(s, s.grant.url)
  }

  function createHls(s: Session, url: string): void {
    const el = s.el
    const hls = new Hls({
      ...wallHlsConfig(hlsWorkerUrl),
      pLoader: rebasingPlaylistLoader(Hls.DefaultConfig.loader),
      // The playlist is reloaded every target duration on the URL it was first given. Re-signing it
      // here with the latest grant lets a tile run past its URL's expiry without a reload or a 410.
      xhrSetup: (xhr, requested) => {
        const fresh = s.grant?.url
        if (fresh && requested !== fresh && samePath(requested, fresh)) xhr.open('GET', fresh, true)
      },
    })
    s.hls = hls
    s.manifestLoaded = false
    s.firstFrame = false
    s.openedAt = performance.now()
    countHlsCreated()
    hls.on(Hls.Events.MANIFEST_PARSED, () => {
      s.manifestLoaded = true
      play(el)
    })
    hls.on(Hls.Events.LEVEL_LOADED, (_e, data) => {
      const td = data.details.targetduration
      if (td > 0 && td !== s.td) {
        s.td = s.record.targetDuration = td
        restartTicker(s)
      }
    })
    hls.on(Hls.Events.FRAG_BUFFERED, () => void (s.networkFailures = 0))
    hls.on(Hls.Events.ERROR, (_e, data) => {
      if (data.fatal && s.hls === hls) onFatal(s, hls, data)
    })
    hls.attachMedia(el)
    hls.loadSource(url)
    onFirstFrame(el, () => {
      if (s.hls !== hls || s.firstFrame) return
      s.firstFrame = true
      s.record.firstFrameAt ??= performance.now()
      s.lastProgressAt = performance.now()
      s.lastTime = el.currentTime
      setStatus(s, 'playing')
    })
  }

  function destroyHls(s: Session): void {
    if (s.hls) {
      s.hls.destroy()
      s.hls = null
      countHlsDestroyed()
    }
    // Releases the MediaSource and the decoder now, not whenever the element is collected.
    s.el.removeAttribute('src')
    s.el.load()
  }

  /** One retry pending at a time, after a capped, jittered, growing delay: never a tight loop. */
  function schedule(s: Session, run: () => void, what: string): void {
    if (s.retryTimer || session !== s) return
    const delay = policy.backoffDelayMs(s.attempt++)
    report(s, `${error.value?.message ?? 'retrying'}; ${what} in ${(delay / 1000).toFixed(1)} s`)
    s.retryTimer = setTimeout(() => {
      s.retryTimer = null
      if (session === s) run()
    }, delay)
  }

  function recreate(s: Session): void {
    destroyHls(s)
    if (status.value !== 'offline') setStatus(s, 'recovering')
    countRecovery(s)
    void open(s)
  }

  function onFatal(s: Session, hls: Hls, data: ErrorData): void {
    const httpStatus = data.response?.code
    const action = policy.fatalErrorAction({
      type: data.type,
      httpStatus,
      manifestLoaded: s.manifestLoaded,
      networkFailures: s.networkFailures,
      mediaFailures: s.mediaFailures,
    })
    const network = data.type === Hls.ErrorTypes.NETWORK_ERROR
    if (network) s.networkFailures += 1
    else if (data.type === Hls.ErrorTypes.MEDIA_ERROR) s.mediaFailures += 1
    // Never reached, or failing again and again: the camera (or its relay) is down, so say so.
    const down = network && (!s.manifestLoaded || s.networkFailures >= policy.OFFLINE_AFTER_FAILURES)
    setStatus(s, down ? 'offline' : 'recovering')
    const code: PlayerErrorCode = action === 'renew-url' ? 'EXPIRED' : network ? 'NETWORK' : 'MEDIA'
    fail(s, code, `${data.details}${httpStatus ? ` (HTTP ${httpStatus})` : ''}`)

    if (action === 'recover-media' || action === 'swap-and-recover') {
      report(s, `${data.details}: ${action === 'swap-and-recover' ? 'swapping audio codec and ' : ''}recovering the media element`)
      if (action === 'swap-and-recover') hls.swapAudioCodec()
      countRecovery(s)
      return hls.recoverMediaError()
    }
    if (action === 'start-load') return schedule(s, () => s.hls?.startLoad(), 'restarting loading')
    if (action === 'recreate') {
      // Let go of the broken instance now: a dead camera holds no MediaSource while it waits.
      destroyHls(s)
      return schedule(s, () => recreate(s), 'rebuilding the player')
    }
    schedule(s, () => void renew(s).then((ok) => ok && reloadPlaylist(s)), 'renewing the stream link')
  }

  /** After a refused signature: carry on with the fresh URL (xhrSetup re-signs reloads once the playlist is known). */
  function reloadPlaylist(s: Session): void {
    if (!s.hls || !s.grant) return
    if (s.manifestLoaded) s.hls.startLoad()
    else s.hls.loadSource(s.grant.url)
  }

  async function renew(s: Session): Promise<boolean> {
    try {
      s.grant = await requestStream(s.source.cameraId, s.source.quality, { signal: s.abort.signal })
      scheduleRenewal(s)
      return session === s
    } catch {
      if (!s.abort.signal.aborted) schedule(s, () => void renew(s), 'renewing the stream link')
      return false
    }
  }

  /** Renews the signed URL at 80 % of its life, so a playlist reload never meets a 410. */
  function scheduleRenewal(s: Session): void {
    if (s.renewTimer) clearTimeout(s.renewTimer)
    const left = s.grant ? Date.parse(s.grant.expiresAt) - Date.now() : NaN
    if (!Number.isFinite(left)) return
    s.renewTimer = setTimeout(() => void renew(s), Math.min(2 ** 31 - 1, Math.max(5_000, left * 0.8)))
  }

  function restartTicker(s: Session): void {
    if (s.tickTimer) clearInterval(s.tickTimer)
    s.tickTimer = setInterval(() => tick(s), policy.watchdogTickMs(s.td))
  }

  /** Samples the tile (progress, latency, dropped frames), then live-edge catch-up and the watchdog. */
  function tick(s: Session): void {
    if (session !== s) return
    const { el, hls } = s
    const now = performance.now()
    sample(s)
    droppedFrames.value = s.record.droppedFrames
    latencySeconds.value = s.record.latencySeconds

    // A hidden page may pause video on purpose; the watchdog must not fight the browser there.
    if (document.hidden || el.currentTime !== s.lastTime) {
      s.lastTime = el.currentTime
      s.lastProgressAt = now
      if (s.firstFrame && !document.hidden) progressed(s, now)
    } else {
      s.progressSince = null
    }
    if (!hls || s.retryTimer) return
    if (!s.firstFrame) {
      if (now - s.openedAt < policy.STARTUP_TIMEOUT_MS) return
      fail(s, 'STALLED', `no picture ${Math.round((now - s.openedAt) / 1000)} s after loading started`)
      // Checked again when the timer fires: a picture that arrived meanwhile must not be torn down.
      return schedule(s, () => !s.firstFrame && recreate(s), 'rebuilding the player')
    }
    if (!document.hidden) catchUp(s, hls, el, now)
    const verdict = policy.watchdogVerdict({
      now, shouldPlay: !el.ended, lastProgressAt: s.lastProgressAt, lastActionAt: s.lastActionAt, level: s.stallLevel, targetDurationS: s.td,
    })
    if (verdict.kind !== 'act') return
    setStatus(s, 'stalled')
    fail(s, 'STALLED', `no progress for ${((now - s.lastProgressAt) / 1000).toFixed(1)} s`)
    s.stallLevel += 1
    s.lastActionAt = now
    if (verdict.action === 'recreate') {
      const stillStalled = () => performance.now() - s.lastProgressAt >= policy.stallAfterMs(s.td)
      return schedule(s, () => stillStalled() && recreate(s), 'rebuilding the player')
    }
    report(s, `${error.value?.message}; watchdog: ${verdict.action === 'recover' ? 'nudging to the live edge' : 'reloading the media pipeline'}`)
    countRecovery(s)
    if (verdict.action === 'recover') nudge(hls, el)
    else reloadPipeline(hls, el)
  }

  function progressed(s: Session, now: number): void {
    s.progressSince ??= now
    // While a retry is pending the buffer may still play out; the tile is not well until it ran.
    if (status.value !== 'playing' && !s.retryTimer) {
      setStatus(s, 'playing')
      error.value = null
    }
    if (now - s.progressSince >= policy.HEALTHY_AFTER_MS) {
      s.attempt = s.mediaFailures = s.stallLevel = 0
      s.lastActionAt = null
    }
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
  }
}
