import type { Case } from '@shared/schemas/case'
import type { SimProgress } from '@shared/schemas/sim'
import type { HolidayCalendar } from '@shared/timeLimits'
import { createCaseLocator } from '../../cases/caseLocator'
import { createCaseReferences } from '../../cases/caseReferences'
import { createSqliteCaseRepository } from '../../cases/caseRepository'
import { createCaseService } from '../../cases/caseService'
import type { Random } from '../gulou/random'
import { AppError } from '../../core/appError'
import type { Logger } from '../../core/logger'
import type { ReferenceRepository } from '../../reference/referenceRepository'
import type { Db } from '../../store/database'
import { type SimStep, decide, newReport } from './simPolicy'
import { SimQueue } from './simQueue'
import type { SimWorld } from './simWorld'
import { beijingDay, beijingMidnight, beijingWeekday } from '@shared/rules/beijingTime'

/**
 * The demo's history: `days` days of reports at the report's rate (~270 a day) and everything
 * done with them, written before the live simulation starts so trends and comparisons have data.
 *
 * Decision: the back-fill writes through the case SERVICE, not HTTP. The HTTP API stamps every
 * change with the server's clock and cannot write the past; the service takes an injected clock.
 * It is the same validation, state machine, timers and event stream as a request, run as a
 * discrete-event simulation in simulated time. Its service instance has no listeners, so the
 * ~200k historical changes are not broadcast to walls one by one (a wall that resumes is told to
 * reload, and the KPI projection reads them from the events table). Writes are grouped ~2,000 to
 * a transaction (each service call becomes a savepoint): one durable commit per batch instead of
 * one per change is what makes this take seconds, not minutes; the event loop is released between
 * slices of SLICE_MS so the server keeps answering.
 */

export interface BackfillOptions {
  db: Db
  reference: ReferenceRepository
  world: SimWorld
  calendar: HolidayCalendar
  log: Logger
  rng: Random
  days: number
  perDay: number
  /** The back-fill ends here (now); steps due later are left to the live simulation. */
  end: Date
  onProgress?: (p: SimProgress) => void
  /** Asked between batches; true stops early (the server is closing). */
  stopped?: () => boolean
  /** Most changes per transaction (2,000). */
  batchSize?: number
  /** Main-thread time per transaction before the event loop gets a turn (SLICE_MS). */
  sliceMs?: number
}

/**
 * Main-thread time the back-fill takes before it lets the server answer: with ~20 ms slices a
 * request waits at most one slice per event-loop turn it needs, so the sign-in page and the API
 * stay well under 200 ms while the history is written (bench/firstStart.bench.ts measures it).
 */
export const SLICE_MS = 20

export interface BackfillResult {
  cases: number
  /** Events written: reports and transitions (a merge writes one on each case). */
  changes: number
  refused: number
  ms: number
}

/** A step carries the case as it was decided on, so running it needs no read unless that went stale. */
type Item = { at: number; kind: 'report' } | { at: number; kind: 'step'; case: Case; step: SimStep; attempt: number }

const HOUR = 3_600_000
const DAY = 24 * HOUR

/** Reports per hour of the day, relative: quiet nights, busy office hours, a dip at lunch. */
const HOUR_WEIGHTS = [0.15, 0.1, 0.08, 0.08, 0.1, 0.2, 0.5, 1, 1.6, 1.8, 1.7, 1.5, 1, 1.1, 1.6, 1.7, 1.6, 1.4, 1, 0.8, 0.6, 0.45, 0.3, 0.2]
const HOUR_TOTAL = HOUR_WEIGHTS.reduce((a, b) => a + b, 0)

function hourOfDay(rng: Random): number {
  let x = rng.next() * HOUR_TOTAL
  for (let h = 0; h < 24; h++) if ((x -= HOUR_WEIGHTS[h]!) < 0) return h
  return 23
}

/** Report instants of the `days` whole Beijing days before `end`'s day, plus that day up to `end`. */
export function arrivals(rng: Random, days: number, perDay: number, end: Date): number[] {
  const endMs = end.getTime()
  const today = beijingMidnight(endMs)
  const out: number[] = []
  for (let d = days; d >= 0; d--) {
    const midnight = today - d * DAY
    const weekday = beijingWeekday(midnight)
    // Weekdays a little above the mean, weekends below: 5 × 1.08 + 2 × 0.8 = 7.
    const factor = (weekday === 0 || weekday === 6 ? 0.8 : 1.08) * rng.float(0.9, 1.1)
    const n = Math.round(perDay * factor)
    for (let i = 0; i < n; i++) {
      const at = midnight + hourOfDay(rng) * HOUR + Math.floor(rng.next() * HOUR)
      if (at < endMs) out.push(at)
    }
  }
  return out.sort((a, b) => a - b)
}

