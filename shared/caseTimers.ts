import type { Case, CaseAction, CaseEvent, CaseState, CaseTimer, CaseTimers, TimerName } from './schemas/case'
import type { TimeLimit } from './schemas/reference'
import { AT_RISK_SHARE, type HolidayCalendar, NO_HOLIDAYS, addClockMs, clockMsBetween, limitMs } from './timeLimits'

/**
 * The five timers of a case (docs/domain.md: separate timers for dispatch, handling, check and the
 * whole case, plus hotline intake within half a working day), as pure functions of the case's
 * timers, the action taken and the instant. The server stores the result with the case; the
 * deadline ticker re-evaluates it as time passes.
 *
 * Limits. Handling uses the 小类's limit and clock. The other steps are not in the taxonomy,
 * so they are fixed here, on the clock family of the category:
 * - urgent-hours categories (a gas leak, a missing manhole cover): an emergency does not wait
 *   for office hours, so intake 30 min, dispatch 30 min and check 1 h, all on the 24/7 clock;
 *   the whole case gets the handling limit + those 2 h.
 * - every other category: intake half a working day (docs/domain.md's rule for hotline calls, applied
 *   to every channel since a late filing is the same fault whoever reported), dispatch 1 working
 *   hour, check 1 working day; the whole case gets the handling limit + 13 working hours (the sum
 *   of those steps) on the category's working clock, or + 2 days on a natural-days clock.
 * An approved extension adds one original handling limit to both handling and whole (docs/domain.md).
 */

const URGENT_STEPS = { intake: 0.5, dispatch: 0.5, check: 1 }
const OFFICE_STEPS: Record<'intake' | 'dispatch' | 'check', TimeLimit> = {
  intake: { kind: 'working_days', amount: 0.5 },
  dispatch: { kind: 'working_hours', amount: 1 },
  check: { kind: 'working_days', amount: 1 },
}
/** 0.5 working day + 1 working hour + 1 working day, in working hours. */
const OFFICE_OVERHEAD_HOURS = 4 + 1 + 8

export function stepLimits(handling: TimeLimit): Record<TimerName, TimeLimit> {
  const cap = (amount: number) => Math.min(365, amount)
  if (handling.kind === 'urgent_hours') {
    const u = (amount: number): TimeLimit => ({ kind: 'urgent_hours', amount })
    const overhead = URGENT_STEPS.intake + URGENT_STEPS.dispatch + URGENT_STEPS.check
    return {
      intake: u(URGENT_STEPS.intake),
      dispatch: u(URGENT_STEPS.dispatch),
      handling,
      check: u(URGENT_STEPS.check),
      whole: u(cap(handling.amount + overhead)),
    }
  }
  const whole: TimeLimit =
    handling.kind === 'natural_days'
      ? { kind: 'natural_days', amount: cap(handling.amount + 2) }
      : handling.kind === 'working_hours'
        ? { kind: 'working_hours', amount: cap(handling.amount + OFFICE_OVERHEAD_HOURS) }
        : { kind: 'working_days', amount: cap(handling.amount + OFFICE_OVERHEAD_HOURS / 8) }
  return { ...OFFICE_STEPS, handling, whole }
}

/** Which timer the case's current step runs; null in the states where no step is timed. */
export const STEP_TIMER: Record<CaseState, TimerName | null> = {
  pending_filing: 'intake',
  prefiling_check: 'intake',
  not_accepted: null,
  pending_dispatch: 'dispatch',
  dispatched: 'handling',
  in_progress: 'handling',
  suspended: 'handling',
  pending_check: 'check',
  closed: null,
  evaluated: null,
  merged: null,
}

const blank = (limit: TimeLimit): CaseTimer => ({
  limit,
  allowedMs: Math.round(limitMs(limit)),
  startedAt: null,
  pausedMs: 0,
  pausedSince: null,
  stoppedAt: null,
  deadline: null,
  remainingMs: Math.round(limitMs(limit)),
  atRisk: false,
  late: false,
})

const ms = (iso: string) => Date.parse(iso)

