import type { StreamQuality } from '@shared/schemas/api'
import type { HealthObservation } from '../upstream/streamObservation'
import { createError } from '../../core/appError'
import type { MediaPlaylist, RelayPlaylistView, RelaySegment } from '../upstream/hlsPlaylist'
import type { UpstreamSource } from '../upstream/hlsUpstream'
import type { CachedBody } from '../upstream/hlsUpstream'
import type { SegmentCache } from './segmentCache'

export interface RelayStreamOptions {
  cameraId: string
  quality: StreamQuality
  source: UpstreamSource
  cache: SegmentCache
  maxSegmentBytes: number
  maxSegments: number
  report: (o: HealthObservation) => void
  now?: () => number
}

/** One camera at one quality: its playlist, its segment table and its share of the cache. */
export interface RelayStream {
  readonly cameraId: string
  readonly quality: StreamQuality
  readonly lastUsed: number
  /** Requests being answered now: a stream waiting on its first segment is not idle. */
  readonly busy: number
  readonly source: UpstreamSource
  playlist(): Promise<RelayPlaylistView>
  segment(seq: number): Promise<CachedBody>
  /** The segment if it is cached now, without waiting for anything. */
  cachedSegment(seq: number): CachedBody | null
  asset(kind: 'key' | 'map', id: number): Promise<CachedBody>
  close(): Promise<void>
}

interface Row {
  seg: RelaySegment
  uri: string
}

/** Segments behind the playlist window kept (in the table and the cache) for a player one reload late. */
const KEEP_BEHIND = 3
/** New segments fetched ahead of the first viewer's request. */
const PREFETCH = 3

/**
 * The relay's view of one upstream. The playlist is fetched at most once per half target
 * duration, whoever asks; segments are numbered by the relay (the upstream's media sequence plus
 * an offset) so URLs never carry an upstream path, and an upstream that restarts its numbering
 * (a rebooted camera, a restarted ffmpeg) is renumbered after what the players already have, with
 * a discontinuity, instead of sending them backwards.
 */
