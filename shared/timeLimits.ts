import { z } from 'zod'
import type { CaseEvent } from './schemas/case'
import type { ClockKind, TimeLimit } from './schemas/reference'
import { beijingDay, beijingMidnight } from './rules/beijingTime'

/**
 * Case time limits on the four clocks of docs/domain.md, as pure functions of instants.
 * All calendar reasoning is in Beijing time (UTC+8, no daylight saving), whatever the host's zone.
 *
 * - urgent_hours: a 24/7 clock.
 * - natural_days: a 24/7 clock counted in days.
 * - working_hours: only 08:00-12:00 and 14:00-18:00 of working days run.
 * - working_days: the working-hours clock, one working day being its 8 working hours. The
 *   city-management standards count a working day as 8 working hours, which is also what makes
 *   "within half a working day" (hotline intake) mean 4 office hours, and keeps every deadline
 *   inside office hours.
 */

const HOUR = 3_600_000
const DAY = 24 * HOUR
/** Office windows, in hours after local midnight. */
const WINDOWS: readonly (readonly [number, number])[] = [
  [8, 12],
  [14, 18],
]
export const WORKING_DAY_MS = WINDOWS.reduce((sum, [from, to]) => sum + (to - from) * HOUR, 0)

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date is YYYY-MM-DD')

/** Public holidays, and the weekend days that are worked instead (调休). */
export const HolidayCalendar = z.object({
  holidays: z.array(IsoDate).default([]),
  workdays: z.array(IsoDate).default([]),
})
export type HolidayCalendar = z.infer<typeof HolidayCalendar>

export const NO_HOLIDAYS: HolidayCalendar = { holidays: [], workdays: [] }

interface Calendar {
  holidays: ReadonlySet<string>
  workdays: ReadonlySet<string>
}
// Calendars are few and long-lived; index each once.
const indexed = new WeakMap<HolidayCalendar, Calendar>()
function index(cal: HolidayCalendar): Calendar {
  let c = indexed.get(cal)
  if (!c) {
    c = { holidays: new Set(cal.holidays), workdays: new Set(cal.workdays) }
    indexed.set(cal, c)
  }
  return c
}


export function isWorkingDay(date: string, cal: HolidayCalendar): boolean {
  const c = index(cal)
  if (c.workdays.has(date)) return true
  if (c.holidays.has(date)) return false
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay()
  return weekday !== 0 && weekday !== 6
}

/** The office windows of the day starting at `midnight`, or none on a day off. */
function windowsOf(midnight: number, cal: HolidayCalendar): [number, number][] {
  if (!isWorkingDay(beijingDay(midnight), cal)) return []
  return WINDOWS.map(([from, to]) => [midnight + from * HOUR, midnight + to * HOUR])
}

/** Working time in [a, b). */
export function workingMsBetween(a: number, b: number, cal: HolidayCalendar): number {
  let total = 0
  for (let day = beijingMidnight(a); day < b; day += DAY) {
    for (const [from, to] of windowsOf(day, cal)) total += Math.max(0, Math.min(to, b) - Math.max(from, a))
  }
  return total
}

/** The instant after `ms` of working time has run from `start`. */
export function addWorkingMs(start: number, ms: number, cal: HolidayCalendar): number {
  let left = ms
  if (left <= 0) return start
  // Bounded: a limit is at most 365 days, and no real calendar has years without a working day.
  for (let day = beijingMidnight(start); day < start + 20 * 366 * DAY; day += DAY) {
    for (const [from, to] of windowsOf(day, cal)) {
      const begin = Math.max(from, start)
      if (begin >= to) continue
      if (left <= to - begin) return begin + left
      left -= to - begin
    }
  }
  throw new Error('the holiday calendar has no working time left')
}

const onWorkingClock = (kind: ClockKind) => kind === 'working_hours' || kind === 'working_days'

/** Length of a limit on its own clock. */
export function limitMs(limit: TimeLimit): number {
  switch (limit.kind) {
    case 'urgent_hours':
    case 'working_hours':
      return limit.amount * HOUR
    case 'working_days':
      return limit.amount * WORKING_DAY_MS
    case 'natural_days':
      return limit.amount * DAY
  }
}

/** Time in [a, b) as the limit's clock counts it. */
export function clockMsBetween(kind: ClockKind, a: number, b: number, cal: HolidayCalendar): number {
  if (b <= a) return 0
  return onWorkingClock(kind) ? workingMsBetween(a, b, cal) : b - a
}

