import type http from 'node:http'
import ffmpeg from '@ffmpeg-installer/ffmpeg'
import type express from 'express'
import { type CameraHealth, createCameraHealth } from './health/cameraHealthStore'
import type { HealthConfig } from './health/healthConfig'
import { createCameraProbe } from './health/cameraProbe'
import { type HealthProber, createHealthProber } from './health/healthProber'
import { pushCameraStatus } from './health/statusPush'
import type { ApiRouter } from '../http/apiRouter'
import type { Logger } from '../core/logger'
import type { WallServer } from '../realtime/socketServer'
import type { RelayConfig } from './relay/relayConfig'
import { createRelayFastPath, createRelayRouter, registerStreamRoute } from './relay/relayRoutes'
import { type RelayDeps, type RelayService, createRelayService } from './relay/relayService'
import { type StreamSigner, createStreamSigner, loadOrCreateRelayKey } from './relay/streamSigner'
import type { CameraRegistry } from './upstream/upstreamPolicy'

export interface CameraVideoDeps {
  registry: CameraRegistry
  relay: RelayConfig
  health: HealthConfig
  dataDir: string
  log: Logger
  /** Who is asking for a stream (the signed-in principal's id), or null; links are bound to it. */
  viewerOf: (req: http.IncomingMessage) => string | null
  ffmpegPath?: string
  /** Test hooks for the ffmpeg remux (first-segment wait, restart pauses). */
  remux?: RelayDeps['remux']
}

/** The camera video side of the server: relay, signed links, fleet health and its prober, wired once. */
export interface CameraVideo {
  health: CameraHealth
  relay: RelayService
  signer: StreamSigner
  prober: HealthProber
  /** The stream-link API route and the /relay media paths. */
  mount(app: express.Express, api: ApiRouter): void
  /** The HTTP server's listener: cached segments answered directly, everything else by `app`. */
  listener(app: express.Express): http.RequestListener
  /** Status pushes to the wall, and the prober when HEALTH_PROBE is on. */
  start(io: WallServer | null): void
  /** Stops the prober, every relay stream and every ffmpeg, and waits for them. */
  close(): Promise<void>
}

export function createCameraVideo(deps: CameraVideoDeps): CameraVideo {
  const health = createCameraHealth()
  const relay = createRelayService({
    registry: deps.registry,
    config: deps.relay,
    ffmpegPath: deps.ffmpegPath ?? ffmpeg.path,
    log: deps.log,
    report: (o) => health.report(o),
    ...(deps.remux ? { remux: deps.remux } : {}),
  })
  const signer = createStreamSigner({ key: loadOrCreateRelayKey(deps.dataDir), ttlMs: deps.relay.linkTtlMs })
  const prober = createHealthProber({
    cameras: () => deps.registry.cameras(),
    probe: createCameraProbe({ policy: relay.policy, limits: deps.relay }),
    report: (o) => health.report(o),
    isWatched: (id) => relay.isWatched(id),
    passMs: deps.health.passMs,
    concurrency: deps.health.concurrency,
    log: deps.log,
  })
  let unpush: (() => void) | null = null

  return {
    health,
    relay,
    signer,
    prober,
    mount(app, api) {
      registerStreamRoute(api, { registry: deps.registry, signer, viewerOf: deps.viewerOf })
      app.use('/relay', createRelayRouter({ relay, signer, log: deps.log, viewerOf: deps.viewerOf }))
    },
    listener(app) {
      const fast = createRelayFastPath({ relay, signer, viewerOf: deps.viewerOf })
      return (req, res) => {
        if (!fast(req, res)) app(req, res)
      }
    },
    start(io) {
      if (io) unpush = pushCameraStatus(io, health)
      if (deps.health.probe) prober.start()
    },
    async close() {
      unpush?.()
      await prober.stop()
      await relay.close()
    },
  }
}
