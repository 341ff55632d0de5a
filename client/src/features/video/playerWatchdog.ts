import type { PlayerControl } from './playerControl'
import * as policy from './playerPolicy'
import { catchUp, nudge, reloadPipeline, report, sample, type Session } from './playerSession'

/**
 * One look at a tile: sample it (progress, latency, dropped frames), bring it back to the live edge
 * if it drifted, and catch the silent stalls hls.js reports nothing about.
 */
export function watchdogTick(s: Session, ctl: PlayerControl): void {
  if (!ctl.current(s)) return
  const { el, hls } = s
  const now = performance.now()
  sample(s)
  ctl.sampled(s)

  // A hidden page may pause video on purpose; the watchdog must not fight the browser there.
  if (document.hidden || el.currentTime !== s.lastTime) {
    s.lastTime = el.currentTime
    s.lastProgressAt = now
    if (s.firstFrame && !document.hidden) progressed(s, now, ctl)
  } else {
    s.progressSince = null
  }
  if (!hls || s.retryTimer) return
  if (!s.firstFrame) {
    if (now - s.openedAt < policy.STARTUP_TIMEOUT_MS) return
    ctl.fail(s, 'STALLED', `no picture ${Math.round((now - s.openedAt) / 1000)} s after loading started`)
    // Checked again when the timer fires: a picture that arrived meanwhile must not be torn down.
    return ctl.schedule(s, () => !s.firstFrame && ctl.recreate(s), 'rebuilding the player')
  }
  if (!document.hidden) catchUp(s, hls, el, now)
  const verdict = policy.watchdogVerdict({
    now, shouldPlay: !el.ended, lastProgressAt: s.lastProgressAt, lastActionAt: s.lastActionAt, level: s.stallLevel, targetDurationS: s.td,
  })
  if (verdict.kind !== 'act') return
  ctl.setStatus(s, 'stalled')
  ctl.fail(s, 'STALLED', `no progress for ${((now - s.lastProgressAt) / 1000).toFixed(1)} s`)
  s.stallLevel += 1
  s.lastActionAt = now
  if (verdict.action === 'recreate') {
    const stillStalled = () => performance.now() - s.lastProgressAt >= policy.stallAfterMs(s.td)
    return ctl.schedule(s, () => stillStalled() && ctl.recreate(s), 'rebuilding the player')
  }
  report(s, `${ctl.errorMessage()}; watchdog: ${verdict.action === 'recover' ? 'nudging to the live edge' : 'reloading the media pipeline'}`)
  ctl.countRecovery(s)
  if (verdict.action === 'recover') nudge(hls, el)
  else reloadPipeline(hls, el)
}

function progressed(s: Session, now: number, ctl: PlayerControl): void {
  s.progressSince ??= now
  // While a retry is pending the buffer may still play out; the tile is not well until it ran.
  if (ctl.status() !== 'playing' && !s.retryTimer) {
    ctl.setStatus(s, 'playing')
    ctl.clearError()
  }
  if (now - s.progressSince >= policy.HEALTHY_AFTER_MS) {
    s.attempt = s.mediaFailures = s.stallLevel = 0
    s.lastActionAt = null
  }
}
