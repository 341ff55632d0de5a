import fs from 'node:fs/promises'
import type http from 'node:http'
import path from 'node:path'
import type { Logger } from '../../core/logger'
import type { FleetCamera } from '../fleet/cameraLook'
import { clipDir, type FleetSettings, type Quality, QUALITIES, SAFE_ID } from '../fleet/clipStore'
import type { EncodeQueue } from '../fleet/encodeQueue'
import { type CameraFate, conditionAt, summarizeFates } from '../fleet/fleetRoster'
import { liveWindow, renderPlaylist, segmentAvailable } from './livePlaylist'

export interface OriginDeps {
  cameras: ReadonlyMap<string, FleetCamera>
  fates: ReadonlyMap<string, CameraFate>
  queue: Pick<EncodeQueue, 'manifest' | 'request' | 'stats' | 'progress'>
  settings: FleetSettings
  windowSize: number
  log: Logger
  now?: () => number
  /** Segment bytes kept in memory (most recently served first out last). */
  cacheBytes?: number
}

const PLAYLIST_TYPE = 'application/vnd.apple.mpegurl'
const SEGMENT_TYPE = 'video/mp2t'
// The shape is matched on the raw path, before any decoding: `..`, `%2e`, `%2f` or a backslash
// cannot form a camera id or a quality, so nothing outside the clip folders is ever reachable.
const ROUTE = /^\/cameras\/([^/]+)\/([^/]+)\/(index\.m3u8|seg\/(\d{1,12})\.ts)$/

/**
 * The camera origin's request handler: each camera as a live HLS stream drawn from its cached
 * loop, answering for offline, flapping and stalled cameras as real ones would.
 */
export function createOriginHandler(deps: OriginDeps): http.RequestListener {
  const now = deps.now ?? Date.now
  const { settings } = deps
  const loopSegments = settings.loopSeconds / settings.segmentSeconds
  const cache = createSegmentCache(deps.cacheBytes ?? 64 * 1024 * 1024)

  const fail = (res: http.ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}, details?: unknown) => {
    const body = JSON.stringify({ error: { code, message, ...(details === undefined ? {} : { details }) } })
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store', ...headers })
    res.end(body)
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const rawPath = (req.url ?? '/').split('?')[0]!
    if (req.method !== 'GET' && req.method !== 'HEAD') return fail(res, 405, 'method_not_allowed', 'only GET and HEAD', { Allow: 'GET, HEAD' })
    if (rawPath === '/status') return status(res)
    const m = ROUTE.exec(rawPath)
    if (!m) return fail(res, 404, 'not_found', 'expected /cameras/<id>/<sub|main>/index.m3u8 or …/seg/<n>.ts')
    const [id, quality, seqText] = [m[1]!, m[2]!, m[4]]
    if (!SAFE_ID.test(id)) return fail(res, 400, 'bad_camera_id', 'a camera id is letters, digits, - and _')
    if (!(QUALITIES as readonly string[]).includes(quality)) return fail(res, 400, 'bad_quality', 'quality must be sub or main')
    const camera = deps.cameras.get(id)
    if (!camera) return fail(res, 404, 'unknown_camera', `no camera ${id}`)
    const q = quality as Quality

    const condition = conditionAt(deps.fates.get(id) ?? { kind: 'normal' }, now())
    if (!condition.online) {
      if (condition.answer === 'reset') return void req.socket.destroy()
      if (condition.answer === 'http-404') return fail(res, 404, 'stream_not_found', `camera ${id} has no stream`)
      // No Retry-After: a dead camera promises nothing, and a 503 with one means "not ready yet".
      return fail(res, 503, 'camera_offline', `camera ${id} is not responding`)
    }
    const manifest = deps.queue.manifest(id, q)
    if (!manifest) {
      const state = deps.queue.request(id, q)
      const message = state === 'failed' ? 'its clip could not be encoded; trying again shortly' : 'its clip is being prepared'
      // Retry-After and the progress in the error envelope's details: the relay passes both to the tile.
      return fail(res, 503, 'not_ready', `camera ${id} (${q}): ${message}`, { 'Retry-After': state === 'encoding' ? '2' : '5' }, { progress: deps.queue.progress(id, q) })
    }
    const window = { asOfMs: condition.asOfMs, segmentSeconds: settings.segmentSeconds, loopSegments, windowSize: deps.windowSize }

    if (seqText === undefined) {
      const body = renderPlaylist(liveWindow(window), settings.segmentSeconds)
      // Live playlists change every segment: cache for at most half a target duration.
      res.writeHead(200, { 'Content-Type': PLAYLIST_TYPE, 'Cache-Control': `public, max-age=${Math.floor(settings.segmentSeconds / 2)}`, 'Content-Length': Buffer.byteLength(body) })
      res.end(req.method === 'HEAD' ? undefined : body)
      return
    }
    const sequence = Number(seqText)
    if (!segmentAvailable(sequence, window)) return fail(res, 404, 'segment_not_available', `segment ${sequence} is not in the live window`)
    const entry = manifest.segments[sequence % loopSegments]
    if (!entry) return fail(res, 404, 'segment_not_available', `segment ${sequence} is not in the clip`)
    const file = path.join(clipDir(settings, id, q), entry.file)
    const bytes = await cache.read(file)
    // A segment's bytes never change for a given sequence number (until the clip is re-encoded).
    res.writeHead(200, { 'Content-Type': SEGMENT_TYPE, 'Cache-Control': `public, max-age=${settings.segmentSeconds * deps.windowSize * 2}`, 'Content-Length': bytes.length })
    res.end(req.method === 'HEAD' ? undefined : bytes)
  }

  function status(res: http.ServerResponse): void {
    const fates = summarizeFates(new Map(deps.fates))
    const body = JSON.stringify({
      cameras: deps.cameras.size,
      clips: deps.queue.stats(),
      offline: fates.offline,
      flapping: fates.flapping,
      stalled: fates.stalled,
    })
    res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' })
    res.end(body)
  }

  return (req, res) => {
    handle(req, res).catch((err: unknown) => {
      deps.log.warn({ err: (err as Error).message, url: req.url }, 'camera origin could not answer a request')
      if (!res.headersSent) fail(res, 500, 'internal', 'the origin could not read this clip')
      else res.destroy()
    })
  }
}

/** Recently served segments in memory, bounded in bytes; the rest comes from disk. */
function createSegmentCache(limit: number) {
  const entries = new Map<string, Buffer>()
  let total = 0
  return {
    async read(file: string): Promise<Buffer> {
      const hit = entries.get(file)
      if (hit) {
        entries.delete(file)
        entries.set(file, hit)
        return hit
      }
      const bytes = await fs.readFile(file)
      entries.set(file, bytes)
      total += bytes.length
      for (const [k, v] of entries) {
        if (total <= limit) break
        entries.delete(k)
        total -= v.length
      }
      return bytes
    },
  }
}
