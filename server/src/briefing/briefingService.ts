import { isOverdue } from '@shared/rules/caseLateness'
import { shiftDay } from '@shared/rules/beijingTime'
import type { CaseScope } from '@shared/rules/caseScope'
import type { BriefingCategory, BriefingQuery, BriefingSummary } from '@shared/schemas/briefing'
import type { KpiBounces, KpiBouncesQuery, KpiReport } from '@shared/schemas/kpi'
import type { CategoryKind } from '@shared/schemas/reference'
import { createError } from '../core/appError'
import type { KpiService } from '../kpi/kpiService'
import type { ReferenceRepository } from '../reference/referenceRepository'
import type { BriefingReads } from './briefingReads'

export interface BriefingDeps {
  kpi: KpiService
  reads: BriefingReads
  reference: ReferenceRepository
  bounces: (query: KpiBouncesQuery, scope: CaseScope) => KpiBounces
}

const TOP = 5
const HOT_GRIDS = 10
const OVERDUE_LISTED = 200

/** The query's scope as the KPI API's CaseScope, refusing an id the reference data does not have. */
export function resolveScope(scope: string, reference: ReferenceRepository): { scope: CaseScope; name: string } {
  if (scope === 'street') return { scope: { kind: 'all' }, name: reference.street()?.name ?? '全街道' }
  const [kind, id] = scope.split(':') as ['community' | 'grid', string]
  const found = kind === 'community' ? reference.communities().find((c) => c.id === id) : reference.grids().find((g) => g.id === id)
  if (!found) throw createError('VALIDATION_FAILED', `invalid query: scope: no ${kind} "${id}" in the reference data`)
  return { scope: { kind, id }, name: found.name }
}

function topOfKind(report: KpiReport, kinds: Map<string, CategoryKind>, kind: CategoryKind) {
  return report.groups.filter((g) => kinds.get(g.key) === kind).slice(0, TOP)
}

export function createBriefingService(deps: BriefingDeps) {
  const { kpi, reads, reference } = deps

  function categories(report: KpiReport, scope: CaseScope) {
    const kinds = new Map(reference.categories().map((c) => [c.code, c.kind]))
    const picked = { component: topOfKind(report, kinds, 'component'), event: topOfKind(report, kinds, 'event') }
    const dayIndex = new Map(Array.from({ length: report.days }, (_x, i) => [shiftDay(report.from, i), i]))
    const daily = new Map<string, number[]>()
    const codes = [...picked.component, ...picked.event].map((g) => g.key)
    for (const code of codes) daily.set(code, new Array<number>(report.days).fill(0))
    for (const row of reads.categoryDays(report.from, report.to, scope, codes)) {
      const i = dayIndex.get(row.day)
      if (i !== undefined) daily.get(row.code)![i] = row.n
    }
    const rows = (list: KpiReport['groups']): BriefingCategory[] =>
      list.map((g) => ({ code: g.key, name: g.label, reports: g.figures.counts.reports, daily: daily.get(g.key)! }))
    const byKind = { component: 0, event: 0, other: 0 }
    for (const g of report.groups) {
      const k = kinds.get(g.key)
      byKind[k === 'component' || k === 'event' ? k : 'other'] += g.figures.counts.reports
    }
    return { topCategories: { component: rows(picked.component), event: rows(picked.event) }, byKind }
  }

  function hotspots(range: { from: string; to: string }, scope: CaseScope, byGrid: KpiReport) {
    const names = new Map(reference.categories().map((c) => [c.code, c.name]))
    return {
      grids: byGrid.groups.map((g) => ({ id: g.key, name: g.label, reports: g.figures.counts.reports, openOverdue: g.figures.counts.openOverdue })),
      repeatPlaces: reads.repeatPlaces(range.from, range.to, scope, 10).map((p) => ({
        location: [Math.round(p.lng * 1e5) / 1e5, Math.round(p.lat * 1e5) / 1e5] as [number, number],
        categoryCode: p.code,
        categoryName: names.get(p.code) ?? p.code,
        reports: p.n,
        caseIds: p.ids.split(',').slice(0, 200),
      })),
      points: reads.points(range.from, range.to, scope),
    }
  }

  function overdue(range: { from: string; to: string }, scope: CaseScope) {
    // The SQL reads the flags; isOverdue is the rule the KPI's openOverdue counts with.
    const rows = reads.overdueOpen(range.from, range.to, scope).filter((r) => isOverdue({ state: r.state, overdue: r.overdue === 1, timers: { whole: { late: r.wholeLate === 1 } } }))
    return {
      count: rows.length,
      cases: rows.slice(0, OVERDUE_LISTED).map(({ overdue: _o, wholeLate: _w, ...c }) => c),
    }
  }

  function summary(query: BriefingQuery): BriefingSummary {
    const { scope, name } = resolveScope(query.scope, reference)
    const byCategory = kpi.report({ from: query.from, to: query.to, groupBy: 'category', limit: 5000 }, scope)
    const range = { from: byCategory.from, to: byCategory.to }
    const byGrid = kpi.report({ ...range, groupBy: 'grid', limit: HOT_GRIDS }, scope)
    const c = byCategory.total.counts
    const bounces = deps.bounces(range, scope)
    return {
      ...range,
      days: byCategory.days,
      scope: query.scope,
      scopeName: name,
      asOf: byCategory.asOf,
      seq: byCategory.seq,
      total: byCategory.total,
      previous: byCategory.previous,
      yearBefore: byCategory.yearBefore,
      funnel: (['reports', 'validReports', 'filed', 'handled', 'closed', 'evaluated'] as const).map((step) => ({ step, count: c[step] })),
      stepMinutes: byCategory.total.averages,
      byChannel: byCategory.byChannel.map((ch) => ({ ...ch, share: c.reports > 0 ? ch.reports / c.reports : null })),
      ...categories(byCategory, scope),
      hotspots: hotspots(range, scope, byGrid),
      overdue: overdue(range, scope),
      bounced: { bounced: bounces.bounced, byHandler: bounces.byHandler, open: bounces.open },
    }
  }

  return { summary }
}
export type BriefingService = ReturnType<typeof createBriefingService>
