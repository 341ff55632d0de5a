import http from 'node:http'
import type { AddressInfo } from 'node:net'
import type { DemoConfig } from '../demoConfig'
import type { Logger } from '../../core/logger'
import type { FleetCamera } from '../fleet/cameraLook'
import { createClipEncoder } from '../fleet/clipEncoder'
import { FPS, removeLeftovers, SAFE_ID, SEGMENT_SECONDS, type FleetSettings } from '../fleet/clipStore'
import { createEncodeQueue, type EncodeQueue } from '../fleet/encodeQueue'
import { assignFates, summarizeFates } from '../fleet/fleetRoster'
import { findOsdFont } from '../fleet/osdFont'
import { createSceneLibrary } from '../fleet/sceneLibrary'
import { createOriginHandler } from './originHandler'

/** Anything that lists cameras: the reference repository in the app, a plain list in tests. */
export interface CameraRegistry {
  cameras(): readonly FleetCamera[]
}

export interface CameraOrigin {
  /** Base URL, e.g. http://127.0.0.1:8091; streams are `<url>/cameras/<id>/<sub|main>/index.m3u8`. */
  url: string
  fleet: Pick<EncodeQueue, 'state' | 'stats' | 'prefer'>
  /** Cameras the demo keeps offline for good (the health check has something to find). */
  offline: ReadonlySet<string>
  /** Stop serving, kill any running encode and wait for it to exit. */
  close(): Promise<void>
}

/** Segments in each live playlist: 12 s at 2 s a segment, above the 3 target durations RFC 8216 asks for. */
const WINDOW_SIZE = 6

/**
 * Start the demo's simulated camera fleet: an HTTP origin on its own port serving every camera of
 * the registry as live HLS, and the background encoder that makes each camera's clip once.
 * The origin listens at once; cameras come online as their clips are encoded.
 */
export async function startCameraOrigin(deps: { config: Pick<DemoConfig, 'origin' | 'cameraOriginUrl'>; logger: Logger; registry: CameraRegistry }): Promise<CameraOrigin> {
  const { logger: log } = deps
  const o = deps.config.origin
  const settings: FleetSettings = { dir: o.fleetDir, loopSeconds: o.loopSeconds, segmentSeconds: SEGMENT_SECONDS, fps: FPS }

  const all = deps.registry.cameras()
  const cameras = all.filter((c) => SAFE_ID.test(c.id))
  if (cameras.length < all.length) log.warn({ skipped: all.length - cameras.length }, 'camera fleet: some registry ids are not plain (letters, digits, - and _) and get no simulated stream')

  const font = findOsdFont()
  if (!font.cjk) {
    log.warn(
      { font: font.file },
      font.file ? 'camera fleet: no Chinese font found; the on-screen display shows camera ids instead of names' : 'camera fleet: no font found at all; clips have no on-screen display',
    )
  }
  const removed = removeLeftovers(settings)
  if (removed) log.info({ removed }, 'camera fleet: removed work folders of encodes cut short last time')

  const scenes = createSceneLibrary(settings, font.file, log)
  const encoder = createClipEncoder({ settings, scenes, font })
  const fates = assignFates(
    cameras.map((c) => c.id),
    { offlineShare: o.offlineShare, flapping: o.flapping, flapSeconds: o.flapSeconds, stalled: o.stalled },
  )
  const roster = summarizeFates(fates)
  // A camera that is never online never shows a picture: no clip to make for it.
  const offline = new Set(roster.offline)
  const queue = createEncodeQueue({ cameras: cameras.filter((c) => !offline.has(c.id)), encoder, concurrency: o.encodeConcurrency, preencode: o.preencode, log })
  const handler = createOriginHandler({ cameras: new Map(cameras.map((c) => [c.id, c])), fates, queue, settings, windowSize: WINDOW_SIZE, log })

  const server = http.createServer(handler)
  server.keepAliveTimeout = 10_000
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(o.port, o.host, () => {
        server.off('error', reject)
        resolve()
      })
    })
  } catch (err) {
    await queue.close()
    throw err
  }
  const address = server.address() as AddressInfo
  const host = o.host.includes(':') ? `[${o.host}]` : o.host
  const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${address.port}`
  log.info(
    { url, cameras: cameras.length, offline: roster.offline.length, flapping: roster.flapping.length, stalled: roster.stalled.length, loopSeconds: o.loopSeconds, fleetDir: o.fleetDir },
    `camera origin serving ${cameras.length} simulated cameras at ${url} (${roster.offline.length} offline, ${roster.flapping.length} flapping, ${roster.stalled.length} stalling; see ${url}/status)`,
  )
  const expected = new URL(deps.config.cameraOriginUrl)
  if (o.port !== 0 && Number(expected.port || 80) !== address.port) {
    log.warn({ cameraOriginUrl: deps.config.cameraOriginUrl, port: address.port }, 'CAMERA_ORIGIN_URL does not point at the camera origin\'s port; the registry\'s stream URLs will not reach it')
  }
  queue.start()

  let closing: Promise<void> | null = null
  return {
    url,
    fleet: queue,
    offline,
    close() {
      closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()))
        server.closeAllConnections()
        await Promise.all([queue.close(), closed])
      })()
      return closing
    },
  }
}
