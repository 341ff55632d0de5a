import { setTimeout as sleep } from 'node:timers/promises'
import type { Camera } from '@shared/schemas/reference'
import type { Logger } from '../../core/logger'
import type { HealthObservation } from '../upstream/streamObservation'

export interface HealthProberDeps {
  cameras: () => Camera[]
  probe: (camera: Camera, signal: AbortSignal) => Promise<HealthObservation>
  report: (o: HealthObservation) => void
  /** Cameras an active relay already reports on are skipped. */
  isWatched: (cameraId: string) => boolean
  passMs: number
  concurrency: number
  log: Logger
}

export interface HealthProber {
  start(): void
  stop(): Promise<void>
  /** Passes completed since start, for tests and the bench. */
  readonly passes: number
}

/**
 * Cycles through the fleet: each pass spreads its probes evenly over HEALTH_PASS_MS (no burst of
 * 562 requests at once) with at most HEALTH_CONCURRENCY in flight, then waits for the next pass.
 */
export function createHealthProber(deps: HealthProberDeps): HealthProber {
  let stop: AbortController | null = null
  let loop: Promise<void> | null = null
  let passes = 0

  async function pass(signal: AbortSignal): Promise<void> {
    const started = Date.now()
    const list = deps.cameras()
    const spacing = deps.passMs / Math.max(1, list.length)
    const inFlight = new Set<Promise<void>>()
    for (let i = 0; i < list.length && !signal.aborted; i++) {
      const camera = list[i] as Camera
      const wait = started + i * spacing - Date.now()
      if (wait > 0) await sleep(wait, undefined, { signal })
      while (inFlight.size >= deps.concurrency) await Promise.race(inFlight)
      if (deps.isWatched(camera.id)) continue
      const p: Promise<void> = deps
        .probe(camera, signal)
        .then((o) => {
          // A viewer may have opened the relay meanwhile; its fresher reports win.
          if (!signal.aborted && !deps.isWatched(camera.id)) deps.report(o)
        })
        .catch((err: unknown) => deps.log.error({ err, camera: camera.id }, 'health probe failed unexpectedly'))
        .finally(() => inFlight.delete(p))
      inFlight.add(p)
    }
    await Promise.all(inFlight)
    passes++
    const rest = started + deps.passMs - Date.now()
    if (rest > 0) await sleep(rest, undefined, { signal })
  }

  return {
    start() {
      if (stop) return
      const ac = new AbortController()
      stop = ac
      deps.log.info({ passMs: deps.passMs, concurrency: deps.concurrency }, 'camera health prober started')
      loop = (async () => {
        while (!ac.signal.aborted) {
          try {
            await pass(ac.signal)
          } catch (err) {
            if (!ac.signal.aborted) deps.log.error({ err }, 'health prober pass failed; starting the next one')
          }
        }
      })()
    },
    async stop() {
      stop?.abort()
      stop = null
      await loop
      loop = null
    },
    get passes() {
      return passes
    },
  }
}