export function addClockMs(kind: ClockKind, start: number, ms: number, cal: HolidayCalendar): number {
  return onWorkingClock(kind) ? addWorkingMs(start, ms, cal) : start + ms
}

/** The deadline of a limit started at `start`, with no pauses. */
export function deadline(start: Date, limit: TimeLimit, cal: HolidayCalendar = NO_HOLIDAYS): Date {
  return new Date(addClockMs(limit.kind, start.getTime(), limitMs(limit), cal))
}

export interface TimerInput {
  limit: TimeLimit
  /** When the clock started (dispatch, for the handling timer); null: not started. */
  startedAt: string | null
  /** Approved suspensions; an open one has `to: null` and stops the clock now. */
  pauses: readonly { from: string; to: string | null }[]
  /** Approved extensions; each adds one original limit (docs/domain.md). */
  extensions: number
  /** When the timed step was completed; the clock stops there. */
  stoppedAt: string | null
}

export interface TimerStatus {
  /** Null while not started or paused: a stopped clock has no deadline. */
  deadline: string | null
  /** Total allowed, on the limit's clock, extensions included. */
  allowedMs: number
  /** Left on the limit's clock; negative once overdue. */
  remainingMs: number
  paused: boolean
  overdue: boolean
  /** Less than 20% of the allowed time left, and not yet overdue. */
  atRisk: boolean
}

export const AT_RISK_SHARE = 0.2

export function timerStatus(input: TimerInput, now: Date, cal: HolidayCalendar = NO_HOLIDAYS): TimerStatus {
  const { kind } = input.limit
  const allowedMs = limitMs(input.limit) * (1 + input.extensions)
  if (input.startedAt === null) {
    return { deadline: null, allowedMs, remainingMs: allowedMs, paused: false, overdue: false, atRisk: false }
  }
  const start = Date.parse(input.startedAt)
  const end = input.stoppedAt === null ? now.getTime() : Date.parse(input.stoppedAt)
  let pausedMs = 0
  let paused = false
  for (const pause of input.pauses) {
    const from = Math.max(Date.parse(pause.from), start)
    const to = Math.min(pause.to === null ? end : Date.parse(pause.to), end)
    if (pause.to === null && Date.parse(pause.from) <= end) paused = true
    pausedMs += clockMsBetween(kind, from, to, cal)
  }
  const usedMs = clockMsBetween(kind, start, end, cal) - pausedMs
  const remainingMs = allowedMs - usedMs
  const overdue = remainingMs < 0
  return {
    deadline: paused ? null : new Date(addClockMs(kind, start, allowedMs + pausedMs, cal)).toISOString(),
    allowedMs,
    remainingMs,
    paused,
    overdue,
    atRisk: !overdue && remainingMs < AT_RISK_SHARE * allowedMs,
  }
}

/**
 * The handling timer of a case, read from its history. The clock starts at dispatch (docs/domain.md);
 * a new dispatch (after a return or an unsatisfied follow-up) is a new assignment and starts a
 * fresh clock. Feedback stops it; rework sends the work back to the same unit, so the clock runs
 * on from where it stopped, the time spent waiting for the check not counted against the unit.
 * An approved suspension pauses it until resumed.
 */
export function handlingTimer(history: readonly CaseEvent[], limit: TimeLimit, extensions: number): TimerInput {
  let startedAt: string | null = null
  let stoppedAt: string | null = null
  let pauses: { from: string; to: string | null }[] = []
  for (const h of history) {
    if (h.action === 'dispatch') {
      startedAt = h.at
      stoppedAt = null
      pauses = []
    } else if (startedAt === null) {
      continue
    } else if (h.action === 'approve_suspension') {
      pauses.push({ from: h.at, to: null })
    } else if (h.action === 'resume') {
      const open = pauses.at(-1)
      if (open && open.to === null) open.to = h.at
    } else if (h.action === 'feedback') {
      stoppedAt = h.at
    } else if (h.action === 'rework' && stoppedAt !== null) {
      pauses.push({ from: stoppedAt, to: h.at })
      stoppedAt = null
    } else if (h.action === 'return_to_dispatch') {
      startedAt = null
      stoppedAt = null
      pauses = []
    }
  }
  return { limit, startedAt, pauses, extensions, stoppedAt }
}
