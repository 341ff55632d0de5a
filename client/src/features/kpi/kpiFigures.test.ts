import { describe, expect, it } from 'vitest'
import { CaseState } from '@shared/schemas/case'
import type { KpiFigures } from '@shared/schemas/kpi'
import { formatCount, formatRate, funnelCounts, onTimeClosure, qualityRates } from './kpiFigures'

function figures(partial: { counts?: Partial<KpiFigures['counts']>; byState?: Partial<KpiFigures['byState']>; rates?: Partial<KpiFigures['rates']> }): KpiFigures {
  const counts = {
    reports: 0, validReports: 0, filed: 0, notAccepted: 0, dispatches: 0, returns: 0, handled: 0, handlingDue: 0, handledOnTime: 0,
    reworked: 0, extensions: 0, closeDue: 0, closed: 0, closedOnTime: 0, closedLate: 0, openOverdue: 0, followUps: 0,
    satisfiedFollowUps: 0, evaluated: 0, ...partial.counts,
  }
  const byState = { ...(Object.fromEntries(CaseState.options.map((s) => [s, 0])) as KpiFigures['byState']), ...partial.byState }
  return {
    counts,
    byState,
    rates: { filing: null, onTimeHandling: 0.8, closure: 0.9, onTimeClosure: null, rework: null, return: null, extension: null, satisfaction: 0.985, ...partial.rates },
    overdue: 0,
    averages: { toFileMinutes: null, toDispatchMinutes: null, toHandleMinutes: null, toCloseMinutes: null, evaluationScore: null },
  }
}

describe('KPI figures', () => {
  it("shows the server's on-time closure with the counts behind it, never a figure of its own", () => {
    // 90 closed, 80 of them on time, 30 still open and past their limit: the server says 80 / (90 + 30).
    const counts = { closed: 90, closedOnTime: 80, openOverdue: 30 }
    expect(onTimeClosure(figures({ counts, rates: { onTimeClosure: 80 / 120 } }))).toEqual({ onTime: 80, closed: 90, openOverdue: 30, rate: 80 / 120 })
    // Whatever the server answers is what the wall shows: the rule lives in shared/rules/kpiRates.ts.
    expect(onTimeClosure(figures({ counts, rates: { onTimeClosure: 0.5 } })).rate).toBe(0.5)
    expect(onTimeClosure(figures({ counts })).rate).toBeNull()
  })

  it('formats rates rounded down to one decimal, and no figure as a dash', () => {
    expect(formatRate(0.9994)).toBe('99.9%')
    expect(formatRate(1)).toBe('100.0%')
    expect(formatRate(0.985)).toBe('98.5%')
    expect(formatRate(null)).toBe('—')
    expect(formatCount(56000)).toBe('56,000')
    expect(formatCount(undefined)).toBe('—')
  })

  it('builds the loop funnel from where the cases stand now', () => {
    const f = figures({
      counts: { reports: 100, filed: 80, closed: 40 },
      byState: { pending_filing: 12, not_accepted: 5, merged: 3, pending_dispatch: 10, dispatched: 8, in_progress: 12, suspended: 2, pending_check: 8, closed: 30, evaluated: 10 },
    })
    expect(funnelCounts(f)).toEqual({ reported: 100, filed: 80, dispatched: 70, handled: 48, closed: 40 })
  })

  it("uses the server's honest on-time closure among the quality rates", () => {
    // 9 on time of 10 closed, 2 open and overdue: the server's figure is 9 / 12.
    const rates = qualityRates(figures({ counts: { closed: 10, closedOnTime: 9, openOverdue: 2 }, rates: { onTimeClosure: 0.75 } }))
    expect(rates).toEqual({ closure: 0.9, onTimeClosure: 0.75, onTimeHandling: 0.8, satisfaction: 0.985 })
  })
})
