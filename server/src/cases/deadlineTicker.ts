import { caseClockFields, clockView, flagsOf, foldTimers } from '@shared/caseTimers'
import type { Case, CaseTimers, TimerName } from '@shared/schemas/case'
import type { HolidayCalendar } from '@shared/timeLimits'
import type { Logger } from '../core/logger'
import type { CaseReferences } from './caseReferences'
import type { CaseRepository, CommittedChange } from './caseRepository'

export interface DeadlineTickerDeps {
  repo: CaseRepository
  references: Pick<CaseReferences, 'category'>
  calendar: HolidayCalendar
  /** Hands each committed flag change to the stream (CaseService.publish). */
  publish: (change: CommittedChange) => void
  log: Logger
  intervalMs: number
  now?: () => Date
  /** Cases read per query; a tick keeps reading until none is due. */
  batchSize?: number
}

export interface DeadlineTicker {
  /** Runs one tick at once (so a restart catches up on what passed while down), then every interval. */
  start(): void
  stop(): void
  /** One pass over the cases due now; returns the number of events committed. */
  tick(): number
}

/** A timer that became late since the stored flags: the change is an overdue event, else at-risk. */
function becameLate(before: CaseTimers, after: CaseTimers): boolean {
  return (Object.keys(after) as TimerName[]).some((name) => after[name].late && !before[name].late)
}

/**
 * The clock of the wall: cases turn at-risk and overdue as time passes, with no one acting, and
 * each such change is an event on the stream like any other. Every write of a case stores the
 * instant its flags next flip (`next_flag_at`, indexed), so a tick reads only the cases due, not
 * every open case. A flag change keeps the case's version: time passing is not a decision, and
 * must not turn an operator's open form stale.
 */
export function createDeadlineTicker(deps: DeadlineTickerDeps): DeadlineTicker {
  const { repo, references, calendar, publish, log } = deps
  const now = deps.now ?? (() => new Date())
  const batchSize = deps.batchSize ?? 500
  let timer: NodeJS.Timeout | null = null

  /** A case stored before timers existed: rebuild them from its history, silently (nothing happened). */
  function upgrade(c: Case, at: Date): void {
    const limit = references.category(c.categoryCode)?.timeLimit
    if (!limit) {
      log.warn({ caseId: c.id, category: c.categoryCode }, 'case category no longer in the taxonomy; its clock cannot be rebuilt')
      repo.setNextFlag(c.id, null)
      return
    }
    const history = repo.history(c.id)
    const view = clockView(c.state, foldTimers(history, limit, calendar), at, calendar)
    const closed = c.state === 'closed' || c.state === 'evaluated'
    const closedAt = closed ? (history.findLast((h) => h.action === 'close')?.at ?? null) : null
    const next: Case = {
      ...c,
      mergedReports: c.mergedReports ?? [],
      ...caseClockFields(view),
      closedAt,
      closedLate: closedAt !== null && view.timers.whole.late,
    }
    repo.upgradeClock(next, view.nextFlagAt)
  }

  function tick(): number {
    const at = now()
    const iso = at.toISOString()
    let committed = 0
    let upgraded = 0
    // Each pass moves every case it reads to a later next_flag_at (or none), so this ends.
    for (;;) {
      const due = repo.dueClocks(iso, batchSize)
      for (const c of due) {
        if (!(c as Partial<Case>).timers) {
          upgrade(c, at)
          upgraded++
          continue
        }
        const view = clockView(c.state, c.timers, at, calendar)
        // Never re-arm at or before now, whatever rounding does: that would spin this loop.
        const nextFlagAt =
          view.nextFlagAt !== null && view.nextFlagAt <= iso ? new Date(at.getTime() + 1).toISOString() : view.nextFlagAt
        if (flagsOf(view) === flagsOf(c)) {
          repo.setNextFlag(c.id, nextFlagAt)
          continue
        }
        const type = becameLate(c.timers, view.timers) ? 'overdue' : 'at_risk'
        const change = repo.writeClock({ next: { ...c, ...caseClockFields(view) }, type, at: iso, nextFlagAt })
        if (!change) throw new Error(`case ${c.id} changed while its clock was being written`)
        publish(change)
        committed++
      }
      if (due.length < batchSize) break
    }
    if (upgraded) log.info({ upgraded }, 'rebuilt the timers of cases stored before timers existed')
    if (committed) log.debug({ committed }, 'deadline ticker: cases turned at-risk or overdue')
    return committed
  }

  function safeTick(): void {
    try {
      tick()
    } catch (err) {
      // A failed tick is retried on the next one; the flags are late, not lost.
      log.error({ err }, 'deadline ticker failed; will retry on the next tick')
    }
  }

  return {
    start() {
      if (timer) return
      safeTick()
      timer = setInterval(safeTick, deps.intervalMs)
      timer.unref()
    },
    stop() {
      if (timer) clearInterval(timer)
      timer = null
    },
    tick,
  }
}
