import { POSITION_INTERVAL_MS, type PositionReport } from '@shared/schemas/position'
import type { Fix } from '../../stores/fieldDuty'

/**
 * While the worker is on duty (上班), the phone's latest fix is posted every 30 s. A fix is sent
 * only while online and only while fresh: positions are never queued, since a stale one would
 * put the worker where they no longer are.
 */
export interface PositionDeps {
  geolocation: Pick<Geolocation, 'watchPosition' | 'clearWatch'>
  post: (report: PositionReport) => Promise<unknown>
  online: () => boolean
  now?: () => number
  setInterval?: (fn: () => void, ms: number) => unknown
  clearInterval?: (handle: unknown) => void
  /** Every new fix, for the screen (accuracy shown) and the report form. */
  onFix?: (fix: Fix) => void
  onError?: (message: string) => void
}

/** A fix older than this is not sent: the worker has moved on since. */
export const FRESH_FIX_MS = 2 * POSITION_INTERVAL_MS

export const fixOf = (p: GeolocationPosition): Fix => ({ lng: p.coords.longitude, lat: p.coords.latitude, accuracyM: Math.round(p.coords.accuracy), at: p.timestamp })

export function reportOf(fix: Fix, onDuty: boolean): PositionReport {
  return { location: { lng: Number(fix.lng.toFixed(7)), lat: Number(fix.lat.toFixed(7)) }, accuracyM: Math.min(100_000, fix.accuracyM), at: new Date(fix.at).toISOString(), onDuty }
}

export function startPositionReporter(deps: PositionDeps): { stop: () => Promise<void>; latest: () => Fix | null } {
  const now = deps.now ?? Date.now
  const every = deps.setInterval ?? ((fn, ms) => globalThis.setInterval(fn, ms))
  const clear = deps.clearInterval ?? ((h) => globalThis.clearInterval(h as ReturnType<typeof setInterval>))
  let latest: Fix | null = null
  let sentAt = 0
  const watch = deps.geolocation.watchPosition(
    (p) => {
      latest = fixOf(p)
      deps.onFix?.(latest)
      // The first fix of a shift goes at once; after that, on the 30 s beat.
      if (sentAt === 0) void tick()
    },
    (e) => deps.onError?.(e.message),
    { enableHighAccuracy: true, maximumAge: 10_000, timeout: 60_000 },
  )
  async function tick(): Promise<void> {
    if (!latest || !deps.online() || now() - latest.at > FRESH_FIX_MS) return
    sentAt = now()
    await deps.post(reportOf(latest, true)).catch(() => undefined)
  }
  const timer = every(() => void tick(), POSITION_INTERVAL_MS)
  return {
    latest: () => latest,
    async stop() {
      clear(timer)
      deps.geolocation.clearWatch(watch)
      // 下班: the center stops showing the worker; only worth saying while online with a fix.
      if (latest && deps.online()) await deps.post(reportOf({ ...latest, at: Math.min(latest.at, now()) }, false)).catch(() => undefined)
    },
  }
}

