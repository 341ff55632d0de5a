import { describe, expect, it } from 'vitest'
import type { BriefingSummary, NoticeSegment } from '../schemas/briefing'
import { CaseState } from '../schemas/case'
import type { KpiCounts, KpiFigures } from '../schemas/kpi'
import { briefingNotice, noticeText } from './briefingNotice'
import { kpiRates } from './kpiRates'

const ZERO: KpiCounts = {
  reports: 0, validReports: 0, filed: 0, notAccepted: 0, dispatches: 0, returns: 0, handled: 0, handlingDue: 0, handledOnTime: 0,
  reworked: 0, extensions: 0, closeDue: 0, closed: 0, closedOnTime: 0, closedLate: 0, openOverdue: 0, followUps: 0, satisfiedFollowUps: 0, evaluated: 0,
}

function figures(over: Partial<KpiCounts>): KpiFigures {
  const counts = { ...ZERO, ...over }
  return {
    counts,
    rates: kpiRates(counts),
    overdue: counts.openOverdue + counts.closedLate,
    averages: { toFileMinutes: null, toDispatchMinutes: null, toHandleMinutes: null, toCloseMinutes: null, evaluationScore: null },
    byState: Object.fromEntries(CaseState.options.map((s) => [s, 0])) as KpiFigures['byState'],
  }
}

/** A month: 200 reports, closure 180/190; the month before 150/200 (so +19.7 points); a year before the same as now. */
function summary(): BriefingSummary {
  const now = { reports: 200, validReports: 196, filed: 190, closeDue: 190, closed: 180, closedOnTime: 170, closedLate: 10, openOverdue: 4 }
  return {
    from: '2026-11-01', to: '2026-11-30', days: 30, scope: 'grid:g7', scopeName: '鼓楼东第七网格',
    asOf: '2026-12-01T00:00:00.000Z', seq: 1,
    total: figures(now),
    previous: { from: '2026-10-02', to: '2026-10-31', figures: figures({ reports: 250, closeDue: 200, closed: 150, closedOnTime: 150 }) },
    yearBefore: { from: '2025-11-01', to: '2025-11-30', figures: figures(now) },
    funnel: [], stepMinutes: figures({}).averages,
    byChannel: [
      { source: 'terminal', reports: 150, share: 0.75 },
      { source: 'hotline', reports: 50, share: 0.25 },
      { source: 'camera', reports: 0, share: 0 },
    ],
    topCategories: {
      component: [{ code: 'C0101', name: '井盖', reports: 60, daily: [] }],
      event: [{ code: 'E0101', name: '暴露垃圾', reports: 90, daily: [] }, { code: 'E0102', name: '占道经营', reports: 30, daily: [] }],
    },
    byKind: { component: 60, event: 130, other: 10 },
    hotspots: { grids: [{ id: 'g7', name: '鼓楼东第七网格', reports: 200, openOverdue: 4 }], repeatPlaces: [], points: [] },
    overdue: { count: 4, cases: ['a', 'b', 'c', 'd'].map((id) => ({ id, code: id, title: 't', categoryCode: 'C0101', gridId: 'g7', state: 'in_progress' as const, createdAt: '2026-11-02T00:00:00.000Z', dueAt: null })) },
    bounced: { bounced: 2, byHandler: [], open: [{ id: 'b1', path: [] }] },
  }
}

type Num = Extract<NoticeSegment, { kind: 'number' }>
const nums = (n: ReturnType<typeof briefingNotice>) => n.sections.flatMap((s) => s.paragraphs.flat()).filter((s): s is Num => s.kind === 'number')
const fig = (n: ReturnType<typeof briefingNotice>, name: string) => nums(n).find((s) => s.figure === name)!

describe('briefingNotice', () => {
  it('writes the city notice shape with the figures of the summary', () => {
    const n = briefingNotice(summary(), 'zh')
    expect(n.sections.map((s) => s.key)).toEqual(['overall', 'sources', 'categories', 'ranking', 'overdue'])
    expect(fig(n, 'reports')).toMatchObject({ value: 200, text: '200件' })
    expect(fig(n, 'closure')).toMatchObject({ value: 180 / 190, text: '94.74%' })
    expect(fig(n, 'openOverdue')).toMatchObject({ value: 4, filter: { caseIds: ['a', 'b', 'c', 'd'] } })
    expect(fig(n, 'openBounced').filter).toEqual({ caseIds: ['b1'] })
  })

  it('says rose, fell and unchanged against 环比 and 同比', () => {
    const text = noticeText(briefingNotice(summary(), 'zh'))
    // Reports 200 after 250: down 20.0%; closure 94.74% after 75%: up 19.7 points; a year before the same: 持平.
    expect(text).toContain('共受理案件200件（环比下降20.0%）')
    expect(text).toContain('结案率94.74%，环比上升19.7个百分点，同比持平')
    const en = noticeText(briefingNotice(summary(), 'en'))
    expect(en).toContain('accepted 200 (vs the previous period down 20.0%)')
    expect(en).toContain('Closure rate 94.74%, vs the previous period up 19.7 points, vs a year before unchanged')
  })

  it('gives each count the case list query of its cases, within the period and scope', () => {
    const n = briefingNotice(summary(), 'zh')
    expect(fig(n, 'reports').filter).toEqual({ from: '2026-10-31T16:00:00.000Z', to: '2026-11-30T16:00:00.000Z', gridId: 'g7' })
    expect(fig(n, 'filed').filter?.state).not.toContain('pending_filing')
    const sources = n.sections[1]!.paragraphs.flat().filter((s): s is Num => s.kind === 'number')
    expect(sources.map((s) => s.text)).toEqual(['150件', '75.00%', '50件', '25.00%'])
    expect(noticeText(briefingNotice(summary(), 'en'))).toContain('By source: Grid terminal 150 (75.00%); 96156 hotline 50 (25.00%).')
    expect(sources[0]!.filter?.source).toBe('terminal')
  })

  it('names who is ahead and behind from a ranking, and from the grid figures without one', () => {
    const rows = [1, 2, 3, 4].map((rank) => ({ rank, subject: { id: `g${rank}`, name: `网格${rank}` }, score: 100 - rank }))
    const ranked = noticeText(briefingNotice(summary(), 'zh', { level: 'grid', rows: [...rows, { rank: null, subject: { id: 'x', name: '样本不足网格' }, score: null }] }))
    expect(ranked).toContain('网格考核排名靠前：网格1（99.0分）、网格2（98.0分）。')
    expect(ranked).toContain('网格考核排名靠后：网格4（96.0分）、网格3（97.0分）。')
    expect(noticeText(briefingNotice(summary(), 'en', { level: 'community', rows }))).toContain('Communities ahead: 网格1(99.0)')
    expect(ranked).not.toContain('样本不足网格')
    expect(noticeText(briefingNotice(summary(), 'zh'))).toContain('超期未结最多：鼓楼东第七网格4件')
  })
})
