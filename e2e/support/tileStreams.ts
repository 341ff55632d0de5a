import os from 'node:os'
import path from 'node:path'
import { startCameraOrigin } from '../../server/src/demo/origin/startCameraOrigin'
import { loadDemoConfig } from '../../server/src/demo/demoConfig'
import { createLogger } from '../../server/src/core/logger'
import { freePort } from './freePort'
import { startLiveHlsOrigin } from './liveHlsOrigin'
import { startTestServer, type TestServer } from './server'

/**
 * The whole stream path for the camera tiles' browser test and benches: the real wall server (its
 * stream API, signed links, relay and health) in front of a live HLS origin the camera registry
 * points at through CAMERA_ORIGIN_URL. The origin is the demo's simulated fleet
 * (`startCameraOrigin`, short loops, clips cached across runs in the temp folder); with
 * TILE_ORIGIN=stand-in it is the small one-clip origin of liveHlsOrigin.ts instead, which isolates
 * the player from the fleet's encoder. One camera is offline either way.
 */
export interface TileStreams {
  server: TestServer
  kind: 'fleet' | 'stand-in'
  /** Cameras expected to play, warmed up at the origin. */
  playable: string[]
  /** A camera whose upstream does not answer. */
  offline: string
  /** The offline camera's failing relay requests are the point of its tile; nothing else may fail. */
  expectedFailures: RegExp[]
  /** Has the origin ready these cameras' streams of this quality (the fleet encodes a main stream on first request). */
  warm(ids: string[], quality: 'sub' | 'main'): Promise<void>
  /** Whether a URL the page requested is part of camera `id`'s stream (API, playlist or segment). */
  isStreamRequest(url: string, id: string): boolean
  close(): Promise<void>
}

export interface TileStreamsOptions {
  /** How many playable cameras to hand out; 8 by default. */
  playable?: number
  /** Extra server settings. */
  env?: Record<string, string>
}

const FLEET_LOOP_SECONDS = 8

/** Waits until every camera's sub playlist answers 200 at the origin (the fleet encodes clips on first request). */
async function warm(playlistUrl: (id: string) => string, ids: string[], timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  const pending = new Set(ids)
  while (pending.size) {
    for (const id of [...pending]) {
      const res = await fetch(playlistUrl(id)).catch(() => null)
      await res?.arrayBuffer()
      if (res?.ok) pending.delete(id)
    }
    if (!pending.size) break
    if (Date.now() > deadline) throw new Error(`the origin did not get ready for ${[...pending].join(', ')}`)
    await new Promise((resolve) => setTimeout(resolve, 1000))
  }
}

export async function startTileStreams(options: TileStreamsOptions = {}): Promise<TileStreams> {
  const wanted = options.playable ?? 8
  const standIn = process.env['TILE_ORIGIN'] === 'stand-in'
  const port = await freePort()
  const originUrl = `http://127.0.0.1:${port}`
  // The health prober would ask the origin for all 562 cameras, and the fleet encodes a clip on first
  // request: off unless a test wants it.
  const env = { HEALTH_PROBE: '0', CAMERA_ORIGIN_URL: originUrl, ...options.env }
  const closers: (() => Promise<void>)[] = []
  const close = async () => {
    for (const c of closers.reverse()) await c().catch(() => {})
  }
  try {
    let playlistUrl: (id: string, quality?: 'sub' | 'main') => string
    let offlineIds: string[]
    let ids: string[]
    let server: TestServer
    if (standIn) {
      const origin = await startLiveHlsOrigin({ port })
      closers.push(() => origin.close())
      server = await startTestServer(env)
      closers.push(() => server.close())
      ids = await cameraIds(server)
      offlineIds = [ids[ids.length - 1]!]
      origin.setOffline(offlineIds[0]!, true)
      playlistUrl = (id, quality) => origin.playlistUrl(id, quality)
    } else {
      server = await startTestServer(env)
      closers.push(() => server.close())
      const cameras = await cameraList(server)
      ids = cameras.map((c) => c.id)
      const config = loadDemoConfig({
        DATA_DIR: path.join(os.tmpdir(), 'wall-e2e-fleet'),
        CAMERA_ORIGIN_PORT: String(port),
        CAMERA_ORIGIN_URL: originUrl,
        FLEET_DIR: path.join(os.tmpdir(), `wall-e2e-fleet-cache-${FLEET_LOOP_SECONDS}s`),
        FLEET_LOOP_SECONDS: String(FLEET_LOOP_SECONDS),
        FLEET_PREENCODE: 'none',
        // Offline cameras only: flapping and stalling ones would make a pass/fail test a lottery.
        FLEET_FLAPPING: '0',
        FLEET_STALLED: '0',
      })
      const origin = await startCameraOrigin({ config, logger: createLogger('silent'), registry: { cameras: () => cameras } })
      closers.push(() => origin.close())
      const status = (await (await fetch(`${origin.url}/status`)).json()) as { offline: string[] }
      offlineIds = status.offline
      playlistUrl = (id, quality = 'sub') => `${origin.url}/cameras/${id}/${quality}/index.m3u8`
    }
    const playable = ids.filter((id) => !offlineIds.includes(id)).slice(0, wanted)
    await warm(playlistUrl, playable)
    const offline = offlineIds[0]!
    return {
      server,
      kind: standIn ? 'stand-in' : 'fleet',
      playable,
      offline,
      expectedFailures: [new RegExp(`/relay/${offline}/`)],
      warm: (cameraIds, quality) => warm((id) => playlistUrl(id, quality), cameraIds),
      isStreamRequest: (url, id) => url.includes(`/api/v1/cameras/${id}/stream`) || url.includes(`/relay/${id}/`),
      close,
    }
  } catch (cause) {
    await close()
    throw cause
  }
}

async function cameraList(server: TestServer): Promise<{ id: string; name: string; site: string | null }[]> {
  const headers = { authorization: `Bearer ${await server.tokenFor('duty_chief')}` }
  const body = (await (await fetch(`${server.url}/api/v1/cameras`, { headers })).json()) as { items: { id: string; name: string; site: string | null }[] }
  return body.items.sort((a, b) => a.id.localeCompare(b.id))
}

async function cameraIds(server: TestServer): Promise<string[]> {
  return (await cameraList(server)).map((c) => c.id)
}
