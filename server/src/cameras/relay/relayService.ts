import type { StreamQuality } from '@shared/schemas/api'
import type { HealthObservation } from '../upstream/streamObservation'
import { createError } from '../../core/appError'
import type { Logger } from '../../core/logger'
import { type UpstreamSource, createHlsUpstream } from '../upstream/hlsUpstream'
import type { RelayConfig } from './relayConfig'
import { type RelayStream, createRelayStream } from './relayStream'
import { type RemuxUpstream, createRemuxUpstream } from './remuxUpstream'
import { type CacheStats, type SegmentCache, createSegmentCache } from './segmentCache'
import { type CameraRegistry, REMUX_SCHEMES, UpstreamError, type UpstreamPolicy, createUpstreamPolicy, redactUrl, upstreamKind } from '../upstream/upstreamPolicy'

export interface RelayDeps {
  registry: CameraRegistry
  config: RelayConfig
  ffmpegPath: string
  log: Logger
  /** Where active streams report what each playlist refresh found (fleet health). */
  report: (o: HealthObservation) => void
  now?: () => number
  /** Test hooks: how long a first viewer waits for ffmpeg, and its restart pauses. */
  remux?: { firstPlaylistWaitMs?: number; segmentSeconds?: number; backoff?: { firstMs: number; maxMs: number } }
}

export interface RelayStats {
  streams: number
  remuxProcesses: number
  cache: CacheStats
}

export interface RelayService {
  readonly policy: UpstreamPolicy
  /** The stream of a camera at a quality, opened on first use; 404 for an unknown camera. */
  open(cameraId: string, quality: StreamQuality): RelayStream
  /** The stream if it is open, without opening it. */
  find(cameraId: string, quality: StreamQuality): RelayStream | null
  /** Whether a viewer keeps this camera's relay busy (then its refreshes report health, not the prober). */
  isWatched(cameraId: string): boolean
  streams(): RelayStream[]
  stats(): RelayStats
  /** Bytes the cache holds for one camera. */
  cachedBytes(cameraId: string): number
  /** Drop streams nobody asked for within RELAY_IDLE_MS (runs by itself every few seconds). */
  sweep(): Promise<void>
  close(): Promise<void>
}

export function createRelayService(deps: RelayDeps): RelayService {
  const { config, log } = deps
  const now = deps.now ?? Date.now
  const policy = createUpstreamPolicy({ registry: deps.registry, allowedHosts: config.allowedHosts })
  const cache: SegmentCache = createSegmentCache({ totalBytes: config.cacheBytes, ownerBytes: config.cameraCacheBytes })
  const streams = new Map<string, RelayStream>()
  const watched = new Map<string, number>()
  const closing = new Set<Promise<void>>()
  let closed = false

  function sourceFor(cameraId: string, quality: StreamQuality, raw: string): UpstreamSource {
    const url = URL.canParse(raw) ? new URL(raw) : null
    const kind = url ? upstreamKind(url) : null
    if (!url || !kind) {
      log.warn({ camera: cameraId, quality, upstream: redactUrl(raw) }, 'camera stream URL is not something the relay serves (HLS over http(s), or RTSP/TCP/UDP/RTMP/SRT)')
      throw new UpstreamError('refused', 'the camera stream URL has a scheme the relay does not serve')
    }
    const limits = { connectTimeoutMs: config.connectTimeoutMs, readTimeoutMs: config.readTimeoutMs, maxPlaylistBytes: config.maxPlaylistBytes }
    if (kind === 'hls') return createHlsUpstream({ url: raw, quality, policy, limits })
    policy.check(url, 'camera stream', REMUX_SCHEMES)
    return createRemuxUpstream({
      input: raw,
      ffmpegPath: deps.ffmpegPath,
      label: `${cameraId}/${quality}`,
      log,
      ioTimeoutMs: Math.max(config.connectTimeoutMs, config.readTimeoutMs),
      maxPlaylistBytes: config.maxPlaylistBytes,
      ...deps.remux,
    })
  }

  async function drop(key: string, stream: RelayStream): Promise<void> {
    streams.delete(key)
    const n = (watched.get(stream.cameraId) ?? 1) - 1
    if (n > 0) watched.set(stream.cameraId, n)
    else watched.delete(stream.cameraId)
    const done = stream.close().catch((err: unknown) => log.error({ err, camera: stream.cameraId }, 'error while closing a relay stream'))
    closing.add(done)
    await done
    closing.delete(done)
  }

  const service: RelayService = {
    policy,
    open(cameraId, quality) {
      if (closed) throw createError('NOT_READY', 'the relay is shutting down')
      const key = `${cameraId}/${quality}`
      const existing = streams.get(key)
      if (existing) return existing
      const camera = deps.registry.camera(cameraId)
      if (!camera) throw createError('NOT_FOUND', `no camera ${cameraId}`)
      if (streams.size >= config.maxStreams) throw createError('NOT_READY', `the relay is at its limit of ${config.maxStreams} streams (RELAY_MAX_STREAMS)`)
      const source = sourceFor(cameraId, quality, (quality === 'main' ? camera.mainStream : camera.subStream).url)
      const stream = createRelayStream({
        cameraId,
        quality,
        source,
        cache,
        maxSegmentBytes: config.maxSegmentBytes,
        maxSegments: config.maxSegments,
        report: deps.report,
        now,
      })
      streams.set(key, stream)
      watched.set(cameraId, (watched.get(cameraId) ?? 0) + 1)
      log.debug({ camera: cameraId, quality, kind: source.kind }, 'relay stream opened')
      return stream
    },
    find: (cameraId, quality) => streams.get(`${cameraId}/${quality}`) ?? null,
    isWatched: (cameraId) => watched.has(cameraId),
    streams: () => [...streams.values()],
    stats: () => ({
      streams: streams.size,
      remuxProcesses: [...streams.values()].filter((s) => s.source.kind === 'remux' && (s.source as RemuxUpstream).process.pid !== null).length,
      cache: cache.stats(),
    }),
    cachedBytes: (cameraId) => cache.ownerBytes(cameraId),
    async sweep() {
      const t = now()
      const idle = [...streams].filter(([, s]) => s.busy === 0 && t - s.lastUsed > config.idleMs)
      await Promise.all(idle.map(([key, s]) => {
        log.debug({ camera: s.cameraId, quality: s.quality }, 'relay stream idle; dropping it')
        return drop(key, s)
      }))
    },
    async close() {
      closed = true
      clearInterval(timer)
      await Promise.all([...streams].map(([key, s]) => drop(key, s)))
      await Promise.all(closing)
    },
  }

  const timer = setInterval(() => void service.sweep(), Math.min(5000, Math.max(100, config.idleMs / 4)))
  timer.unref()
  return service
}