export function createRelayStream(o: RelayStreamOptions): RelayStream {
  const now = o.now ?? Date.now
  const rows = new Map<number, Row>()
  const assets = new Map<string, { id: number; kind: 'key' | 'map' }>()
  const assetById = new Map<number, { uri: string; kind: 'key' | 'map' }>()
  let nextAssetId = 1
  let view: RelayPlaylistView | null = null
  let fetchedAt = 0
  let refreshing: Promise<RelayPlaylistView> | null = null
  // A failed refresh is the answer for the same half target duration a good one would be:
  // twenty viewers retrying a dead camera do not become twenty upstream requests a second.
  let failure: { err: unknown; at: number } | null = null
  let seqOffset = 0
  let ccOffset = 0
  let maxSeq = -1
  let maxCc = 0
  let lastUsed = now()
  let busy = 0
  let closed = false

  /** Every viewer request marks the stream used when it starts and when it ends. */
  const using = async <T>(work: () => Promise<T>): Promise<T> => {
    busy++
    lastUsed = now()
    try {
      return await work()
    } finally {
      busy--
      lastUsed = now()
    }
  }

  const assetId = (uri: string, kind: 'key' | 'map') => {
    let a = assets.get(uri)
    if (!a) {
      a = { id: nextAssetId++, kind }
      assets.set(uri, a)
      assetById.set(a.id, { uri, kind })
    }
    return a.id
  }

  /** True when the new playlist cannot be the continuation of what was numbered so far. */
  function restarted(p: MediaPlaylist): boolean {
    if (maxSeq < 0) return false
    let overlap = false
    for (let i = 0; i < p.segments.length; i++) {
      const row = rows.get(p.mediaSequence + i + seqOffset)
      if (!row) continue
      if (row.uri !== p.segments[i]?.uri) return true
      overlap = true
    }
    return !overlap && p.mediaSequence + seqOffset <= maxSeq
  }

  function apply(p: MediaPlaylist): number[] {
    const skip = Math.max(0, p.segments.length - o.maxSegments)
    let cc = p.discontinuitySequence
    const ccs = p.segments.map((s) => (cc += s.discontinuity ? 1 : 0))
    if (restarted(p)) {
      seqOffset = maxSeq + 1 - p.mediaSequence
      ccOffset = maxCc + 1 - (ccs[0] ?? 0)
    }
    const fresh: number[] = []
    const segments: RelaySegment[] = []
    p.segments.forEach((s, i) => {
      if (i < skip) return
      const seq = p.mediaSequence + i + seqOffset
      let row = rows.get(seq)
      if (!row) {
        const key = s.key ? { method: s.key.method, iv: s.key.iv, keyFormat: s.key.keyFormat, keyFormatVersions: s.key.keyFormatVersions, id: assetId(s.key.uri as string, 'key') } : null
        const seg: RelaySegment = { seq, duration: s.duration, pdt: s.pdt, cc: (ccs[i] ?? 0) + ccOffset, key, mapId: s.mapUri ? assetId(s.mapUri, 'map') : null, gap: s.gap }
        row = { seg, uri: s.uri }
        rows.set(seq, row)
        fresh.push(seq)
      }
      segments.push(row.seg)
      maxSeq = Math.max(maxSeq, seq)
      maxCc = Math.max(maxCc, row.seg.cc)
    })
    const last = segments[segments.length - 1]
    // A stale copy from an upstream cache must not take the players backwards.
    if (view && last && last.seq < (view.segments[view.segments.length - 1]?.seq ?? -1)) return []
    view = {
      version: p.version,
      targetDuration: p.targetDuration,
      playlistType: skip > 0 && p.playlistType === 'EVENT' ? null : p.playlistType,
      independentSegments: p.independentSegments,
      endList: p.endList,
      segments,
    }
    prune()
    return fresh
  }

  function prune(): void {
    const floor = (view?.segments[0]?.seq ?? 0) - KEEP_BEHIND
    for (const seq of rows.keys()) {
      if (seq >= floor) continue
      rows.delete(seq)
      // Nobody can ask for it any more (segment() needs a row): free it now, not at LRU time.
      o.cache.delete(o.cameraId, `${o.quality}/seg/${seq}`)
    }
    const used = new Set<number>()
    for (const r of rows.values()) {
      if (r.seg.key) used.add(r.seg.key.id)
      if (r.seg.mapId !== null) used.add(r.seg.mapId)
    }
    for (const [id, a] of assetById) {
      if (used.has(id)) continue
      assetById.delete(id)
      assets.delete(a.uri)
      o.cache.drop(o.cameraId, `${o.quality}/${a.kind}/${id}`)
    }
  }

  async function refresh(): Promise<RelayPlaylistView> {
    let p: MediaPlaylist
    try {
      p = await o.source.loadPlaylist()
    } catch (err) {
      failure = { err, at: now() }
      if (!closed) o.report({ kind: 'failed', cameraId: o.cameraId, quality: o.quality, reason: (err as Error).message })
      throw err
    }
    failure = null
    const fresh = apply(p)
    fetchedAt = now()
    const v = view as RelayPlaylistView
    const newest = v.segments[v.segments.length - 1]
    if (!closed) {
      o.report({
        kind: 'playlist',
        cameraId: o.cameraId,
        quality: o.quality,
        lastSeq: newest?.seq ?? -1,
        newestPdtMs: newest?.pdt ?? null,
        newestDurationMs: (newest?.duration ?? 0) * 1000,
        targetDurationMs: v.targetDuration * 1000,
        endList: v.endList,
      })
    }
    // Fetch what players are about to ask for while the playlist travels to them.
    for (const seq of fresh.slice(-PREFETCH)) void segment(seq).catch(() => {})
    return v
  }

  function cachedPlaylist(): Promise<RelayPlaylistView> {
    const ttl = Math.max(200, (view?.targetDuration ?? 2) * 500)
    if (view && now() - fetchedAt < ttl) return Promise.resolve(view)
    if (failure && now() - failure.at < ttl) return Promise.reject(failure.err)
    refreshing ??= refresh().finally(() => {
      refreshing = null
    })
    return refreshing
  }

  async function segment(seq: number): Promise<CachedBody> {
    let row = rows.get(seq)
    // After a restart of the server a player may ask for a segment before any playlist: look once.
    if (!row && (view === null || seq > maxSeq)) {
      await cachedPlaylist()
      row = rows.get(seq)
    }
    if (!row) throw createError('NOT_FOUND', `segment ${seq} is not in the relay's window`)
    const { uri } = row
    return o.cache.get(o.cameraId, `${o.quality}/seg/${seq}`, () => o.source.fetch(uri, `segment ${seq}`, o.maxSegmentBytes))
  }

  const stream: RelayStream = {
    cameraId: o.cameraId,
    quality: o.quality,
    source: o.source,
    get lastUsed() {
      return lastUsed
    },
    get busy() {
      return busy
    },
    playlist: () => using(cachedPlaylist),
    segment: (seq) => using(() => segment(seq)),
    cachedSegment(seq) {
      if (!rows.has(seq)) return null
      const hit = o.cache.peek(o.cameraId, `${o.quality}/seg/${seq}`)
      if (hit) lastUsed = now()
      return hit
    },
    asset: (kind, id) =>
      using(() => {
        const a = assetById.get(id)
        if (!a || a.kind !== kind) throw createError('NOT_FOUND', `${kind} ${id} is not in the relay's window`)
        return o.cache.get(o.cameraId, `${o.quality}/${kind}/${id}`, () => o.source.fetch(a.uri, `${kind} ${id}`, kind === 'key' ? 1024 : o.maxSegmentBytes))
      }),
    async close() {
      closed = true
      o.cache.drop(o.cameraId, `${o.quality}/`)
      await o.source.close()
    },
  }
  return stream
}
