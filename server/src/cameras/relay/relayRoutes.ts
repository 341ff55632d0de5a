import type http from 'node:http'
import express, { type Request, type Response } from 'express'
import { z } from 'zod'
import { StreamLink, StreamQuality } from '@shared/schemas/api'
import { Id } from '@shared/schemas/reference'
import type { ApiRouter } from '../../http/apiRouter'
import { createError } from '../../core/appError'
import type { Logger } from '../../core/logger'
import { renderMediaPlaylist } from '../upstream/hlsPlaylist'
import type { RelayService } from './relayService'
import type { StreamSigner } from './streamSigner'
import { type CameraRegistry, UpstreamError } from '../upstream/upstreamPolicy'

/** Who asks: the signed-in principal's id. A link works only for the one it was signed for. */
type ViewerOf = (req: http.IncomingMessage) => string | null

export interface StreamRouteDeps {
  registry: CameraRegistry
  signer: StreamSigner
  viewerOf: ViewerOf
}

function viewer(viewerOf: ViewerOf, req: http.IncomingMessage): string {
  const id = viewerOf(req)
  if (!id) throw createError('UNAUTHENTICATED', 'sign in first: stream links work only in the session they were issued to')
  return id
}

/** The one way a browser gets a stream: by camera id and quality, answered with a signed relay URL. */
export function registerStreamRoute(api: ApiRouter, deps: StreamRouteDeps): void {
  api.add({
    method: 'get',
    path: '/cameras/:id/stream',
    tag: 'cameras',
    permission: 'cameras:view',
    summary: 'A signed, expiring relay URL (HLS) to play a camera; ask again before expiresAt or on 410',
    params: z.object({ id: Id }),
    query: z.object({ quality: StreamQuality.default('sub') }),
    response: StreamLink,
    errors: [404],
    handler: ({ params, query, req, res }) => {
      if (!deps.registry.camera(params.id)) throw createError('NOT_FOUND', `no camera ${params.id}`)
      const { exp, sig } = deps.signer.sign({ cameraId: params.id, quality: query.quality, userId: viewer(deps.viewerOf, req) })
      res.set('Cache-Control', 'no-store')
      return {
        url: `/relay/${encodeURIComponent(params.id)}/${query.quality}/index.m3u8?exp=${exp}&sig=${sig}`,
        expiresAt: new Date(exp * 1000).toISOString(),
      }
    },
  })
}

export interface RelayRouterDeps {
  relay: RelayService
  signer: StreamSigner
  log: Logger
  viewerOf: ViewerOf
}

const Target = z.object({ cameraId: Id, quality: StreamQuality })
const SEGMENT = /^(\d{1,15})\.[a-z0-9]{1,4}$/
const ASSET = /^(\d{1,9})(?:\.[a-z0-9]{1,4})?$/

/**
 * The media paths under /relay (outside /api/v1: players fetch them, not API clients). Every
 * request carries the link's exp and sig, checked before anything else is looked at; segments
 * and keys are addressed by number, never by an upstream path.
 */
