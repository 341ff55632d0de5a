import type { SimProgress } from '@shared/schemas/sim'
import type { HolidayCalendar } from '@shared/timeLimits'
import { createCaseLocator } from '../../cases/caseLocator'
import type { DemoConfig } from '../demoConfig'
import { createRandom } from '../gulou/random'
import type { Logger } from '../../core/logger'
import type { ReferenceRepository } from '../../reference/referenceRepository'
import type { Db } from '../../store/database'
import { type BackfillResult, backfill } from './simBackfill'
import { ensureSimulatedAccounts } from './simAccounts'
import { type LiveSim, createLiveSim } from './simLive'
import { type PatrolSim, createPatrolSim } from './simPatrol'
import { buildSimWorld } from './simWorld'

/**
 * The demo simulation: on first start (an empty event stream) it back-fills `backfillDays` of
 * history, then runs the live loop through the HTTP API at `baseUrl`. Started by the app once
 * it listens (it needs its own URL), stopped by close().
 */
export interface SimulationDeps {
  /** The simulation's integration API token: it acts for its simulated people (X-On-Behalf-Of). */
  token: string
  db: Db
  reference: ReferenceRepository
  calendar: HolidayCalendar
  sim: DemoConfig['sim']
  log: Logger
  /** Newest event seq: zero means a fresh store, which gets the history. */
  lastSeq: () => number
  onProgress?: (p: SimProgress) => void
  /** Awaited before the back-fill starts (the demo lets the walls' camera clips be made first). */
  beforeHistory?: () => Promise<void>
  /** Called around the back-fill: the deadline ticker waits (see run()); the KPI projector is nudged once it is written. */
  beforeBackfill?: () => void
  afterBackfill?: () => void
  now?: () => Date
  seed?: number
}

export interface Simulation {
  /** Resolves once the back-fill (if any) is written and the live loop runs. */
  ready: Promise<{ backfill: BackfillResult | null }>
  live: () => LiveSim | null
  stop(): Promise<void>
}

export function startSimulation(baseUrl: string, deps: SimulationDeps): Simulation {
  const { log, sim } = deps
  const rng = createRandom(deps.seed ?? 20_260_301)
  const world = buildSimWorld(deps.reference, createCaseLocator(deps.reference))
  let stopped = false
  let signalStop: () => void = () => undefined
  const stopping = new Promise<void>((resolve) => (signalStop = resolve))
  let live: LiveSim | null = null
  let patrol: PatrolSim | null = null

  async function run(): Promise<{ backfill: BackfillResult | null }> {
    let result: BackfillResult | null = null
    if (sim.backfillDays > 0 && deps.lastSeq() === 0) {
      // A close meanwhile must not wait for the clips.
      await Promise.race([deps.beforeHistory?.(), stopping])
      if (stopped) return { backfill: null }
      log.info({ days: sim.backfillDays }, `back-filling ${sim.backfillDays} days of demo history (first start)`)
      // The deadline ticker would otherwise stamp cases that are still "in the past" with
      // today's flags while the history is being written; it runs once right after instead.
      deps.beforeBackfill?.()
      try {
        result = await backfill({
          db: deps.db,
          reference: deps.reference,
          world,
          calendar: deps.calendar,
          log,
          rng,
          days: sim.backfillDays,
          perDay: 270,
          end: (deps.now ?? (() => new Date()))(),
          onProgress: deps.onProgress,
          stopped: () => stopped,
        })
      } finally {
        deps.afterBackfill?.()
      }
      log.info(
        { ...result, seconds: Math.round(result.ms / 100) / 10 },
        `back-fill done: ${result.cases} cases, ${result.changes} changes in ${(result.ms / 1000).toFixed(1)} s`,
      )
      deps.onProgress?.({ phase: 'live', percent: 100, casesDone: result.cases, casesTotal: result.cases, day: null })
    } else if (sim.backfillDays > 0) {
      log.info('cases already in the store: no back-fill')
    }
    if (stopped) return { backfill: result }
    const created = ensureSimulatedAccounts(deps.db, world, deps.reference)
    if (created) log.info({ created }, `created ${created} token-only accounts for the people the simulation acts for (X-On-Behalf-Of names only people who exist)`)
    live = createLiveSim({ baseUrl, token: deps.token, world, rng, log, reportsPerMinute: sim.reportsPerMinute })
    await live.start()
    // Its own random stream: the patrol must not change which cases the live loop reports.
    patrol = createPatrolSim({ baseUrl, token: deps.token, reference: deps.reference, rng: createRandom((deps.seed ?? 20_260_301) + 16), log })
    patrol.start()
    return { backfill: result }
  }

  const ready = run()
  ready.catch((err: unknown) => log.error({ err }, 'the demo simulation stopped with an error'))

  return {
    ready,
    live: () => live,
    async stop() {
      stopped = true
      signalStop()
      await ready.catch(() => undefined)
      await live?.stop()
      await patrol?.stop()
    },
  }
}
