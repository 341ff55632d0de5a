import { randomUUID } from 'node:crypto'
import { OPEN_STATES } from '@shared/caseMachine'
import { Case } from '@shared/schemas/case'
import { CasePage } from '@shared/schemas/caseApi'
import type { Actor } from '../../cases/actor'
import type { Random } from '../gulou/random'
import type { Logger } from '../../core/logger'
import { beijingMidnight } from '@shared/rules/beijingTime'
import { arrivals } from './simBackfill'
import { type ReportKind, type SimStep, URGENT_PER_DAY, decide, newReport } from './simPolicy'
import { SimQueue } from './simQueue'
import type { SimWorld } from './simWorld'

/**
 * The live demo: simulated people use the public HTTP API exactly as real clients do
 * (POST /api/v1/cases with an Idempotency-Key, POST /api/v1/cases/:id/transitions with the
 * version they last saw, an integration's Bearer token acting for each simulated person through
 * X-On-Behalf-Of, as the terminals' gateway does), so everything the wall shows
 * travels the production path: validation, state machine, event stream, KPIs.
 *
 * Routine reports arrive as a Poisson process at `reportsPerMinute`, a lively demo pace. Urgent
 * ones keep the report's day (URGENT_PER_DAY, busiest in office hours, from the back-fill's own
 * arrivals): at the demo's pace they would hold the walls nearly all the time (measured 92 %
 * before), where a center sees a few a day (bench/alarmShare.bench.ts). Realistic step delays are divided
 * by `speedup` so a case runs its loop in minutes; a step meant to miss its deadline waits the
 * real deadline out instead, so overdue cases appear on the wall as they would. Before acting,
 * the simulation re-reads the case: if someone (an operator at a real client) moved it, it
 * decides again rather than fight them.
 */

export interface LiveSimOptions {
  baseUrl: string
  /** API token of an integration account. */
  token: string
  world: SimWorld
  rng: Random
  log: Logger
  reportsPerMinute: number
  speedup?: number
  /** How often the agenda is looked at. */
  tickMs?: number
  /** Shortest wait between two steps of a case, so a busy demo stays readable on the wall. */
  minDelayMs?: number
}

export interface LiveSim {
  start(): Promise<void>
  stop(): Promise<void>
  /** Cases reported and transitions made so far (for tests and the log). */
  stats(): { reported: number; transitions: number; refused: number }
}

type Item =
  | { at: number; kind: 'report'; report: Exclude<ReportKind, 'any'> }
  | { at: number; kind: 'urgentDay' }
  | { at: number; kind: 'step'; caseId: string; version: number; step: SimStep; attempt: number }

const DAY = 86_400_000

/** The urgent reports of the Beijing day that starts at `midnight`, as the report's day spreads them. */
export function urgentArrivalsOfDay(rng: Random, midnight: number): number[] {
  return arrivals(rng, 0, URGENT_PER_DAY, new Date(midnight + DAY - 1))
}

class HttpRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
  ) {
    super(`HTTP ${status} ${code}`)
  }
}

