import { describe, expect, it } from 'vitest'
import type { KpiCounts } from '../schemas/kpi'
import { kpiRates, onTimeClosureRate, ratio } from './kpiRates'

const counts = (over: Partial<KpiCounts>): KpiCounts => ({
  reports: 0, validReports: 0, filed: 0, notAccepted: 0, dispatches: 0, returns: 0, handled: 0, handlingDue: 0,
  handledOnTime: 0, reworked: 0, extensions: 0, closeDue: 0, closed: 0, closedOnTime: 0, closedLate: 0,
  openOverdue: 0, followUps: 0, satisfiedFollowUps: 0, evaluated: 0, ...over,
})

describe('KPI rates', () => {
  it('gives no figure rather than 100 % when there is nothing to divide by', () => {
    expect(ratio(0, 0)).toBeNull()
    expect(Object.values(kpiRates(counts({})))).toEqual(Array(8).fill(null))
  })

  it('counts open overdue cases against on-time closure', () => {
    // 9 closed on time of 10 closed, and 5 still open past their limit: 9 / 15, not 9 / 10.
    expect(onTimeClosureRate(counts({ closed: 10, closedOnTime: 9, openOverdue: 5 }))).toBeCloseTo(0.6)
  })

  it('computes each rate over its own denominator', () => {
    const r = kpiRates(counts({ validReports: 20, filed: 18, handlingDue: 10, handledOnTime: 8, closeDue: 16, closed: 12, dispatches: 12, returns: 3, handled: 10, reworked: 1, extensions: 9, followUps: 4, satisfiedFollowUps: 3 }))
    expect(r).toEqual({ filing: 0.9, onTimeHandling: 0.8, closure: 0.75, onTimeClosure: 0, rework: 0.1, return: 0.25, extension: 0.5, satisfaction: 0.75 })
  })
})
