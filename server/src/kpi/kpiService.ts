import { SOURCE_LABELS } from '@shared/labels'
import { CaseSource, CaseState } from '@shared/schemas/case'
import type { KpiChanged, KpiFigures, KpiGroup, KpiPeriod, KpiQuery, KpiReport } from '@shared/schemas/kpi'
import type { ReferenceRepository } from '../reference/referenceRepository'
import { COUNTER_INDEX, type Counter, NO_UNIT, type Vector, emptyVector } from './kpiCounters'
import { type KpiScopeReader, kpiScopeReader } from './kpiScope'
import type { KpiProjector } from './kpiProjector'
import { type KpiRange, addDays, previousRange, resolveRange, yearBeforeRange } from './kpiRanges'
import type { KpiStore } from './kpiStore'
import { beijingDay } from '@shared/rules/beijingTime'
import { kpiRates } from '@shared/rules/kpiRates'
import type { CaseScope } from '@shared/rules/caseScope'

/** A parsed query; `limit` may be left out by in-process callers. */
export type KpiReportQuery = Omit<KpiQuery, 'limit'> & { limit?: number }

export interface KpiService {
  /** The figures within `scope` (default the whole street): a scoped account's are its own community's, unit's or grid's. */
  report(query: KpiReportQuery, scope?: CaseScope): KpiReport
  /** Today's and this month's figures as projected so far, for the live push. */
  live(scope?: CaseScope): KpiChanged
}

export interface KpiServiceDeps {
  store: KpiStore
  projector: KpiProjector
  reference: ReferenceRepository
  now?: () => Date
  /** Most events a query applies itself before answering; the rest is left to the background. */
  catchUpLimit?: number
}

const mean = (sum: number, n: number, scale = 1) => (n > 0 ? Math.round((sum / n / scale) * 10) / 10 : null)

/** Turn summed counters into the API's figures: every rate is a formula of docs/domain.md over the counts. */
export function figuresOf(v: Vector): KpiFigures {
  const n = (name: Counter) => v[COUNTER_INDEX[name]]!
  const counts = {
    reports: n('reports'),
    validReports: n('valid_reports'),
    filed: n('filed'),
    notAccepted: n('not_accepted'),
    dispatches: n('dispatches'),
    returns: n('returns'),
    handled: n('handled'),
    handlingDue: n('handling_due'),
    handledOnTime: n('handled_on_time'),
    reworked: n('reworked'),
    extensions: n('extensions'),
    closeDue: n('close_due'),
    closed: n('closed'),
    closedOnTime: n('closed_on_time'),
    closedLate: n('closed_late'),
    openOverdue: n('open_overdue'),
    followUps: n('follow_ups'),
    satisfiedFollowUps: n('satisfied_follow_ups'),
    evaluated: n('evaluated'),
  }
  return {
    counts,
    rates: kpiRates(counts),
    overdue: counts.openOverdue + counts.closedLate,
    averages: {
      toFileMinutes: mean(n('file_sec'), n('file_n'), 60),
      toDispatchMinutes: mean(n('dispatch_sec'), n('dispatch_n'), 60),
      toHandleMinutes: mean(n('handle_sec'), n('handle_n'), 60),
      toCloseMinutes: mean(n('close_sec'), n('close_n'), 60),
      evaluationScore: mean(n('score_sum'), n('evaluated')),
    },
    byState: Object.fromEntries(CaseState.options.map((s) => [s, n(`s_${s}`)])) as KpiFigures['byState'],
  }
}

/** Names for group keys, rebuilt only when the reference data is re-imported. */
function createLabeller(reference: ReferenceRepository) {
  let stamp: unknown = null
  let names = new Map<string, string>()
  return (dim: KpiQuery['groupBy'], key: string): string => {
    if (dim === 'day') return key
    if (dim === 'source') return SOURCE_LABELS[key as CaseSource]?.zh ?? key
    if (dim === 'unit' && key === NO_UNIT) return '未派遣'
    const street = reference.street()
    if (street !== stamp) {
      stamp = street
      names = new Map<string, string>()
      for (const g of reference.grids()) names.set(`grid:${g.id}`, g.name)
      for (const c of reference.communities()) names.set(`community:${c.id}`, c.name)
      for (const c of reference.categories()) names.set(`category:${c.code}`, c.name)
      for (const u of reference.units()) names.set(`unit:unit:${u.id}`, u.name)
      for (const t of reference.teams()) names.set(`unit:team:${t.id}`, t.name)
      let cursor: string | null = null
      do {
        const page = reference.workers({ cursor, limit: 500 })
        for (const w of page.items) names.set(`unit:worker:${w.id}`, `网格员 ${w.name}`)
        cursor = page.nextCursor
      } while (cursor)
    }
    return names.get(`${dim}:${key}`) ?? key
  }
}