function start(t: CaseTimer, at: string): CaseTimer {
  return { ...t, startedAt: at, pausedMs: 0, pausedSince: null, stoppedAt: null }
}
function reset(t: CaseTimer): CaseTimer {
  return { ...t, startedAt: null, pausedMs: 0, pausedSince: null, stoppedAt: null, deadline: null, late: false, atRisk: false }
}
const running = (t: CaseTimer) => t.startedAt !== null && t.stoppedAt === null
/** End a pause at `at`: the paused stretch is not counted against the step. */
function unpause(t: CaseTimer, at: string, cal: HolidayCalendar): CaseTimer {
  if (t.pausedSince === null) return t
  return { ...t, pausedMs: t.pausedMs + clockMsBetween(t.limit.kind, ms(t.pausedSince), ms(at), cal), pausedSince: null }
}
function pause(t: CaseTimer, at: string): CaseTimer {
  return running(t) && t.pausedSince === null ? { ...t, pausedSince: at } : t
}
function stop(t: CaseTimer, at: string, cal: HolidayCalendar): CaseTimer {
  return running(t) ? { ...unpause(t, at, cal), stoppedAt: at } : t
}

/** Fresh timers of a case reported at `at`: intake and the whole case start counting. */
export function newTimers(handling: TimeLimit, at: string): CaseTimers {
  const limits = stepLimits(handling)
  return {
    intake: start(blank(limits.intake), at),
    dispatch: blank(limits.dispatch),
    handling: blank(limits.handling),
    check: blank(limits.check),
    whole: start(blank(limits.whole), at),
  }
}

export interface TimerChange {
  action: CaseAction
  to: CaseState
  at: string
  /** Approved extensions after the action. */
  extensions: number
}

/**
 * Start, stop, pause and resume the timers for one action. A new assignment (dispatch after a
 * return, a reopened case) starts a fresh clock; rework runs the same unit's clock on from where
 * feedback stopped it, the wait for the check not counted against the unit.
 */
export function advanceTimers(timers: CaseTimers, change: TimerChange, cal: HolidayCalendar = NO_HOLIDAYS): CaseTimers {
  const t = { ...timers }
  const { at } = change
  switch (change.action) {
    case 'file':
      t.intake = stop(t.intake, at, cal)
      t.dispatch = start(t.dispatch, at)
      break
    case 'file_self_handled':
      t.intake = stop(t.intake, at, cal)
      t.check = start(t.check, at)
      break
    case 'reject':
      t.intake = stop(t.intake, at, cal)
      t.whole = stop(t.whole, at, cal)
      break
    case 'return_to_intake':
      t.dispatch = reset(t.dispatch)
      t.intake = start(t.intake, at)
      break
    // An escalation hands the case to the district as its handler: the same clocks as a dispatch.
    case 'dispatch':
    case 'escalate':
      t.dispatch = stop(t.dispatch, at, cal)
      t.handling = start(t.handling, at)
      break
    case 'return_to_dispatch':
      t.handling = reset(t.handling)
      t.dispatch = start(t.dispatch, at)
      break
    case 'approve_suspension':
      t.handling = pause(t.handling, at)
      t.whole = pause(t.whole, at)
      break
    case 'resume':
      t.handling = unpause(t.handling, at, cal)
      t.whole = unpause(t.whole, at, cal)
      break
    case 'feedback':
      t.handling = stop(t.handling, at, cal)
      t.check = start(t.check, at)
      break
    case 'close':
      t.check = stop(t.check, at, cal)
      t.whole = stop(t.whole, at, cal)
      break
    case 'rework':
      t.check = stop(t.check, at, cal)
      if (t.handling.stoppedAt !== null) {
        const waited = clockMsBetween(t.handling.limit.kind, ms(t.handling.stoppedAt), ms(at), cal)
        t.handling = { ...t.handling, stoppedAt: null, pausedMs: t.handling.pausedMs + waited }
      }
      break
    case 'follow_up':
      // Unsatisfied reopens the case: the whole-case clock runs on, the time it spent closed
      // included (the problem was not solved), and dispatch starts again.
      if (change.to === 'pending_dispatch') {
        t.whole = { ...t.whole, stoppedAt: null }
        t.dispatch = start(t.dispatch, at)
      }
      break
    case 'merge':
      // The duplicate lives on only as a report of the target case, under the target's timer.
      // (The target's own history entry of the merge leaves its timers alone.)
      if (change.to === 'merged') for (const name of Object.keys(t) as TimerName[]) t[name] = stop(t[name], at, cal)
      break
    default:
      break
  }
  const extra = Math.round(limitMs(t.handling.limit)) * change.extensions
  t.handling = { ...t.handling, allowedMs: Math.round(limitMs(t.handling.limit)) + extra }
  t.whole = { ...t.whole, allowedMs: Math.round(limitMs(t.whole.limit)) + extra }
  return t
}

