import { distanceMeters, interiorPoint, toLngLat } from '@shared/geometry'
import { POSITION_INTERVAL_MS } from '@shared/schemas/position'
import type { LngLat } from '@shared/schemas/geo'
import type { Logger } from '../../core/logger'
import type { ReferenceRepository } from '../../reference/referenceRepository'
import type { Random } from '../gulou/random'

/**
 * The demo's field workers on patrol (issue 16): a modest set of registry workers holding a
 * terminal walk around their grid's centre, and every 30 s each posts a fix through the public
 * API (`POST /api/v1/positions`, X-On-Behalf-Of the worker), as the terminals' gateway would. The
 * walls see them move. Nothing is logged of where anyone is: only counts.
 */

/** Enough to fill the map without drowning it: two per grid at most. */
export const PATROL_WORKERS = 96
const PER_GRID = 2
/** A walker turns for home beyond this, so they stay in and around their grid. */
const ROAM_M = 300
const METRES_PER_DEG_LAT = 111_320

export interface Walker {
  workerId: string
  home: LngLat
  at: LngLat
  /** Heading in radians, drifting a little each step. */
  heading: number
}

/** Up to PATROL_WORKERS workers with a terminal, PER_GRID per grid, in registry order. */
export function pickWalkers(reference: Pick<ReferenceRepository, 'grids' | 'workers'>, rng: Random, count = PATROL_WORKERS): Walker[] {
  const walkers: Walker[] = []
  for (const grid of reference.grids()) {
    const home = toLngLat(interiorPoint(grid.boundary))
    const held = reference.workers({ gridId: grid.id, limit: 200 }).items.filter((w) => w.terminalId !== null).slice(0, PER_GRID)
    for (const w of held) walkers.push({ workerId: w.id, home, at: home, heading: rng.float(0, 2 * Math.PI) })
  }
  return walkers.slice(0, count)
}

/** One 30-second step: 20-45 m at walking pace, the heading drifting, and back towards home when far. */
export function stepWalker(w: Walker, rng: Random): Walker {
  let heading = w.heading + rng.float(-0.6, 0.6)
  if (distanceMeters(w.at, w.home) > ROAM_M) heading = Math.atan2(w.home.lat - w.at.lat, (w.home.lng - w.at.lng) * Math.cos((w.at.lat * Math.PI) / 180))
  const metres = rng.float(20, 45)
  const dLat = (metres * Math.sin(heading)) / METRES_PER_DEG_LAT
  const dLng = (metres * Math.cos(heading)) / (METRES_PER_DEG_LAT * Math.cos((w.at.lat * Math.PI) / 180))
  return { ...w, heading, at: { lng: w.at.lng + dLng, lat: w.at.lat + dLat } }
}

export interface PatrolSim {
  start(): void
  stop(): Promise<void>
  stats(): { sent: number; refused: number }
}

export function createPatrolSim(options: { baseUrl: string; token: string; reference: Pick<ReferenceRepository, 'grids' | 'workers'>; rng: Random; log: Logger; intervalMs?: number }): PatrolSim {
  const { rng, log } = options
  let walkers = pickWalkers(options.reference, rng)
  const counts = { sent: 0, refused: 0 }
  let timer: NodeJS.Timeout | null = null
  let busy: Promise<void> | null = null

  async function post(w: Walker): Promise<void> {
    const res = await fetch(`${options.baseUrl}/api/v1/positions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${options.token}`, 'x-on-behalf-of': `grid_worker/${w.workerId}`, 'content-type': 'application/json' },
      body: JSON.stringify({ location: w.at, accuracyM: Math.round(rng.float(4, 25)), at: new Date().toISOString() }),
      signal: AbortSignal.timeout(10_000),
    })
    if (res.ok) counts.sent++
    else counts.refused++
    await res.body?.cancel()
  }

  async function round(): Promise<void> {
    walkers = walkers.map((w) => stepWalker(w, rng))
    const before = counts.refused
    for (const w of walkers) await post(w).catch(() => void counts.refused++)
    if (counts.refused > before) log.warn({ refused: counts.refused - before, workers: walkers.length }, 'some simulated position fixes were refused this round')
  }

  function tick(): void {
    if (busy) return
    busy = round().finally(() => (busy = null))
  }

  return {
    start() {
      if (timer || walkers.length === 0) return
      tick()
      timer = setInterval(tick, options.intervalMs ?? POSITION_INTERVAL_MS)
      timer.unref()
      log.info({ workers: walkers.length }, 'simulated field workers on patrol report their positions every 30 s')
    },
    async stop() {
      if (timer) clearInterval(timer)
      timer = null
      await busy
    },
    stats: () => ({ ...counts }),
  }
}
