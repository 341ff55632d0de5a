import http from 'node:http'
import type { AddressInfo } from 'node:net'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import express from 'express'
import type { Camera } from '@shared/schemas/reference'
import { loadConfig } from '../../../config'
import { ApiRouter } from '../../../http/apiRouter'
import { errorHandler, notFoundHandler } from '../../../http/errors'
import { type Logger, createLogger } from '../../../core/logger'
import { type CameraVideo, createCameraVideo } from '../../cameraVideo'
import type { RelayDeps } from '../relayService'
import type { CameraRegistry } from '../../upstream/upstreamPolicy'

/** A registry camera with the given upstream URLs; the rest is filler. */
export function testCamera(id: string, subUrl: string, mainUrl = subUrl): Camera {
  return {
    id,
    name: id,
    gridId: 'G01',
    communityId: 'C01',
    roadId: null,
    marketId: null,
    site: 'road',
    location: { lng: 116.84, lat: 40.37 },
    heading: 0,
    ptz: false,
    mainStream: { url: mainUrl, width: 1280, height: 720 },
    subStream: { url: subUrl, width: 640, height: 360 },
  }
}

export function memoryRegistry(cameras: Camera[]): CameraRegistry & { set(list: Camera[]): void } {
  let list = cameras
  let index = new Map(list.map((c) => [c.id, c]))
  return {
    cameras: () => list,
    camera: (id) => index.get(id) ?? null,
    set(next) {
      list = next
      index = new Map(list.map((c) => [c.id, c]))
    },
  }
}

export interface RelayHarness {
  url: string
  dataDir: string
  video: CameraVideo
  registry: ReturnType<typeof memoryRegistry>
  /** GET /api/v1/cameras/:id/stream → the absolute playlist URL. */
  streamUrl(cameraId: string, quality?: 'sub' | 'main'): Promise<string>
  close(): Promise<void>
}

/**
 * The relay with its real routes, config parsing and health, over an in-memory camera list (the
 * app proper imports the demo registry, whose cameras all point at one origin).
 */
export async function startRelayHarness(o: { cameras: Camera[]; env?: Record<string, string>; log?: Logger; remux?: RelayDeps['remux'] }): Promise<RelayHarness> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gulou-relay-test-'))
  const config = loadConfig({ DATA_DIR: dataDir, HEALTH_PROBE: '0', ...o.env })
  const registry = memoryRegistry(o.cameras)
  const video = createCameraVideo({ registry, relay: config.relay, health: config.health, dataDir, log: o.log ?? createLogger('silent'), viewerOf: () => 'test-viewer', ...(o.remux ? { remux: o.remux } : {}) })
  const app = express()
  // The relay alone: access control is the app's (tested there); every caller is one test viewer.
  const api = new ApiRouter({ checkAccess: () => undefined, rateKey: () => 'test' })
  video.mount(app, api)
  app.use('/api/v1', api.router)
  app.use('/api', notFoundHandler)
  app.use(errorHandler(o.log ?? createLogger('silent')))
  const server = http.createServer(video.listener(app))
  server.keepAliveTimeout = 30_000
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  video.start(null)
  return {
    url,
    dataDir,
    video,
    registry,
    async streamUrl(cameraId, quality = 'sub') {
      const res = await fetch(`${url}/api/v1/cameras/${cameraId}/stream?quality=${quality}`)
      if (res.status !== 200) throw new Error(`stream link for ${cameraId}: ${res.status} ${await res.text()}`)
      return url + ((await res.json()) as { url: string }).url
    },
    async close() {
      await video.close()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
