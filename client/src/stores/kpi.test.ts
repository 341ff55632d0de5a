import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { CaseState } from '@shared/schemas/case'
import type { KpiChanged, KpiFigures, KpiGroup, KpiReport } from '@shared/schemas/kpi'
import { connectRealtime, resetRealtime } from '../realtime/socket'
import { FakeTransport } from '../realtime/testing/fakeTransport'
import { applyLive, applyReports, EMPTY_KPI_VIEW, KPI_REFETCH_MS, rangesFor, useKpiStore } from './kpi'

function figures(reports: number): KpiFigures {
  const zero = {
    reports, validReports: reports, filed: 0, notAccepted: 0, dispatches: 0, returns: 0, handled: 0, handlingDue: 0, handledOnTime: 0,
    reworked: 0, extensions: 0, closeDue: 0, closed: 0, closedOnTime: 0, closedLate: 0, openOverdue: 0, followUps: 0,
    satisfiedFollowUps: 0, evaluated: 0,
  }
  return {
    counts: zero,
    rates: { filing: null, onTimeHandling: null, closure: null, onTimeClosure: null, rework: null, return: null, extension: null, satisfaction: null },
    overdue: 0,
    averages: { toFileMinutes: null, toDispatchMinutes: null, toHandleMinutes: null, toCloseMinutes: null, evaluationScore: null },
    byState: Object.fromEntries(CaseState.options.map((state) => [state, 0])) as KpiFigures['byState'],
  }
}

const period = (from: string, to: string, reports: number) => ({ from, to, figures: figures(reports) })

function report(from: string, to: string, seq: number, reports: number, groups: KpiGroup[] = []): KpiReport {
  return {
    from, to, days: 1, groupBy: null, asOf: '2026-03-02T04:00:00.000Z', seq, total: figures(reports), groups, groupsTotal: groups.length,
    byChannel: [{ source: 'hotline', reports }], topCategories: [{ code: '0501', name: '<b>占道</b>', reports }],
    previous: period(from, to, 0), yearBefore: period(from, to, 0),
  }
}

const day = (key: string, reports: number): KpiGroup => ({ key, label: key, figures: figures(reports) })

function push(seq: number, today: string, todayReports: number, monthReports = todayReports * 10): KpiChanged {
  return { seq, asOf: `${today}T04:00:00.000Z`, today: period(today, today, todayReports), month: period(`${today.slice(0, 8)}01`, today, monthReports) }
}

const R = rangesFor('2026-03-02')
const reports = (seq: number, todayReports: number) => ({
  today: report(R.today, R.today, seq, todayReports),
  month: report(R.monthFrom, R.today, seq, 100),
  trend: report(R.trendFrom, R.today, seq, 300, [day('2026-03-01', 9), day('2026-03-02', todayReports)]),
})

describe('KPI day ranges', () => {
  it('covers this month and the last 30 days, across month ends', () => {
    expect(rangesFor('2026-03-02')).toEqual({ today: '2026-03-02', monthFrom: '2026-03-01', trendFrom: '2026-02-01' })
    expect(rangesFor('2026-01-01')).toEqual({ today: '2026-01-01', monthFrom: '2026-01-01', trendFrom: '2025-12-03' })
  })
})

describe('KPI merge', () => {
  it('takes a push only when it is at least as new as what is shown, and moves today on the trend', () => {
    const loaded = applyReports(EMPTY_KPI_VIEW, reports(10, 5), R)
    expect(loaded.today?.figures.counts.reports).toBe(5)
    const live = applyLive(loaded, push(12, R.today, 7))
    expect(live.today?.figures.counts.reports).toBe(7)
    expect(live.trend.map((g) => g.figures.counts.reports)).toEqual([9, 7])
    expect(applyLive(live, push(11, R.today, 6))).toBe(live)
  })

  it('keeps newer pushed totals over an older report but takes its grouped figures', () => {
    const live = applyLive(applyReports(EMPTY_KPI_VIEW, reports(10, 5), R), push(20, R.today, 8))
    const merged = applyReports(live, reports(15, 6), R)
    expect(merged.today?.figures.counts.reports).toBe(8)
    expect(merged.todaySeq).toBe(20)
    expect(merged.trend.at(-1)?.figures.counts.reports).toBe(8)
    expect(merged.byChannel).toEqual([{ source: 'hotline', reports: 6 }])
    expect(applyReports(merged, reports(25, 9), R).today?.figures.counts.reports).toBe(9)
  })

  it('starts afresh on a new day and drops reports for a day that has passed', () => {
    const old = applyReports(EMPTY_KPI_VIEW, reports(50, 5), R)
    const next = applyLive(old, push(3, '2026-03-03', 1))
    expect(next.today?.from).toBe('2026-03-03')
    expect(applyReports(next, reports(60, 5), rangesFor('2026-03-03'))).toBe(next)
  })
})

describe('KPI store', () => {
  let transport: FakeTransport
  let calls: string[]

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] })
    vi.setSystemTime(new Date('2026-03-02T04:00:00Z'))
    setActivePinia(createPinia())
    transport = new FakeTransport()
    connectRealtime({ createTransport: () => transport })
    calls = []
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: RequestInfo | URL) => {
        const url = new URL(String(input), 'http://wall.test')
        calls.push(url.search)
        const q = url.searchParams
        const groups = q.get('groupBy') === 'day' ? [day('2026-03-02', 1)] : []
        return new Response(JSON.stringify(report(q.get('from') ?? '', q.get('to') ?? '', 1, 1, groups)))
      }),
    )
  })
  afterEach(() => {
    resetRealtime()
    vi.unstubAllGlobals()
    vi.useRealTimers()
  })

  it('loads today (by channel), this month (by grid) and the 30-day trend', async () => {
    const store = useKpiStore()
    await store.hydrate()
    expect(store.loadState).toBe('ready')
    expect(calls.map((c) => new URLSearchParams(c).get('groupBy'))).toEqual(['source', 'grid', 'day'])
    expect(calls[1]).toContain('from=2026-03-01&to=2026-03-02')
    expect(calls[2]).toContain('from=2026-02-01&to=2026-03-02')
  })

  it('applies every push at once but refetches the grouped reports at most every 10 s', async () => {
    const store = useKpiStore()
    await store.hydrate()
    calls.length = 0
    for (let s = 1; s <= 30; s += 1) {
      transport.emit('kpi:changed', push(100 + s, '2026-03-02', s))
      await vi.advanceTimersByTimeAsync(1000)
    }
    expect(store.today?.counts.reports).toBe(30)
    // 30 pushes over 30 s: one refetch (3 requests) per 10 s, not one per push.
    expect(calls.length / 3).toBe((30 * 1000) / KPI_REFETCH_MS)
  })

  it('refetches at once when the server says the day has turned', async () => {
    const store = useKpiStore()
    await store.hydrate()
    transport.emit('kpi:changed', push(5, '2026-03-02', 1))
    calls.length = 0
    await vi.advanceTimersByTimeAsync(100)
    transport.emit('kpi:changed', push(6, '2026-03-03', 0))
    await vi.advanceTimersByTimeAsync(0)
    expect(calls[0]).toContain('from=2026-03-03&to=2026-03-03')
    expect(store.ranges.today).toBe('2026-03-03')
  })
})