/** A timer's figures at `now`; stopped timers are frozen at their stop. */
export function evaluateTimer(t: CaseTimer, now: number, cal: HolidayCalendar): CaseTimer {
  if (t.startedAt === null) return { ...t, deadline: null, remainingMs: t.allowedMs, atRisk: false, late: false }
  const { kind } = t.limit
  const begin = ms(t.startedAt)
  const end = t.stoppedAt === null ? now : ms(t.stoppedAt)
  const pausedNow = t.pausedSince === null ? 0 : clockMsBetween(kind, ms(t.pausedSince), end, cal)
  const used = clockMsBetween(kind, begin, end, cal) - t.pausedMs - pausedNow
  const remainingMs = Math.round(t.allowedMs - used)
  const late = remainingMs < 0
  const deadline = t.pausedSince === null ? new Date(addClockMs(kind, begin, t.allowedMs + t.pausedMs, cal)).toISOString() : null
  const ticking = t.stoppedAt === null && t.pausedSince === null
  return { ...t, deadline, remainingMs, late, atRisk: ticking && !late && remainingMs < AT_RISK_SHARE * t.allowedMs }
}

/**
 * The next instant after which a running timer's flags flip by themselves: first at-risk, then
 * late. Each is the first millisecond of clock time past the threshold, so evaluating at that
 * instant shows the new flag (on a working clock that may be 14:00:00.001 after a lunch break).
 */
export function nextFlip(t: CaseTimer, cal: HolidayCalendar): number | null {
  if (t.startedAt === null || t.stoppedAt !== null || t.pausedSince !== null || t.late) return null
  const usedAtFlip = t.atRisk ? t.allowedMs + 1 : Math.floor((1 - AT_RISK_SHARE) * t.allowedMs) + 1
  return addClockMs(t.limit.kind, ms(t.startedAt), usedAtFlip + t.pausedMs, cal)
}

/** What a case says about its clocks at one instant. */
export interface ClockView {
  timers: CaseTimers
  timersAsOf: string
  deadline: string | null
  remainingMs: number | null
  atRisk: boolean
  overdue: boolean
  /** When the ticker must look at the case again; null when no clock runs. */
  nextFlagAt: string | null
}

export function clockView(state: CaseState, timers: CaseTimers, now: Date, cal: HolidayCalendar = NO_HOLIDAYS): ClockView {
  const at = now.getTime()
  const evaluated = { ...timers }
  let next: number | null = null
  for (const name of Object.keys(timers) as TimerName[]) {
    const t = evaluateTimer(timers[name], at, cal)
    evaluated[name] = t
    const flip = nextFlip(t, cal)
    if (flip !== null && (next === null || flip < next)) next = flip
  }
  const stepName = STEP_TIMER[state]
  const step = stepName ? evaluated[stepName] : null
  const timed = step !== null && step.startedAt !== null
  return {
    timers: evaluated,
    timersAsOf: now.toISOString(),
    deadline: timed ? step.deadline : null,
    remainingMs: timed ? step.remainingMs : null,
    atRisk: timed ? step.atRisk : false,
    overdue: timed ? step.late : false,
    nextFlagAt: next === null ? null : new Date(next).toISOString(),
  }
}

/** The clock fields of a case, from a clock view. */
export function caseClockFields(
  v: ClockView,
): Pick<Case, 'timers' | 'timersAsOf' | 'deadline' | 'remainingMs' | 'atRisk' | 'overdue'> {
  const { timers, timersAsOf, deadline, remainingMs, atRisk, overdue } = v
  return { timers, timersAsOf, deadline, remainingMs, atRisk, overdue }
}

/** Timers rebuilt from a case's history (for cases stored before timers existed, and to check the stored ones). */
export function foldTimers(history: readonly CaseEvent[], handling: TimeLimit, cal: HolidayCalendar = NO_HOLIDAYS): CaseTimers {
  const [first, ...rest] = history
  if (!first) throw new Error('a case has at least its report in its history')
  let timers = newTimers(handling, first.at)
  let extensions = 0
  for (const h of rest) {
    if (h.action === 'approve_extension') extensions++
    timers = advanceTimers(timers, { action: h.action, to: h.to, at: h.at, extensions }, cal)
  }
  return timers
}

/** The flags the ticker watches; a difference is an event. */
export function flagsOf(v: Pick<ClockView, 'timers' | 'atRisk' | 'overdue'>): string {
  const names = Object.keys(v.timers) as TimerName[]
  return [v.atRisk, v.overdue, ...names.flatMap((n) => [v.timers[n].atRisk, v.timers[n].late])].map(Number).join('')
}
