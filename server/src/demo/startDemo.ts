import type { AddressInfo } from 'node:net'
import type { WallApp } from '../app'
import type { Config } from '../config'
import type { Logger } from '../core/logger'
import { wallRoom } from '../realtime/rooms'
import { type DemoConfig, loadDemoConfig } from './demoConfig'
import { generateGulou } from './gulou/generateGulou'
import { writeReferenceFolder } from './gulou/writeReferenceFolder'
import { type CameraOrigin, startCameraOrigin } from './origin/startCameraOrigin'
import { prepareShowcaseWall } from './showcaseWall'
import { type Simulation, startSimulation } from './sim/simulation'

/**
 * The Gulou Street demo, started beside the product by main.ts when DEMO=1 and never imported by
 * it otherwise. It plays the parts a real center's neighbours play: it hands over the territory as
 * an import folder, serves the cameras as an origin the relay reads, and reports and works cases
 * through the public HTTP API with an integration token.
 */
export interface Demo {
  /** The product's config, pointed at the demo's territory folder unless REFERENCE_DIR names one. */
  config: Config
  settings: DemoConfig
  /** Once the app exists: the simulated cameras listen before the wall does, so the relay finds them from the start. */
  startCameras(wall: WallApp): Promise<void>
  /** Once the app listens: the simulation needs its address. */
  startSimulation(wall: WallApp, address: AddressInfo): Promise<Simulation | null>
  /** The simulation first (it talks to the server), then the cameras. */
  close(): Promise<void>
}

export function createDemo(config: Config, log: Logger, env: Record<string, string | undefined> = process.env): Demo {
  const settings = loadDemoConfig(env)
  let origin: CameraOrigin | null = null
  let simulation: Simulation | null = null
  let showcase: string[] = []
  return {
    config: config.referenceDir ? config : { ...config, referenceDir: writeDemoTerritory(settings, log) },
    settings,
    async startCameras(wall) {
      try {
        origin = await startCameraOrigin({ config: settings, logger: log.child({ component: 'camera-origin' }), registry: wall.reference })
        const fleet = origin.fleet
        showcase = prepareShowcaseWall({ walls: wall.walls, cameras: wall.reference.cameras(), offline: origin.offline, prefer: (ids) => fleet.prefer(ids, 'sub'), log })
      } catch (err) {
        log.error(
          { err: (err as Error).message },
          `camera origin could not start on ${settings.origin.host}:${settings.origin.port}; the demo cameras stay offline unless another origin already serves that address`,
        )
      }
    },
    async startSimulation(wall, address) {
      if (!settings.sim.enabled) return null
      // On two cores the history's minute of writing and the wall's first clips compete for the
      // same CPU: the clips of the walls' tiles come first (at most WALL_CLIPS_FIRST_MS), so the
      // big screen plays within the first minute and a half; the history follows.
      const fleet = origin?.fleet
      const beforeHistory = fleet ? () => waitForClips(fleet, showcase, WALL_CLIPS_FIRST_MS) : undefined
      simulation = await startDemoSimulation(wall, address, { sim: settings.sim, holidays: config.holidays, log, ...(beforeHistory ? { beforeHistory } : {}) })
      return simulation
    },
    async close() {
      await simulation?.stop()
      await origin?.close()
    },
  }
}

/** The territory as the import folder a real center would hand over; deterministic, so rewriting it each start is harmless. */
export function writeDemoTerritory(settings: Pick<DemoConfig, 'referenceDir' | 'cameraOriginUrl'>, log: Logger): string {
  writeReferenceFolder(generateGulou({ originBaseUrl: settings.cameraOriginUrl }), settings.referenceDir)
  log.debug({ folder: settings.referenceDir }, 'wrote the Gulou Street demo territory as an import folder')
  return settings.referenceDir
}

/** The simulation against a listening app: its own integration token, its progress on the walls. */
export async function startDemoSimulation(
  wall: WallApp,
  address: AddressInfo,
  deps: { sim: DemoConfig['sim']; holidays: Config['holidays']; log: Logger; now?: () => Date; beforeHistory?: () => Promise<void> },
): Promise<Simulation> {
  const token = await wall.serviceToken('simulator', '演示模拟 Demo simulation')
  const host = ['0.0.0.0', '::'].includes(address.address) ? '127.0.0.1' : address.address
  return startSimulation(`http://${host.includes(':') ? `[${host}]` : host}:${address.port}`, {
    token,
    db: wall.db,
    reference: wall.reference,
    calendar: deps.holidays,
    sim: deps.sim,
    log: deps.log,
    lastSeq: () => wall.cases.lastSeq(),
    onProgress: (p) => wall.io.to(wallRoom()).emit('sim:progress', p),
    ...(deps.beforeHistory ? { beforeHistory: deps.beforeHistory } : {}),
    beforeBackfill: () => wall.historyWrite.begin(),
    afterBackfill: () => wall.historyWrite.end(),
    ...(deps.now ? { now: deps.now } : {}),
  })
}

/** Longest the history waits for the walls' clips: a broken ffmpeg must not hold it back for good. */
export const WALL_CLIPS_FIRST_MS = 60_000

/** Resolves once every camera's sub clip is made or failed, or after `timeoutMs`. */
export async function waitForClips(fleet: Pick<CameraOrigin['fleet'], 'state'>, cameraIds: readonly string[], timeoutMs: number, pollMs = 500): Promise<void> {
  const deadline = Date.now() + timeoutMs
  const pending = () => cameraIds.some((id) => ['queued', 'encoding'].includes(fleet.state(id, 'sub')))
  while (pending() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, pollMs))
}