const STREET: CaseScope = { kind: 'all' }
const reportsOf = (v: Vector) => v[COUNTER_INDEX.reports]!

export function createKpiService(deps: KpiServiceDeps): KpiService {
  const { store, projector, reference } = deps
  const now = deps.now ?? (() => new Date())
  const catchUpLimit = deps.catchUpLimit ?? 5000
  const label = createLabeller(reference)

  const period = (view: KpiScopeReader, r: Pick<KpiRange, 'from' | 'to'>): KpiPeriod => ({
    from: r.from,
    to: r.to,
    figures: figuresOf(view.total(r.from, r.to)),
  })

  function groups(view: KpiScopeReader, range: KpiRange, groupBy: NonNullable<KpiQuery['groupBy']>, limit: number): { groups: KpiGroup[]; total: number } {
    if (groupBy === 'day') {
      const byDay = view.sumByDay(range.from, range.to)
      const days = Array.from({ length: range.days }, (_x, i) => {
        const day = addDays(range.from, i)
        return { key: day, label: day, figures: figuresOf(byDay.get(day) ?? emptyVector()) }
      })
      return { groups: days, total: byDay.size }
    }
    const ranked = [...view.sumByKey(groupBy, range.from, range.to)]
      .filter(([, v]) => reportsOf(v) > 0)
      .sort(([ka, a], [kb, b]) => reportsOf(b) - reportsOf(a) || (ka < kb ? -1 : 1))
    return {
      groups: ranked.slice(0, limit).map(([key, v]) => ({ key, label: label(groupBy, key), figures: figuresOf(v) })),
      total: ranked.length,
    }
  }

  function report(query: KpiReportQuery, scope = STREET): KpiReport {
    // Read-your-writes: include every commit made before this request, unless far behind
    // (start-up catch-up), when the answer says which seq it includes.
    projector.catchUp(catchUpLimit)
    const asOf = now()
    const range = resolveRange(query.from, query.to, asOf)
    const groupBy = query.groupBy ?? null
    const view = kpiScopeReader(store, scope)
    const bySource = view.reportsByKey('source', range.from, range.to)
    const topCategories = [...view.reportsByKey('category', range.from, range.to)]
      .filter(([, n]) => n > 0)
      .sort(([ka, a], [kb, b]) => b - a || (ka < kb ? -1 : 1))
      .slice(0, 5)
      .map(([code, reports]) => ({ code, name: label('category', code), reports }))
    const previous = previousRange(range)
    const lastYear = yearBeforeRange(range)
    const grouped = groupBy ? groups(view, range, groupBy, query.limit ?? 100) : { groups: [], total: 0 }
    return {
      from: range.from,
      to: range.to,
      days: range.days,
      groupBy,
      asOf: asOf.toISOString(),
      seq: projector.seq(),
      total: period(view, range).figures,
      groups: grouped.groups,
      groupsTotal: grouped.total,
      byChannel: CaseSource.options.map((source) => ({ source, reports: bySource.get(source) ?? 0 })),
      topCategories,
      previous: period(view, previous),
      yearBefore: period(view, lastYear),
    }
  }

  function live(scope = STREET): KpiChanged {
    const asOf = now()
    const today = beijingDay(asOf)
    const view = kpiScopeReader(store, scope)
    return {
      seq: projector.seq(),
      asOf: asOf.toISOString(),
      today: period(view, { from: today, to: today }),
      month: period(view, { from: `${today.slice(0, 7)}-01`, to: today }),
    }
  }

  return { report, live }
}
