import type { KpiCounts, KpiRates } from '../schemas/kpi'

/**
 * The KPI rates as docs/domain.md defines them, over the raw counts. The server answers them in
 * every KPI figure; a screen that needs one reads that figure or calls these, never its own copy.
 */

/** A ratio, or null when there is nothing to divide by: no figure rather than a made-up 100 %. */
export function ratio(numerator: number, denominator: number): number | null {
  return denominator > 0 ? numerator / denominator : null
}

/**
 * 按期结案率: closed on time / (closed + open and overdue). Counting the open overdue cases keeps a
 * center from looking punctual by simply not closing its late cases.
 */
export function onTimeClosureRate(counts: Pick<KpiCounts, 'closedOnTime' | 'closed' | 'openOverdue'>): number | null {
  return ratio(counts.closedOnTime, counts.closed + counts.openOverdue)
}

/** Every rate of a set of counts; each numerator counts a subset of its denominator. */
export function kpiRates(counts: KpiCounts): KpiRates {
  return {
    filing: ratio(counts.filed, counts.validReports),
    onTimeHandling: ratio(counts.handledOnTime, counts.handlingDue),
    closure: ratio(counts.closed, counts.closeDue),
    onTimeClosure: onTimeClosureRate(counts),
    rework: ratio(counts.reworked, counts.handled),
    return: ratio(counts.returns, counts.dispatches),
    // Extensions per filed case, not a share: a case may be extended twice.
    extension: counts.filed > 0 ? counts.extensions / counts.filed : null,
    satisfaction: ratio(counts.satisfiedFollowUps, counts.followUps),
  }
}
