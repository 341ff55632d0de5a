import type { Logger } from '../core/logger'
import {
  DIMENSIONS,
  type KpiCase,
  type Vector,
  contribution,
  dimensionKey,
  emptyVector,
  foldFacts,
  keysOf,
  newFacts,
} from './kpiCounters'
import { type KpiCaseRow, type KpiStore, type RawEvent, bucketId } from './kpiStore'

/**
 * Keeps the KPI aggregates in step with the events table, in seq order.
 *
 * The checkpoint (last applied seq) is written in the same transaction as the counts it
 * covers, so after a crash or restart the projector resumes exactly where it stopped: no
 * event is counted twice or missed. At start it catches up in chunks (yielding between them so
 * the server stays responsive); afterwards the case service's change notification schedules
 * the next chunk a few milliseconds after a commit, coalescing bursts into one transaction.
 * A KPI query also catches up first, so an answer includes every commit before it.
 */
export interface KpiProjector {
  /** Apply pending events now, at most `max`; returns how many were applied. */
  catchUp(max?: number): number
  /** The last event seq included in the aggregates. */
  seq(): number
  /** How many committed events are not counted yet. */
  behind(): number
  /** A commit happened: apply it soon. */
  notify(): void
  /** Begin catching up in the background. */
  start(): void
  stop(): void
}

export interface KpiProjectorDeps {
  store: KpiStore
  log: Logger
  /** Events per transaction. */
  batchSize?: number
  /** How long a notification waits to gather more commits into one write. */
  delayMs?: number
}

const NOT_STARTED = { startedAt: null, stoppedAt: null, late: false }

/** Snapshots written before the case clocks existed lack their fields: read them as "no clock yet". */
function readSnapshot(data: string): KpiCase {
  const c = JSON.parse(data) as Partial<KpiCase> & Omit<KpiCase, 'timers' | 'overdue' | 'closedAt' | 'closedLate'>
  return {
    ...c,
    timers: { handling: c.timers?.handling ?? NOT_STARTED, whole: c.timers?.whole ?? NOT_STARTED },
    overdue: c.overdue ?? false,
    closedAt: c.closedAt ?? null,
    closedLate: c.closedLate ?? false,
  }
}

/** Fold a batch of events into case rows and bucket deltas, without writing anything. */
export function foldEvents(
  events: readonly RawEvent[],
  load: (caseId: string) => KpiCaseRow | null,
): { rows: Map<string, KpiCaseRow>; deltas: Map<string, Vector> } {
  const rows = new Map<string, KpiCaseRow>()
  const deltas = new Map<string, Vector>()
  const add = (row: { keys: KpiCaseRow['keys'] }, v: ArrayLike<number>, sign: 1 | -1) => {
    for (const dim of DIMENSIONS) {
      const id = bucketId(dim, dimensionKey(row.keys, dim), row.keys.day)
      let d = deltas.get(id)
      if (!d) deltas.set(id, (d = emptyVector()))
      for (let i = 0; i < d.length; i++) d[i]! += sign * v[i]!
    }
  }
  for (const event of events) {
    const c = readSnapshot(event.data)
    const before = rows.get(event.caseId) ?? load(event.caseId)
    const facts = foldFacts(before?.facts ?? newFacts(), event.action, event.at, c)
    const after: KpiCaseRow = { keys: keysOf(c, facts), facts, counted: Array.from(contribution(c, facts)) }
    if (before) add(before, before.counted, -1)
    add(after, after.counted, 1)
    rows.set(event.caseId, after)
  }
  return { rows, deltas }
}

export function createKpiProjector(deps: KpiProjectorDeps): KpiProjector {
  const { store, log } = deps
  const batchSize = deps.batchSize ?? 2000
  const delayMs = deps.delayMs ?? 25
  let applied = store.checkpoint()
  let timer: NodeJS.Timeout | null = null
  let running = false
  /** A catch-up longer than one chunk, for the log line that says when the figures are whole again. */
  let long: { events: number; since: number } | null = null

  function catchUp(max = Number.POSITIVE_INFINITY): number {
    let done = 0
    while (done < max) {
      const events = store.eventsAfter(applied, Math.min(batchSize, max - done))
      if (events.length === 0) break
      const { rows, deltas } = foldEvents(events, store.loadCase)
      const last = events[events.length - 1]!.seq
      store.commit(rows, deltas, last)
      applied = last
      done += events.length
    }
    return done
  }

  function schedule(delay: number): void {
    if (!running || timer) return
    timer = setTimeout(() => {
      timer = null
      try {
        // One chunk per turn of the event loop, so a long catch-up never stalls requests.
        const n = catchUp(batchSize)
        if (n === batchSize) {
          long ??= { events: 0, since: performance.now() }
          long.events += n
          schedule(0)
        } else if (long && long.events + n >= 10 * batchSize) {
          const seconds = Math.round((performance.now() - long.since) / 100) / 10
          log.info({ events: long.events + n, seconds, seq: applied }, `KPI projection caught up: ${long.events + n} events in ${seconds} s`)
          long = null
        } else {
          long = null
        }
      } catch (err) {
        log.error({ err, seq: applied }, 'KPI projection could not apply events; will retry in 5 s')
        schedule(5000)
      }
    }, delay)
    timer.unref()
  }

  return {
    catchUp,
    seq: () => applied,
    behind: () => Math.max(0, store.lastSeq() - applied),
    notify: () => schedule(delayMs),
    start() {
      running = true
      const behind = store.lastSeq() - applied
      if (behind > 0) log.info({ from: applied, behind }, 'KPI projection catching up with the event stream')
      schedule(0)
    },
    stop() {
      running = false
      if (timer) clearTimeout(timer)
      timer = null
    },
  }
}
