import { formatRate } from '../kpi/kpiFigures'

/** Pure wording helpers of the briefing pages, unit-tested. */

export type Change = { kind: 'none' } | { kind: 'count'; delta: number; pct: number | null } | { kind: 'points'; points: number }

/** How a count moved against a comparison period: the difference and its percentage (null from zero). */
export function countChange(now: number, before: number | null | undefined): Change {
  if (before === null || before === undefined) return { kind: 'none' }
  return { kind: 'count', delta: now - before, pct: before === 0 ? null : (now - before) / before }
}

/** How a rate moved, in percentage points (one decimal); none when either side has no figure. */
export function rateChange(now: number | null, before: number | null | undefined): Change {
  if (now === null || before === null || before === undefined) return { kind: 'none' }
  return { kind: 'points', points: Math.round((now - before) * 1000) / 10 }
}

const sign = (n: number) => (n > 0 ? '+' : n < 0 ? '−' : '±')

/** "+12 (+3.4%)", "−2.1 个百分点" style text; the unit word comes from the messages. */
export function changeText(change: Change, pointsUnit: string): string {
  if (change.kind === 'none') return '—'
  if (change.kind === 'points') return `${sign(change.points)}${Math.abs(change.points).toFixed(1)} ${pointsUnit}`
  const pct = change.pct === null ? '' : ` (${sign(change.pct)}${formatRate(Math.abs(change.pct)).replace('%', '')}%)`
  return `${sign(change.delta)}${Math.abs(change.delta).toLocaleString('en-US')}${pct}`
}

/** Up is good for a rate and for nothing a count of problems says: the colour follows. */
export function changeTone(change: Change, upIsGood: boolean): 'good' | 'bad' | 'flat' {
  const value = change.kind === 'count' ? change.delta : change.kind === 'points' ? change.points : 0
  if (value === 0) return 'flat'
  return value > 0 === upIsGood ? 'good' : 'bad'
}

/** Minutes as 2天3小时 / 5小时12分 / 40分 (or the English short forms). */
export function durationText(minutes: number | null, units: { d: string; h: string; m: string }): string {
  if (minutes === null) return '—'
  const total = Math.round(minutes)
  const d = Math.floor(total / 1440)
  const h = Math.floor((total % 1440) / 60)
  const m = total % 60
  if (d > 0) return `${d}${units.d}${h}${units.h}`
  if (h > 0) return `${h}${units.h}${m}${units.m}`
  return `${m}${units.m}`
}
