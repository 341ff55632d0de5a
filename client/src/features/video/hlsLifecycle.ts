import Hls, { type ErrorData } from 'hls.js'
import hlsWorkerUrl from 'hls.js/dist/hls.worker.js?url'
import { isApiError } from '../../api/http'
import { wallHlsConfig } from './hlsConfig'
import type { PlayerControl, PlayerErrorCode } from './playerControl'
import * as policy from './playerPolicy'
import { onFirstFrame, play, report, samePath, type Session } from './playerSession'
import { rebasingPlaylistLoader } from './playlistRebase'
import { countHlsCreated, countHlsDestroyed } from './videoDiagnostics'

/** Asks for a (fresh) signed URL and builds the player on it; a refused request is retried with backoff. */
export async function openStream(s: Session, ctl: PlayerControl): Promise<void> {
  try {
    s.grant = await ctl.requestStream(s.source.cameraId, s.source.quality, { signal: s.abort.signal })
  } catch (cause) {
    if (s.abort.signal.aborted) return
    ctl.setStatus(s, policy.statusForRequestFailure(isApiError(cause) ? cause.status : 0))
    ctl.fail(s, 'STREAM_REQUEST', cause instanceof Error ? cause.message : String(cause))
    return ctl.schedule(s, () => void openStream(s, ctl), 'asking again')
  }
  if (!ctl.current(s)) return
  if (!Hls.isSupported()) {
    ctl.setStatus(s, 'error')
    return ctl.fail(s, 'UNSUPPORTED', 'this browser has no Media Source Extensions for HLS')
  }
  scheduleRenewal(s, ctl)
  createHls(s, s.grant.url, ctl)
}

/** Builds hls.js with the wall's capped config on `url`, attached to the session's video. */
function createHls(s: Session, url: string, ctl: PlayerControl): void {
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
      ctl.restartTicker(s)
    }
  })
  hls.on(Hls.Events.FRAG_BUFFERED, () => void (s.networkFailures = 0))
  hls.on(Hls.Events.ERROR, (_e, data) => {
    if (data.fatal && s.hls === hls) onFatal(s, hls, data, ctl)
  })
  hls.attachMedia(el)
  hls.loadSource(url)
  onFirstFrame(el, () => {
    if (s.hls !== hls || s.firstFrame) return
    s.firstFrame = true
    s.record.firstFrameAt ??= performance.now()
    s.lastProgressAt = performance.now()
    s.lastTime = el.currentTime
    ctl.setStatus(s, 'playing')
  })
}

export function destroyHls(s: Session): void {
  if (s.hls) {
    s.hls.destroy()
    s.hls = null
    countHlsDestroyed()
  }
  // Releases the MediaSource and the decoder now, not whenever the element is collected.
  s.el.removeAttribute('src')
  s.el.load()
}

/** A fatal hls.js error, recovered as the hls.js docs prescribe; each decision is playerPolicy's. */
function onFatal(s: Session, hls: Hls, data: ErrorData, ctl: PlayerControl): void {
  const httpStatus = data.response?.code
  const preparing = data.type === Hls.ErrorTypes.NETWORK_ERROR ? preparingOf(data, httpStatus) : null
  if (preparing) {
    // Not a failure: the camera's picture is on its way. Hold no player meanwhile, and come back
    // when the relay asked, without growing the backoff or counting towards "offline".
    ctl.setStatus(s, 'preparing')
    ctl.setPreparing(s, preparing)
    s.networkFailures = 0
    destroyHls(s)
    return ctl.schedule(s, () => ctl.recreate(s), 'waiting for the picture', policy.preparingRetryMs(preparing.retryAfterS))
  }
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
  ctl.setStatus(s, down ? 'offline' : 'recovering')
  const code: PlayerErrorCode = action === 'renew-url' ? 'EXPIRED' : network ? 'NETWORK' : 'MEDIA'
  ctl.fail(s, code, `${data.details}${httpStatus ? ` (HTTP ${httpStatus})` : ''}`)

  if (action === 'recover-media' || action === 'swap-and-recover') {
    report(s, `${data.details}: ${action === 'swap-and-recover' ? 'swapping audio codec and ' : ''}recovering the media element`)
    if (action === 'swap-and-recover') hls.swapAudioCodec()
    ctl.countRecovery(s)
    return hls.recoverMediaError()
  }
  if (action === 'start-load') return ctl.schedule(s, () => s.hls?.startLoad(), 'restarting loading')
  if (action === 'recreate') {
    // Let go of the broken instance now: a dead camera holds no MediaSource while it waits.
    destroyHls(s)
    return ctl.schedule(s, () => ctl.recreate(s), 'rebuilding the player')
  }
  ctl.schedule(s, () => void renewStream(s, ctl).then((ok) => ok && reloadPlaylist(s)), 'renewing the stream link')
}

/** After a refused signature: carry on with the fresh URL (xhrSetup re-signs reloads once the playlist is known). */
function reloadPlaylist(s: Session): void {
  if (!s.hls || !s.grant) return
  if (s.manifestLoaded) s.hls.startLoad()
  else s.hls.loadSource(s.grant.url)
}

/** A fresh signed URL for the session; on failure, retried with backoff. */
async function renewStream(s: Session, ctl: PlayerControl): Promise<boolean> {
  try {
    s.grant = await ctl.requestStream(s.source.cameraId, s.source.quality, { signal: s.abort.signal })
    scheduleRenewal(s, ctl)
    return ctl.current(s)
  } catch {
    if (!s.abort.signal.aborted) ctl.schedule(s, () => void renewStream(s, ctl), 'renewing the stream link')
    return false
  }
}

/** Renews the signed URL at 80 % of its life, so a playlist reload never meets a 410. */
function scheduleRenewal(s: Session, ctl: PlayerControl): void {
  if (s.renewTimer) clearTimeout(s.renewTimer)
  const left = s.grant ? Date.parse(s.grant.expiresAt) - Date.now() : NaN
  if (!Number.isFinite(left)) return
  s.renewTimer = setTimeout(() => void renewStream(s, ctl), Math.min(2 ** 31 - 1, Math.max(5_000, left * 0.8)))
}

/** The relay's "not ready yet" answer, read from the request hls.js made (its XMLHttpRequest). */
function preparingOf(data: ErrorData, httpStatus: number | undefined): policy.Preparing | null {
  const xhr = data.networkDetails as Partial<XMLHttpRequest> | undefined
  if (httpStatus !== 503 || typeof xhr?.getResponseHeader !== 'function') return null
  let body = ''
  try {
    body = typeof xhr.responseText === 'string' ? xhr.responseText : ''
  } catch {
    body = ''
  }
  return policy.preparingFrom(httpStatus, xhr.getResponseHeader('Retry-After'), body)
}