export function createRelayRouter(deps: RelayRouterDeps): express.Router {
  const router = express.Router()

  const authorize = (req: Request) => {
    const target = Target.safeParse(req.params)
    if (!target.success) throw createError('NOT_FOUND', 'no such stream')
    const { cameraId, quality } = target.data
    const verdict = deps.signer.verify({ cameraId, quality, userId: viewer(deps.viewerOf, req) }, { exp: req.query['exp'], sig: req.query['sig'] })
    if (verdict === 'expired') throw createError('LINK_EXPIRED', 'this stream link has expired; ask GET /api/v1/cameras/:id/stream for a new one')
    if (verdict !== 'ok') throw createError('FORBIDDEN', 'this stream link is not valid for this camera')
    return { cameraId, quality, query: `exp=${String(req.query['exp'])}&sig=${String(req.query['sig'])}` }
  }

  // One failure is handed to every viewer that asked meanwhile: log it once.
  const logged = new WeakSet<Error>()
  const fail = (err: unknown, cameraId: string, res: Response): never => {
    if (!(err instanceof UpstreamError)) throw err
    if (!logged.has(err)) {
      logged.add(err)
      const entry = { camera: cameraId, kind: err.kind, reason: err.message }
      if (err.kind === 'refused' || err.kind === 'too-large' || err.kind === 'malformed') deps.log.warn(entry, 'relay refused an upstream response')
      else deps.log.debug(entry, 'relay could not read the camera')
    }
    if (err.kind === 'not-ready' && err.notReady) {
      // Not an outage: the source said when to come back, and the player waits that long.
      res.set('Retry-After', String(err.notReady.retryAfterS))
      throw createError('CAMERA_PREPARING', 'the camera has no picture yet (it is being prepared); ask again after Retry-After', { progress: err.notReady.progress })
    }
    if (err.kind === 'timeout') throw createError('UPSTREAM_TIMEOUT', 'the camera did not answer in time')
    throw createError('UPSTREAM_FAILED', err.kind === 'refused' ? "the camera's stream was refused by the relay's safety rules" : 'the camera stream is unavailable')
  }

  const send = (res: Response, type: string, body: Buffer | string, cache: string) => {
    // Written directly: Express would hash every segment for an ETag.
    const buf = typeof body === 'string' ? Buffer.from(body) : body
    res.writeHead(200, { 'Content-Type': type, 'Content-Length': buf.byteLength, 'Cache-Control': cache })
    res.end(buf)
  }

  const upstream = async <T>(res: Response, cameraId: string, work: () => Promise<T>): Promise<T> => {
    try {
      return await work()
    } catch (err) {
      return fail(err, cameraId, res)
    }
  }

  router.get('/:cameraId/:quality/index.m3u8', async (req, res) => {
    const t = authorize(req)
    const view = await upstream(res, t.cameraId, () => deps.relay.open(t.cameraId, t.quality).playlist())
    const ext = view.segments.some((s) => s.mapId !== null) ? 'm4s' : 'ts'
    const text = renderMediaPlaylist(view, {
      segment: (seq) => `seg/${seq}.${ext}?${t.query}`,
      key: (id) => `key/${id}?${t.query}`,
      map: (id) => `map/${id}.mp4?${t.query}`,
    })
    send(res, 'application/vnd.apple.mpegurl', text, 'no-cache, no-store')
  })

  router.get('/:cameraId/:quality/seg/:file', async (req, res) => {
    const t = authorize(req)
    const m = SEGMENT.exec(String(req.params['file']))
    if (!m) throw createError('NOT_FOUND', 'no such segment')
    const got = await upstream(res, t.cameraId, () => deps.relay.open(t.cameraId, t.quality).segment(Number(m[1])))
    send(res, got.contentType, got.body, 'private, max-age=60')
  })

  router.get('/:cameraId/:quality/:kind/:file', async (req, res) => {
    const t = authorize(req)
    const kind = req.params['kind']
    const m = ASSET.exec(String(req.params['file']))
    if ((kind !== 'key' && kind !== 'map') || !m) throw createError('NOT_FOUND', 'no such relay path')
    const got = await upstream(res, t.cameraId, () => deps.relay.open(t.cameraId, t.quality).asset(kind, Number(m[1])))
    send(res, kind === 'key' ? 'application/octet-stream' : got.contentType, got.body, 'private, max-age=60')
  })

  router.use((_req, _res, next) => next(createError('NOT_FOUND', 'no such relay path')))
  return router
}


const FAST_SEGMENT = /^\/relay\/([A-Za-z0-9_-]{1,64})\/(sub|main)\/seg\/(\d{1,15})\.[a-z0-9]{1,4}\?exp=(\d{1,12})&sig=([A-Za-z0-9_-]{43})$/

/**
 * Cached segments are most of the relay's requests (every viewer of every tile, every couple of
 * seconds) and need none of Express: a GET for a segment that is cached, with a valid signature, is
 * answered here before the app sees it. Anything else (a miss, an expired or bad link, another
 * path) returns false and takes the ordinary route, which gives the proper answer and error.
 */
export function createRelayFastPath(deps: { relay: RelayService; signer: StreamSigner; viewerOf: ViewerOf }) {
  return (req: http.IncomingMessage, res: http.ServerResponse): boolean => {
    if (req.method !== 'GET' || !req.url?.startsWith('/relay/')) return false
    const m = FAST_SEGMENT.exec(req.url)
    if (!m) return false
    const [, cameraId, quality, seq, exp, sig] = m as unknown as [string, string, 'sub' | 'main', string, string, string]
    const userId = deps.viewerOf(req)
    if (!userId || deps.signer.verify({ cameraId, quality, userId }, { exp, sig }) !== 'ok') return false
    const hit = deps.relay.find(cameraId, quality)?.cachedSegment(Number(seq))
    if (!hit) return false
    res.writeHead(200, { 'Content-Type': hit.contentType, 'Content-Length': hit.body.byteLength, 'Cache-Control': 'private, max-age=60' })
    res.end(hit.body)
    return true
  }
}
