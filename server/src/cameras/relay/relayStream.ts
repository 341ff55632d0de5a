import type { StreamQuality } from '@shared/schemas/api'
import { failureObservation, type HealthObservation } from '../upstream/streamObservation'
import { createError } from '../../core/appError'
import type { MediaPlaylist, RelayPlaylistView } from '../upstream/hlsPlaylist'
import type { UpstreamSource } from '../upstream/hlsUpstream'
import type { CachedBody } from '../upstream/hlsUpstream'
import type { SegmentCache } from './segmentCache'
import { createSegmentTable } from './segmentTable'

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


/** New segments fetched ahead of the first viewer's request. */
const PREFETCH = 3

/**
 * The relay's view of one upstream. The playlist is fetched at most once per half target
 * duration, whoever asks, and numbered by the segment table (segmentTable.ts); each segment is
 * fetched once into the cache, whoever asks, and the newest are fetched ahead of the first viewer.
 */
export function createRelayStream(o: RelayStreamOptions): RelayStream {
  const now = o.now ?? Date.now
  const table = createSegmentTable({
    maxSegments: o.maxSegments,
    evictSegment: (seq) => o.cache.delete(o.cameraId, `${o.quality}/seg/${seq}`),
    dropAsset: (kind, id) => o.cache.drop(o.cameraId, `${o.quality}/${kind}/${id}`),
  })
  let fetchedAt = 0
  let refreshing: Promise<RelayPlaylistView> | null = null
  // A failed refresh is the answer for the same half target duration a good one would be:
  // twenty viewers retrying a dead camera do not become twenty upstream requests a second.
  let failure: { err: unknown; at: number } | null = null
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

  async function refresh(): Promise<RelayPlaylistView> {
    let p: MediaPlaylist
    try {
      p = await o.source.loadPlaylist()
    } catch (err) {
      failure = { err, at: now() }
      if (!closed) o.report(failureObservation(o.cameraId, o.quality, err))
      throw err
    }
    failure = null
    const fresh = table.apply(p)
    fetchedAt = now()
    const v = table.view() as RelayPlaylistView
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
    const view = table.view()
    const ttl = Math.max(200, (view?.targetDuration ?? 2) * 500)
    if (view && now() - fetchedAt < ttl) return Promise.resolve(view)
    if (failure && now() - failure.at < ttl) return Promise.reject(failure.err)
    refreshing ??= refresh().finally(() => {
      refreshing = null
    })
    return refreshing
  }

  async function segment(seq: number): Promise<CachedBody> {
    let uri = table.uriOf(seq)
    // After a restart of the server a player may ask for a segment before any playlist: look once.
    if (uri === null && (table.view() === null || seq > table.maxSeq())) {
      await cachedPlaylist()
      uri = table.uriOf(seq)
    }
    if (uri === null) throw createError('NOT_FOUND', `segment ${seq} is not in the relay's window`)
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
      if (table.uriOf(seq) === null) return null
      const hit = o.cache.peek(o.cameraId, `${o.quality}/seg/${seq}`)
      if (hit) lastUsed = now()
      return hit
    },
    asset: (kind, id) =>
      using(() => {
        const a = table.asset(id)
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
