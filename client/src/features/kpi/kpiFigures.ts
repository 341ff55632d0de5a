import { STEP_OF_STATE } from '@shared/caseMachine'
import type { CaseState } from '@shared/schemas/case'
import type { KpiFigures } from '@shared/schemas/kpi'

/**
 * 按期结案率 as the server computed it (shared/rules/kpiRates.ts: closed on time / (closed + open
 * and overdue)), with the counts behind it so the wall can show the sum. The wall never works the
 * rate out again: one formula, in one place.
 */
export function onTimeClosure(figures: Pick<KpiFigures, 'counts' | 'rates'>): { onTime: number; closed: number; openOverdue: number; rate: number | null } {
  const { counts } = figures
  return { onTime: counts.closedOnTime, closed: counts.closed, openOverdue: counts.openOverdue, rate: figures.rates.onTimeClosure }
}

/** 98.5%, or — when there is no figure. One decimal: 99.94% and 100% must not look the same. */
export function formatRate(rate: number | null): string {
  if (rate === null || !Number.isFinite(rate)) return '—'
  // Rounded down (with a hair for float error) so 99.96% never reads as 100%.
  return `${(Math.floor(rate * 1000 + 1e-9) / 10).toFixed(1)}%`
}

const countFormat = new Intl.NumberFormat('en-US')

export function formatCount(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : countFormat.format(value)
}

export const FUNNEL_STEPS = ['reported', 'filed', 'dispatched', 'handled', 'closed'] as const
export type FunnelStep = (typeof FUNNEL_STEPS)[number]

/** How many of a period's cases are now at or past a step of the loop (see caseMachine's order). */
function atOrPast(byState: Record<CaseState, number>, step: number): number {
  let total = 0
  for (const [state, count] of Object.entries(byState) as Array<[CaseState, number]>) {
    // Merged and not-accepted cases sit at step 1 and never move on.
    if (STEP_OF_STATE[state] >= step && state !== 'merged' && state !== 'not_accepted') total += count
  }
  return total
}

/**
 * The closed loop as a funnel: the period's reports, and how many of them are now filed,
 * dispatched (or beyond), handled (waiting for the check or beyond) and closed. All of them count
 * where the cases stand now, so each step contains the next. Self-handled cases skip dispatch but
 * count from "dispatched" on, as they are past it.
 */
export function funnelCounts(figures: KpiFigures): Record<FunnelStep, number> {
  return {
    reported: figures.counts.reports,
    filed: figures.counts.filed,
    dispatched: atOrPast(figures.byState, STEP_OF_STATE.dispatched),
    handled: atOrPast(figures.byState, STEP_OF_STATE.pending_check),
    closed: figures.counts.closed,
  }
}

export const RATE_KEYS = ['closure', 'onTimeClosure', 'onTimeHandling', 'satisfaction'] as const
export type RateKey = (typeof RATE_KEYS)[number]

export function qualityRates(figures: KpiFigures): Record<RateKey, number | null> {
  return {
    closure: figures.rates.closure,
    onTimeClosure: figures.rates.onTimeClosure,
    onTimeHandling: figures.rates.onTimeHandling,
    satisfaction: figures.rates.satisfaction,
  }
}
