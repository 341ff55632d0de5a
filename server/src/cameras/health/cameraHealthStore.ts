import type { CameraStatus, CameraStatusChanged, StreamQuality } from '@shared/schemas/api'

/** What one look at a camera's stream found: its playlist, a bare TCP answer, or nothing. */
export type HealthObservation =
  | {
      kind: 'playlist'
      cameraId: string
      quality: StreamQuality
      /** Media sequence number of the newest segment. */
      lastSeq: number
      /** Program date-time of the newest segment, epoch ms, if the playlist carries one. */
      newestPdtMs: number | null
      newestDurationMs: number
      targetDurationMs: number
      endList: boolean
    }
  | { kind: 'reachable'; cameraId: string; quality: StreamQuality }
  | { kind: 'failed'; cameraId: string; quality: StreamQuality; reason: string }

export interface CameraHealth {
  report(observation: HealthObservation): void
  status(cameraId: string): CameraStatus
  /** The camera's state with its newest-segment age as of its last observation. */
  snapshot(cameraId: string): CameraStatusChanged
  onChange(listener: (change: CameraStatusChanged) => void): () => void
  counts(): Record<CameraStatus, number>
}

interface Track {
  lastSeq: number
  lastPdt: number | null
  lastAdvanceAt: number
}

interface Entry {
  status: CameraStatus
  ageMs: number | null
  at: number
  tracks: Map<StreamQuality, Track>
}

/** A camera's clock may be off by this much before a first look calls its stream stale. */
const CLOCK_SKEW_MS = 10_000
/** Stalled: the playlist answers but has not moved for more than this many target durations. */
export const STALL_TARGET_DURATIONS = 3

/**
 * Every camera's health, fed by active relays (each playlist refresh) and by the background
 * prober (one light look per pass). "Advanced" is judged on our own clock, so a camera whose
 * clock is wrong is still online while its stream moves; its program date-time is used only for
 * a first look, when there is nothing to compare with yet.
 */
export function createCameraHealth(opts: { now?: () => number } = {}): CameraHealth {
  const now = opts.now ?? Date.now
  const entries = new Map<string, Entry>()
  const listeners = new Set<(change: CameraStatusChanged) => void>()

  const toChange = (cameraId: string, e: Entry | undefined): CameraStatusChanged => ({
    cameraId,
    status: e?.status ?? 'unknown',
    newestSegmentAgeMs: e?.ageMs === null || e?.ageMs === undefined ? null : Math.max(0, Math.round(e.ageMs)),
    at: new Date(e?.at ?? now()).toISOString(),
  })

  function judge(o: HealthObservation, entry: Entry, t: number): { status: CameraStatus; ageMs: number | null } {
    if (o.kind === 'failed') return { status: 'offline', ageMs: null }
    if (o.kind === 'reachable') return { status: 'online', ageMs: null }
    const track = entry.tracks.get(o.quality)
    const first = !track
    const advanced = !track || o.lastSeq !== track.lastSeq || o.newestPdtMs !== track.lastPdt
    const current = advanced ? { lastSeq: o.lastSeq, lastPdt: o.newestPdtMs, lastAdvanceAt: t } : (track as Track)
    entry.tracks.set(o.quality, current)
    const pdtAge = o.newestPdtMs === null ? null : Math.max(0, t - (o.newestPdtMs + o.newestDurationMs))
    const limit = STALL_TARGET_DURATIONS * o.targetDurationMs
    let stalled: boolean
    if (o.endList) stalled = true
    else if (first) stalled = pdtAge !== null && pdtAge > limit + CLOCK_SKEW_MS
    else stalled = !advanced && t - current.lastAdvanceAt > limit
    return { status: stalled ? 'stalled' : 'online', ageMs: pdtAge ?? t - current.lastAdvanceAt }
  }

  return {
    report(o) {
      const t = now()
      let entry = entries.get(o.cameraId)
      if (!entry) {
        entry = { status: 'unknown', ageMs: null, at: t, tracks: new Map() }
        entries.set(o.cameraId, entry)
      }
      const before = entry.status
      const { status, ageMs } = judge(o, entry, t)
      entry.status = status
      entry.ageMs = ageMs
      entry.at = t
      if (status === before) return
      const change = toChange(o.cameraId, entry)
      // One failing listener must not starve the others.
      for (const listener of listeners) {
        try {
          listener(change)
        } catch {
          continue
        }
      }
    },
    status: (id) => entries.get(id)?.status ?? 'unknown',
    snapshot: (id) => toChange(id, entries.get(id)),
    onChange(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    counts() {
      const out: Record<CameraStatus, number> = { online: 0, offline: 0, stalled: 0, unknown: 0 }
      for (const e of entries.values()) out[e.status]++
      return out
    },
  }
}
