import type { CaseScope } from '@shared/rules/caseScope'
import { OWN_DIMENSION, type StreetDimension, type Vector, emptyVector, scopedDimension, scopedKey, unitKey } from './kpiCounters'
import type { KpiStore } from './kpiStore'

/**
 * The KPI store as one scope sees it: the street for the center, one community, unit or grid for
 * a scoped account. The scope comes from the signed-in principal (cases/caseScope.ts), never from
 * a query parameter, so no account can ask for more than it may see.
 */
export interface KpiScopeReader {
  /** Sums per key of a street dimension over [from, to], within the scope. */
  sumByKey(dim: StreetDimension, from: string, to: string): Map<string, Vector>
  reportsByKey(dim: StreetDimension, from: string, to: string): Map<string, number>
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

export function kpiScopeReader(store: KpiStore, scope: CaseScope): KpiScopeReader {
  if (scope.kind === 'all') {
    return {
      sumByKey: (dim, from, to) => store.sumByKey(dim, from, to),
      reportsByKey: (dim, from, to) => store.reportsByKey(dim, from, to),
      sumByDay: (from, to) => store.sumByDay(from, to),
      total: (from, to) => store.sumByKey('all', from, to).get('') ?? emptyVector(),
    }
  }
  // A scoped account whose scope is not set sees nothing rather than everything.
  if (scope.id === null) return NOTHING
  const { kind, id } = scope
  const prefix = scopedKey(id, '')
  const total = (from: string, to: string) => store.sumByKey(scopedDimension(kind, 'all'), from, to, prefix).get('') ?? emptyVector()
  // The dimension the scope fixes has one key, the scope's own (the unit dimension keys units as unit:<id>).
  const ownKey = kind === 'unit' ? unitKey(id) : id
  return {
    sumByKey(dim, from, to) {
      if (dim !== OWN_DIMENSION[kind]) return store.sumByKey(scopedDimension(kind, dim), from, to, prefix)
      return new Map([[ownKey, total(from, to)]])
    },
    reportsByKey(dim, from, to) {
      if (dim !== OWN_DIMENSION[kind]) return store.reportsByKey(scopedDimension(kind, dim), from, to, prefix)
      return new Map([[ownKey, store.reportsByKey(scopedDimension(kind, 'all'), from, to, prefix).get('') ?? 0]])
    },
    sumByDay: (from, to) => store.sumByDay(from, to, scopedDimension(kind, 'all'), prefix),
    total,
  }
}
