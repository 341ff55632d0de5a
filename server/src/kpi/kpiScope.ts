import type { CaseScope } from '@shared/rules/caseScope'
import { COUNTER_INDEX, type Dimension, type Vector, dimensionKey, emptyVector } from './kpiCounters'
import type { KpiCaseRow, KpiStore } from './kpiStore'

/**
 * The KPI store as one scope sees it: the street for the center, one community, unit or grid for
 * a scoped account. The scope comes from the signed-in principal (cases/caseScope.ts), never from
 * a query parameter, so no account can ask for more than it may see.
 *
 * The street reads the in-memory aggregates. A scope sums its own cases' counted rows, read by
 * index: a community reports ~300 cases a month, so even a year and its 同比 is a few thousand
 * rows, and keeping aggregates per community, unit and grid besides the street's would multiply
 * the projection's memory several times over. A unit's cases are those last dispatched to it
 * (also after it returned them), as in the street's unit ranking.
 */
export interface KpiScopeReader {
  /** Sums per key of a dimension over the days [from, to], within the scope. */
  sumByKey(dim: Dimension, from: string, to: string): Map<string, Vector>
  reportsByKey(dim: Dimension, from: string, to: string): Map<string, number>
  /** The scope's total of each day in [from, to] that has cases. */
  sumByDay(from: string, to: string): Map<string, Vector>
  total(from: string, to: string): Vector
}

const NOTHING: KpiScopeReader = {
  sumByKey: () => new Map(),
  reportsByKey: () => new Map(),
  sumByDay: () => new Map(),
  total: () => emptyVector(),
}

function streetReader(store: KpiStore): KpiScopeReader {
  return {
    sumByKey: (dim, from, to) => store.sumByKey(dim, from, to),
    reportsByKey: (dim, from, to) => store.reportsByKey(dim, from, to),
    sumByDay: (from, to) => store.sumByDay(from, to),
    total: (from, to) => store.sumByKey('all', from, to).get('') ?? emptyVector(),
  }
}

/** Add each row's counts into the bucket `keyOf` names. */
function sumRows(rows: readonly KpiCaseRow[], keyOf: (row: KpiCaseRow) => string): Map<string, Vector> {
  const out = new Map<string, Vector>()
  for (const row of rows) {
    const key = keyOf(row)
    let v = out.get(key)
    if (!v) out.set(key, (v = emptyVector()))
    for (let i = 0; i < v.length; i++) v[i]! += row.counted[i] ?? 0
  }
  return out
}

/** The reader of one report: each range's rows are read once, however many figures it gives. */
export function kpiScopeReader(store: KpiStore, scope: CaseScope): KpiScopeReader {
  if (scope.kind === 'all') return streetReader(store)
  // A scoped account whose scope is not set sees nothing rather than everything.
  if (scope.id === null) return NOTHING
  const { kind, id } = scope
  const value = kind === 'unit' ? `unit:${id}` : id
  const read = new Map<string, KpiCaseRow[]>()
  const rows = (from: string, to: string) => {
    const key = `${from}|${to}`
    let r = read.get(key)
    if (!r) read.set(key, (r = store.scopeRows(kind, value, from, to)))
    return r
  }
  const sumByKey = (dim: Dimension, from: string, to: string) => sumRows(rows(from, to), (row) => dimensionKey(row.keys, dim))
  return {
    sumByKey,
    reportsByKey: (dim, from, to) => new Map([...sumByKey(dim, from, to)].map(([key, v]) => [key, v[COUNTER_INDEX.reports]!])),
    sumByDay: (from, to) => sumRows(rows(from, to), (row) => row.keys.day),
    total: (from, to) => sumByKey('all', from, to).get('') ?? emptyVector(),
  }
}
