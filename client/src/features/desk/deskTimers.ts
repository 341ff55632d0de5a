import type { CaseTimer, CaseTimers, TimerName } from '@shared/schemas/case'

export const TIMER_ORDER: readonly TimerName[] = ['intake', 'dispatch', 'handling', 'check', 'whole']

export type TimerKind = 'idle' | 'left' | 'late' | 'paused' | 'done'

/** What one step's timer shows now: counting down to its deadline, past it, paused, finished or not started. */
export function timerView(timer: CaseTimer, now: number): { kind: TimerKind; ms: number } {
  if (timer.stoppedAt !== null) return { kind: 'done', ms: 0 }
  if (timer.startedAt === null) return { kind: 'idle', ms: 0 }
  if (timer.deadline !== null) {
    const ms = Date.parse(timer.deadline) - now
    return ms > 0 ? { kind: 'left', ms } : { kind: 'late', ms: -ms }
  }
  // Paused: the deadline is unknown until it runs again, the remainder is frozen.
  return timer.remainingMs >= 0 ? { kind: 'paused', ms: timer.remainingMs } : { kind: 'late', ms: -timer.remainingMs }
}

export const timerViews = (timers: CaseTimers, now: number) => TIMER_ORDER.map((name) => ({ name, ...timerView(timers[name], now) }))

/**
 * How far past the whole-case limit an open case is, or null. A case can be 超期 on its whole limit
 * while its running step still has time (a late intake spent the whole allowance): the row must
 * then say the whole case is late, not only the step's time left.
 */
export function wholeLateMs(timers: CaseTimers, now: number): number | null {
  const view = timerView(timers.whole, now)
  return view.kind === 'late' ? view.ms : null
}
