import type { CameraStatus, CameraStatusChanged, StreamQuality } from '@shared/schemas/api'
import type { HealthObservation } from '../upstream/streamObservation'

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

/** One stream's (main or sub) judgement as of its last look. */
interface StreamState {
  status: CameraStatus
  ageMs: number | null
  at: number
  /** Failed looks in a row. */
  failures: number
  track: Track | null
}

interface Entry {
  status: CameraStatus
  ageMs: number | null
  at: number
  streams: Map<StreamQuality, StreamState>
}

/** A camera's clock may be off by this much before a first look calls its stream stale. */
const CLOCK_SKEW_MS = 10_000
/** Stalled: the playlist answers but has not moved for more than this many target durations. */
export const STALL_TARGET_DURATIONS = 3
/**
 * A stream seen working goes offline on this many failed looks in a row; one failed fetch is a
 * glitch (a timeout, a camera restarting its encoder), not an outage a duty officer should see.
 * A stream never seen working goes offline on its first failure: there is nothing to keep.
 */
const FAILURES_BEFORE_OFFLINE = 2
/**
 * A stream's judgement speaks for its camera this long after its last look. A watched stream is
 * looked at every few seconds; older news of the other stream should not outvote a fresh failure.
 */
export const STREAM_FRESH_MS = 30_000

const RANK: Record<CameraStatus, number> = { online: 4, stalled: 3, preparing: 2, offline: 1, unknown: 0 }

/**
 * Every camera's health, fed by active relays (each playlist refresh) and by the background
 * prober (one light look per pass). "Advanced" is judged on our own clock, so a camera whose
 * clock is wrong is still online while its stream moves; its program date-time is used only for
 * a first look, when there is nothing to compare with yet.
 *
 * Main and sub stream are judged apart, and the camera is as well as its best stream looked at
 * recently: a main stream that fails while the sub stream plays leaves the camera watchable, and
 * the tile that asked for the main stream shows its own error.
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

  function judge(o: HealthObservation, stream: StreamState, t: number): Pick<StreamState, 'status' | 'ageMs'> {
    if (o.kind === 'failed') {
      const seenWorking = stream.status === 'online' || stream.status === 'stalled'
      if (seenWorking && stream.failures < FAILURES_BEFORE_OFFLINE) return { status: stream.status, ageMs: stream.ageMs }
      return { status: 'offline', ageMs: null }
    }
    if (o.kind === 'reachable') return { status: 'online', ageMs: null }
    if (o.kind === 'preparing') return { status: 'preparing', ageMs: null }
    const track = stream.track
    const first = !track
    const advanced = !track || o.lastSeq !== track.lastSeq || o.newestPdtMs !== track.lastPdt
    const current = advanced ? { lastSeq: o.lastSeq, lastPdt: o.newestPdtMs, lastAdvanceAt: t } : track
    stream.track = current
    const pdtAge = o.newestPdtMs === null ? null : Math.max(0, t - (o.newestPdtMs + o.newestDurationMs))
    const limit = STALL_TARGET_DURATIONS * o.targetDurationMs
    let stalled: boolean
    if (o.endList) stalled = true
    else if (first) stalled = pdtAge !== null && pdtAge > limit + CLOCK_SKEW_MS
    else stalled = !advanced && t - current.lastAdvanceAt > limit
    return { status: stalled ? 'stalled' : 'online', ageMs: pdtAge ?? t - current.lastAdvanceAt }
  }

  /** The best stream looked at within STREAM_FRESH_MS; with none that recent, the latest looked at. */
  function cameraView(entry: Entry, t: number): StreamState {
    let best: StreamState | null = null
    let latest: StreamState | null = null
    for (const s of entry.streams.values()) {
      if (!latest || s.at > latest.at) latest = s
      if (t - s.at <= STREAM_FRESH_MS && (!best || RANK[s.status] > RANK[best.status])) best = s
    }
    return (best ?? latest) as StreamState
  }

  return {
    report(o) {
      const t = now()
      let entry = entries.get(o.cameraId)
      if (!entry) {
        entry = { status: 'unknown', ageMs: null, at: t, streams: new Map() }
        entries.set(o.cameraId, entry)
      }
      let stream = entry.streams.get(o.quality)
      if (!stream) {
        stream = { status: 'unknown', ageMs: null, at: t, failures: 0, track: null }
        entry.streams.set(o.quality, stream)
      }
      stream.failures = o.kind === 'failed' ? stream.failures + 1 : 0
      Object.assign(stream, judge(o, stream, t), { at: t })
      const before = entry.status
      const view = cameraView(entry, t)
      entry.status = view.status
      entry.ageMs = view.ageMs
      entry.at = t
      if (entry.status === before) return
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
      const out: Record<CameraStatus, number> = { online: 0, offline: 0, stalled: 0, preparing: 0, unknown: 0 }
      for (const e of entries.values()) out[e.status]++
      return out
    },
  }
}
