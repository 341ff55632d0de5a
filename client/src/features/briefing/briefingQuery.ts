import { z } from 'zod'
import { beijingDay, beijingWeekday, shiftDay } from '@shared/rules/beijingTime'
import { BriefingScope } from '@shared/schemas/briefing'

/**
 * What a briefing shows, as it sits in the URL (`/briefing?from=…&to=…&scope=…&page=…&print=1`), so a
 * briefing can be linked, bookmarked, put on a wall and opened by the PDF renderer as it is on screen.
 * A period is whole Beijing calendar days; a scope is the street, one community or one grid.
 */
export const PERIOD_PRESETS = ['today', 'week', 'month', 'lastMonth', 'custom'] as const
export type PeriodPreset = (typeof PERIOD_PRESETS)[number]

const IsoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/)


export interface BriefingQuery {
  from: string
  to: string
  scope: BriefingScope
  /** The page shown, 0-based. */
  page: number
  /** Every page, one printed page each, nothing moving: the PDF renders this. */
  print: boolean
}

/** Monday-based week, as Chinese offices count it. */
function weekStart(today: string, weekday: number): string {
  return shiftDay(today, -((weekday + 6) % 7))
}

function lastDayOfMonth(day: string): string {
  return shiftDay(`${nextMonth(day)}-01`, -1)
}

function nextMonth(day: string): string {
  const y = Number(day.slice(0, 4))
  const m = Number(day.slice(5, 7))
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`
}

/** The days a preset stands for at `now`, in Beijing. `custom` keeps the range it is given. */
export function presetRange(preset: Exclude<PeriodPreset, 'custom'>, now: Date | number): { from: string; to: string } {
  const today = beijingDay(now)
  const monthFrom = `${today.slice(0, 8)}01`
  switch (preset) {
    case 'today':
      return { from: today, to: today }
    case 'week':
      return { from: weekStart(today, beijingWeekday(now)), to: today }
    case 'month':
      return { from: monthFrom, to: today }
    case 'lastMonth': {
      const to = shiftDay(monthFrom, -1)
      return { from: `${to.slice(0, 8)}01`, to: lastDayOfMonth(to) }
    }
  }
}

/** Which preset a range is at `now`, or custom. */
export function presetOf(range: { from: string; to: string }, now: Date | number): PeriodPreset {
  for (const preset of ['today', 'week', 'month', 'lastMonth'] as const) {
    const r = presetRange(preset, now)
    if (r.from === range.from && r.to === range.to) return preset
  }
  return 'custom'
}

const first = (v: unknown): unknown => (Array.isArray(v) ? v[0] : v)

/**
 * Reads the URL query; anything missing or malformed falls back (this month, the street, the first
 * page), so a hand-edited link still opens a briefing. A range the wrong way round is swapped.
 */
export function parseBriefingQuery(query: Record<string, unknown>, now: Date | number): BriefingQuery {
  const month = presetRange('month', now)
  const from = IsoDay.safeParse(first(query['from']))
  const to = IsoDay.safeParse(first(query['to']))
  let range = from.success && to.success ? { from: from.data, to: to.data } : month
  if (range.from > range.to) range = { from: range.to, to: range.from }
  const scope = BriefingScope.safeParse(first(query['scope']))
  const page = z.coerce.number().int().min(0).max(99).safeParse(first(query['page']))
  return {
    ...range,
    scope: scope.success ? scope.data : 'street',
    page: page.success ? page.data : 0,
    print: first(query['print']) === '1',
  }
}

/** The URL query for a briefing (print only when set, so an ordinary link stays short). */
export function briefingQueryString(q: Omit<BriefingQuery, 'print'> & { print?: boolean }): Record<string, string> {
  return { from: q.from, to: q.to, scope: q.scope, page: String(q.page), ...(q.print ? { print: '1' } : {}) }
}

export type ScopeParts = { kind: 'street' } | { kind: 'community' | 'grid'; id: string }

export function scopeParts(scope: BriefingScope): ScopeParts {
  if (scope === 'street') return { kind: 'street' }
  const [kind, id] = scope.split(':') as ['community' | 'grid', string]
  return { kind, id }
}