export function createLiveSim(options: LiveSimOptions): LiveSim {
  const { baseUrl, world, rng, log } = options
  const speedup = options.speedup ?? 120
  const minDelayMs = options.minDelayMs ?? 500
  const meanGapMs = 60_000 / options.reportsPerMinute
  const queue = new SimQueue<Item>()
  const counts = { reported: 0, transitions: 0, refused: 0 }
  let timer: NodeJS.Timeout | null = null
  let running = false
  let busy: Promise<void> | null = null

  async function http<T>(method: 'GET' | 'POST', path: string, actor: Actor | null, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
    const res = await fetch(`${baseUrl}/api/v1${path}`, {
      method,
      headers: {
        ...headers,
        authorization: `Bearer ${options.token}`,
        ...(actor ? { 'x-on-behalf-of': `${actor.role}/${actor.id}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    })
    const json = (await res.json()) as { error?: { code: string } }
    if (!res.ok) throw new HttpRefusal(res.status, json.error?.code ?? 'UNKNOWN')
    return json as T
  }

  /** Live time for a realistic delay: compressed, except a planned miss, which waits past the real deadline. */
  function liveDelay(step: SimStep): number {
    return step.late ? step.delayMs : Math.max(minDelayMs, step.delayMs / speedup)
  }

  function schedule(c: Case, now: number, attempt = 0): void {
    const step = decide(c, { world, rng, now, attempt })
    if (step) queue.push({ at: now + liveDelay(step), kind: 'step', caseId: c.id, version: c.version, step, attempt })
  }

  const nextReportIn = () => -Math.log(1 - rng.next()) * meanGapMs

  /** Today's urgent reports still to come, and a reminder to plan tomorrow's at midnight. */
  function planUrgentDay(now: number): void {
    const midnight = beijingMidnight(now)
    for (const at of urgentArrivalsOfDay(rng, midnight)) if (at > now) queue.push({ at, kind: 'report', report: 'urgent' })
    queue.push({ at: midnight + DAY, kind: 'urgentDay' })
  }

  async function report(kind: Exclude<ReportKind, 'any'>): Promise<void> {
    const { actor, body } = newReport(world, rng, kind)
    const key = randomUUID()
    let created: Case
    try {
      created = Case.parse(await http('POST', '/cases', actor, body, { 'idempotency-key': key }))
    } catch (err) {
      if (err instanceof HttpRefusal) throw err
      // A network hiccup: the same key makes the retry safe (at most one case either way).
      created = Case.parse(await http('POST', '/cases', actor, body, { 'idempotency-key': key }))
    }
    counts.reported++
    schedule(created, Date.now())
  }

  async function act(item: Extract<Item, { kind: 'step' }>): Promise<void> {
    const current = Case.parse(await http('GET', `/cases/${item.caseId}`, null))
    if (current.version !== item.version) return schedule(current, Date.now(), item.attempt)
    const { step } = item
    try {
      const next = Case.parse(
        await http('POST', `/cases/${current.id}/transitions`, step.actor, { ...step.body, version: current.version }),
      )
      counts.transitions++
      schedule(next, Date.now())
    } catch (err) {
      if (!(err instanceof HttpRefusal)) throw err
      counts.refused++
      log.debug({ caseId: current.id, action: step.action, code: err.code }, 'simulation: step refused; deciding again')
      if (item.attempt < 3) schedule(current, Date.now() + 5000, item.attempt + 1)
    }
  }

  async function runDue(): Promise<void> {
    const now = Date.now()
    // A bounded number per tick, so a backlog (after a pause) drains without a burst.
    for (let i = 0; i < 25 && running; i++) {
      const next = queue.peek()
      if (!next || next.at > now) return
      const item = queue.pop()!
      try {
        if (item.kind === 'urgentDay') {
          planUrgentDay(item.at)
        } else if (item.kind === 'report') {
          if (item.report === 'routine') queue.push({ at: now + nextReportIn(), kind: 'report', report: 'routine' })
          await report(item.report)
        } else {
          await act(item)
        }
      } catch (err) {
        if (!running) return
        log.warn({ err: (err as Error).message }, 'simulation step failed; carrying on')
      }
    }
  }

  function tick(): void {
    if (!running || busy) return
    busy = runDue().finally(() => {
      busy = null
    })
  }

  /** Pick up cases already in the store (the back-fill's backlog, a previous run's work). */
  async function seed(): Promise<void> {
    const now = Date.now()
    let seeded = 0
    // Every open case (a stuck one from weeks ago too), and the recently closed awaiting a call or a score.
    for (const [states, pages] of [[OPEN_STATES.join(','), 25], ['closed', 2]] as const) {
      let cursor: string | null = null
      for (let page = 0; page < pages; page++) {
        const result = CasePage.parse(await http('GET', `/cases?state=${states}&limit=200${cursor ? `&cursor=${cursor}` : ''}`, null))
        for (const c of result.items) {
          // Old closed cases stay unevaluated, as some do in life.
          if (c.state === 'closed' && now - Date.parse(c.updatedAt) > 2 * 86_400_000) continue
          const step = decide(c, { world, rng, now, attempt: 0 })
          if (!step) continue
          // Spread the backlog over its compressed delay, at most a minute, rather than all at once.
          queue.push({ at: now + Math.min(60_000, liveDelay(step)) * rng.next(), kind: 'step', caseId: c.id, version: c.version, step, attempt: 0 })
          seeded++
        }
        cursor = result.nextCursor
        if (!cursor) break
      }
    }
    log.info({ seeded }, 'simulation picked up the cases in the store that are still being worked on')
  }

  return {
    async start() {
      running = true
      await seed()
      queue.push({ at: Date.now() + nextReportIn(), kind: 'report', report: 'routine' })
      planUrgentDay(Date.now())
      timer = setInterval(tick, options.tickMs ?? 250)
      timer.unref()
      log.info({ reportsPerMinute: options.reportsPerMinute, speedup }, 'live simulation running through the public API')
    },
    async stop() {
      running = false
      if (timer) clearInterval(timer)
      timer = null
      await busy
    },
    stats: () => ({ ...counts }),
  }
}
