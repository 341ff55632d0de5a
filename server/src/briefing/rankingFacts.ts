import type { IndicatorKey, RankingKind, RankingLevel } from '@shared/schemas/evaluation'
import { COUNTER_INDEX, type Counter } from '../kpi/kpiCounters'
import type { Db } from '../store/database'

/**
 * The evaluation's facts, summed in SQL over the KPI projection's case rows (kpi_cases: one row per
 * case with the counters it counts now), so a ranking counts exactly what the KPI API counts.
 * One GROUP BY per ranking; no case is read into JS. The explanation reads one subject's cases.
 *
 * 漏报 (missed): a valid case of the grid whose source is not `terminal`, i.e. found first by a
 * camera, a patrol, the hotline, a walk-in or the district rather than by the grid's own workers
 * on their handheld terminals.
 */

/** How each indicator's numerator and denominator read from a case row's counters. */
export const INDICATOR_SQL: Record<IndicatorKey, { numerator: string; denominator: string }> = {
  onTimeClosure: { numerator: c('closed_on_time'), denominator: `${c('closed')} + ${c('open_overdue')}` },
  closure: { numerator: c('closed'), denominator: c('close_due') },
  rework: { numerator: c('reworked'), denominator: c('handled') },
  return: { numerator: c('returns'), denominator: c('dispatches') },
  extension: { numerator: c('extensions'), denominator: c('filed') },
  satisfaction: { numerator: c('satisfied_follow_ups'), denominator: c('follow_ups') },
  missed: { numerator: `(${c('valid_reports')} * (json_extract(data, '$.keys.source') <> 'terminal'))`, denominator: c('valid_reports') },
}

/** One counter of a case row. */
function c(name: Counter): string {
  return `json_extract(data, '$.counted[${COUNTER_INDEX[name]}]')`
}

export const INDICATOR_KEYS = Object.keys(INDICATOR_SQL) as IndicatorKey[]

/** The kpi_cases column a level groups by, and which of its keys belong to the level. */
const LEVEL_SQL: Record<RankingLevel, { column: string; filter: string }> = {
  grid: { column: 'grid', filter: '' },
  community: { column: 'community', filter: '' },
  // Units and service teams are both 责任单位 a case is dispatched to; a case stays with the last one.
  unit: { column: 'unit', filter: "AND (unit LIKE 'unit:%' OR unit LIKE 'team:%')" },
  worker: { column: 'unit', filter: "AND unit LIKE 'worker:%'" },
}

export interface FactsFilter {
  from: string
  to: string
  level: RankingLevel
  kind: RankingKind
  community: string | null
  grid: string | null
  /** Category codes of 部件 (CategoryKind `component`); every other kind is 事件. */
  componentCodes: readonly string[]
}

export interface FactRow {
  subject: string
  sample: number
  counts: Record<IndicatorKey, { numerator: number; denominator: number }>
}

function where(filter: FactsFilter): { sql: string; params: unknown[] } {
  const params: unknown[] = [filter.from, filter.to]
  let sql = `day BETWEEN ? AND ? ${LEVEL_SQL[filter.level].filter}`
  if (filter.community) {
    sql += ' AND community = ?'
    params.push(filter.community)
  }
  if (filter.grid) {
    sql += ' AND grid = ?'
    params.push(filter.grid)
  }
  if (filter.kind !== 'all') {
    const list = filter.componentCodes.map(() => '?').join(', ') || "''"
    sql += ` AND json_extract(data, '$.keys.category') ${filter.kind === 'component' ? 'IN' : 'NOT IN'} (${list})`
    params.push(...filter.componentCodes)
  }
  return { sql, params }
}

/** Each subject's sample and indicator counts over the filter, in one query. */
export function readFacts(db: Db, filter: FactsFilter): FactRow[] {
  const { column } = LEVEL_SQL[filter.level]
  const { sql, params } = where(filter)
  const sums = INDICATOR_KEYS.flatMap((k) => [`SUM(${INDICATOR_SQL[k].numerator})`, `SUM(${INDICATOR_SQL[k].denominator})`])
  const rows = db
    .prepare(`SELECT ${column}, SUM(${c('valid_reports')}), ${sums.join(', ')} FROM kpi_cases WHERE ${sql} GROUP BY ${column}`)
    .raw()
    .all(...params) as (string | number)[][]
  return rows.map(([subject, sample, ...rest]) => ({
    subject: String(subject),
    sample: Number(sample),
    counts: Object.fromEntries(
      INDICATOR_KEYS.map((k, i) => [k, { numerator: Number(rest[2 * i] ?? 0), denominator: Number(rest[2 * i + 1] ?? 0) }]),
    ) as FactRow['counts'],
  }))
}

export interface AgainstCases {
  key: IndicatorKey
  cases: { id: string; code: string }[]
  total: number
}

const EXPLAIN_LIMIT = 200

/**
 * The cases of one subject that cost it points on each indicator: in the denominator and not the
 * numerator of a `higher` rate, in the numerator of a `lower` one.
 */
export function readAgainst(db: Db, filter: FactsFilter, subject: string, direction: Record<IndicatorKey, 'higher' | 'lower'>): AgainstCases[] {
  const { column } = LEVEL_SQL[filter.level]
  const { sql, params } = where(filter)
  return INDICATOR_KEYS.map((key) => {
    const { numerator, denominator } = INDICATOR_SQL[key]
    const against = direction[key] === 'higher' ? `(${denominator}) > (${numerator})` : `(${numerator}) > 0`
    const ids = `SELECT case_id FROM kpi_cases WHERE ${sql} AND ${column} = ? AND ${against}`
    const total = db.prepare(`SELECT COUNT(*) FROM (${ids})`).pluck().get(...params, subject) as number
    const cases = db
      .prepare(`SELECT id, code FROM cases WHERE id IN (${ids}) ORDER BY created_at, id LIMIT ${EXPLAIN_LIMIT}`)
      .all(...params, subject) as { id: string; code: string }[]
    return { key, cases, total }
  })
}
