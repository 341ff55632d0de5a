/**
 * The center's calendar is Beijing's (UTC+8, no daylight saving), whatever zone the host or the
 * wall PC is set to: case numbers, KPI days, the office hours of time limits all count by it.
 * Written once here; every side that needs "which day is it in Beijing" calls these.
 */
export const BEIJING_OFFSET_MS = 8 * 3_600_000
const DAY_MS = 86_400_000

const msOf = (at: Date | string | number): number => (at instanceof Date ? at.getTime() : typeof at === 'number' ? at : Date.parse(at))

/** The Beijing calendar day of an instant, YYYY-MM-DD. */
export function beijingDay(at: Date | string | number): string {
  return new Date(msOf(at) + BEIJING_OFFSET_MS).toISOString().slice(0, 10)
}

/** Midnight in Beijing of the day containing an instant, as epoch ms. */
export function beijingMidnight(at: Date | string | number): number {
  return Math.floor((msOf(at) + BEIJING_OFFSET_MS) / DAY_MS) * DAY_MS - BEIJING_OFFSET_MS
}

/** Day of the week in Beijing, 0 = Sunday … 6 = Saturday. */
export function beijingWeekday(at: Date | string | number): number {
  return new Date(msOf(at) + BEIJING_OFFSET_MS).getUTCDay()
}

/** A YYYY-MM-DD day moved by whole calendar days. */
export function shiftDay(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number]
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10)
}