/**
 * Time-ordered ids (UUID version 7) for the history: the cases table is clustered by id, so ids
 * that grow with time keep the cases being worked on together in a few hot pages instead of
 * scattered over the whole table; random v4 ids made the 90-day back-fill several times slower.
 */
function uuidV7(ms: number, rng: Random): string {
  const hex = (n: number, width: number) => Math.floor(n).toString(16).padStart(width, '0')
  const time = hex(ms, 12)
  const rand = () => hex(rng.next() * 0x10000, 4)
  return `${time.slice(0, 8)}-${time.slice(8)}-7${rand().slice(1)}-${hex(0x8000 + rng.next() * 0x4000, 4)}-${rand()}${rand()}${rand()}`
}

export async function backfill(options: BackfillOptions): Promise<BackfillResult> {
  const { db, reference, world, log, rng, end } = options
  const started = performance.now()
  let clock = new Date(end.getTime() - options.days * DAY)
  const repo = createSqliteCaseRepository(db)
  const cases = createCaseService({
    repo,
    references: createCaseReferences(reference),
    locate: createCaseLocator(reference),
    replayLimit: 1,
    calendar: options.calendar,
    now: () => clock,
    newId: () => uuidV7(clock.getTime(), rng),
  })

  const reportTimes = arrivals(rng, options.days, options.perDay, end)
  const queue = new SimQueue<Item>()
  for (const at of reportTimes) queue.push({ at, kind: 'report' })
  const endMs = end.getTime()
  const firstSeq = repo.lastSeq()
  let reported = 0
  let refused = 0

  function schedule(c: Case, at: number, attempt = 0): void {
    const step = decide(c, { world, rng, now: at, attempt })
    if (step) queue.push({ at: at + Math.max(1000, step.delayMs), kind: 'step', case: c, step, attempt })
  }

  function run(item: Item): void {
    clock = new Date(item.at)
    if (item.kind === 'report') {
      const { actor, body } = newReport(world, rng)
      const c = cases.intake(actor, body, null).case
      reported++
      schedule(c, item.at)
      return
    }
    const { step, case: decidedOn } = item
    try {
      const next = cases.transition(step.actor, decidedOn.id, { ...step.body, version: decidedOn.version, photos: step.body.photos ?? [] })
      schedule(next, item.at)
    } catch (err) {
      if (!(err instanceof AppError)) throw err
      const current = repo.get(decidedOn.id)
      if (!current) return
      // Changed meanwhile (a duplicate was merged into it): decide again on what it is now.
      if (err.code === 'VERSION_CONFLICT') return schedule(current, item.at, item.attempt)
      // A refusal the policy could not foresee (e.g. the case it duplicates closed): try otherwise.
      refused++
      if (item.attempt < 3) schedule(current, item.at + 60_000, item.attempt + 1)
    }
  }

  const batchSize = options.batchSize ?? 2000
  const sliceMs = options.sliceMs ?? SLICE_MS
  // One transaction per slice of main-thread time, not per fixed count: a fixed 2,000 changes held
  // the event loop ~300 ms at a time on a busy 2-core machine, and a page load (a dozen requests,
  // each waiting for a gap) took seconds. A slice ends after sliceMs or batchSize changes.
  const runBatch = db.transaction(() => {
    const until = performance.now() + sliceMs
    for (let i = 0; i < batchSize; i++) {
      const next = queue.peek()
      if (!next || next.at > endMs) return false
      run(queue.pop()!)
      if ((i & 15) === 15 && performance.now() >= until) return true
    }
    return true
  })

  let lastTenth = -1
  for (;;) {
    if (options.stopped?.()) {
      log.warn({ reported, of: reportTimes.length }, 'back-fill stopped early: the server is closing')
      break
    }
    const more = runBatch()
    const percent = reportTimes.length ? Math.floor((100 * reported) / reportTimes.length) : 100
    const day = beijingDay(clock)
    options.onProgress?.({ phase: 'backfill', percent, casesDone: reported, casesTotal: reportTimes.length, day })
    if (Math.floor(percent / 10) > lastTenth) {
      lastTenth = Math.floor(percent / 10)
      log.info({ percent, cases: reported, of: reportTimes.length, day }, `back-filling demo history: ${percent}% (${reported} of ${reportTimes.length} cases, at ${day})`)
    }
    if (!more) break
    await new Promise((resolve) => setImmediate(resolve))
  }
  return { cases: reported, changes: repo.lastSeq() - firstSeq, refused, ms: Math.round(performance.now() - started) }
}
