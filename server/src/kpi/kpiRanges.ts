import { createError } from '../core/appError'
import { beijingDay, shiftDay } from '@shared/rules/beijingTime'

/** Day arithmetic on YYYY-MM-DD strings (calendar days; the zone is already Beijing's). */

const DAY_MS = 86_400_000
const dayMs = (day: string) => Date.parse(`${day}T00:00:00Z`)
export const addDays = shiftDay
export const daysBetween = (from: string, to: string) => Math.round((dayMs(to) - dayMs(from)) / DAY_MS) + 1

/** The longest range one query may ask for; longer ones are a mistake or an attack on the server. */
export const MAX_RANGE_DAYS = 3660
export const DEFAULT_RANGE_DAYS = 30

function isRealDay(day: string): boolean {
  const ms = dayMs(day)
  return Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 10) === day
}

/** The same calendar day a year earlier; 29 February becomes the 28th. */
export function yearBefore(day: string): string {
  const y = Number(day.slice(0, 4)) - 1
  const candidate = `${String(y).padStart(4, '0')}${day.slice(4)}`
  return isRealDay(candidate) ? candidate : addDays(`${String(y).padStart(4, '0')}-03-01`, -1)
}

export interface KpiRange {
  from: string
  to: string
  days: number
}

/** Resolve the query's range: default the last 30 days up to today, refuse impossible ones. */
export function resolveRange(from: string | undefined, to: string | undefined, now: Date): KpiRange {
  const end = to ?? beijingDay(now)
  const start = from ?? addDays(end, -(DEFAULT_RANGE_DAYS - 1))
  for (const [name, day] of [['from', start], ['to', end]] as const) {
    if (!isRealDay(day)) throw createError('VALIDATION_FAILED', `invalid query: ${name}: ${day} is not a calendar day`)
  }
  if (start > end) throw createError('VALIDATION_FAILED', `invalid query: from (${start}) is after to (${end})`)
  const days = daysBetween(start, end)
  if (days > MAX_RANGE_DAYS) {
    throw createError('VALIDATION_FAILED', `invalid query: the range is ${days} days; at most ${MAX_RANGE_DAYS} are allowed`)
  }
  return { from: start, to: end, days }
}

/** 环比: the same number of days just before the range. */
export const previousRange = (r: KpiRange): KpiRange => ({
  from: addDays(r.from, -r.days),
  to: addDays(r.from, -1),
  days: r.days,
})

/** 同比: the same days one year earlier. */
export function yearBeforeRange(r: KpiRange): KpiRange {
  const from = yearBefore(r.from)
  const to = yearBefore(r.to)
  return { from, to, days: daysBetween(from, to) }
}
