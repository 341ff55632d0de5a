import { OPEN_STATES } from '@shared/caseMachine'
import { shiftDay } from '@shared/rules/beijingTime'
import type { CaseScope } from '@shared/rules/caseScope'
import type { CaseState } from '@shared/schemas/case'
import type { Db } from '../store/database'

/** Beijing midnight of a YYYY-MM-DD day, as the ISO instant the store's created_at compares with. */
export const startOfDay = (day: string) => new Date(`${day}T00:00:00+08:00`).toISOString()

// ~50 m cells at Beijing's latitude (0.00045° of latitude, 0.0006° of longitude): a repeat place is
// a cell with 3+ reports of one 小类. A cell, not a radius: one GROUP BY instead of pairwise search.
const CELL_LAT = 0.00045
const CELL_LNG = 0.0006
const REPEAT_MIN = 3

export interface OverdueRow {
  id: string
  code: string
  title: string
  categoryCode: string
  gridId: string
  state: CaseState
  createdAt: string
  dueAt: string | null
  overdue: number
  wholeLate: number
}

/**
 * The briefing's SQL aggregates over the cases table, all by the created_at index range of the
 * period, narrowed to a community or grid. Each answers in one statement.
 */
export function createBriefingReads(db: Db) {
  const scopeSql = (scope: CaseScope) =>
    scope.kind === 'community' ? ' AND community_id = @scopeId' : scope.kind === 'grid' ? ' AND grid_id = @scopeId' : ''
  const params = (from: string, to: string, scope: CaseScope) => ({
    start: startOfDay(from),
    end: startOfDay(shiftDay(to, 1)),
    scopeId: scope.kind === 'all' ? null : scope.id,
  })
  const statements = new Map<string, ReturnType<Db['prepare']>>()
  const prepared = (key: string, sql: string) => {
    let s = statements.get(key)
    if (!s) statements.set(key, (s = db.prepare(sql)))
    return s
  }
  const range = 'created_at >= @start AND created_at < @end'
  const open = OPEN_STATES.map((s) => `'${s}'`).join(',')

  return {
    /** Reports per category and Beijing day for the given categories. */
    categoryDays(from: string, to: string, scope: CaseScope, codes: readonly string[]): { code: string; day: string; n: number }[] {
      if (!codes.length) return []
      const sql = `SELECT category_code AS code, substr(datetime(created_at, '+8 hours'), 1, 10) AS day, count(*) AS n
        FROM cases WHERE ${range}${scopeSql(scope)} AND category_code IN (SELECT value FROM json_each(@codes)) GROUP BY 1, 2`
      return prepared(`cd|${scope.kind}`, sql).all({ ...params(from, to, scope), codes: JSON.stringify(codes) }) as never
    },

    repeatPlaces(from: string, to: string, scope: CaseScope, limit: number) {
      const sql = `SELECT category_code AS code, avg(lng) AS lng, avg(lat) AS lat, count(*) AS n, group_concat(id) AS ids
        FROM cases WHERE ${range}${scopeSql(scope)} AND lng IS NOT NULL
        GROUP BY category_code, round(lng / ${CELL_LNG}), round(lat / ${CELL_LAT})
        HAVING count(*) >= ${REPEAT_MIN} ORDER BY n DESC, code LIMIT @limit`
      return prepared(`rp|${scope.kind}`, sql).all({ ...params(from, to, scope), limit }) as { code: string; lng: number; lat: number; n: number; ids: string }[]
    },

    points(from: string, to: string, scope: CaseScope): [number, number][] {
      const sql = `SELECT round(lng, 5), round(lat, 5) FROM cases WHERE ${range}${scopeSql(scope)} AND lng IS NOT NULL`
      return prepared(`pt|${scope.kind}`, sql).raw().all(params(from, to, scope)) as [number, number][]
    },

    /** Open cases of the period flagged late on the running step or the whole case. */
    overdueOpen(from: string, to: string, scope: CaseScope): OverdueRow[] {
      const sql = `SELECT id, code, json_extract(data, '$.title') AS title, category_code AS categoryCode, grid_id AS gridId,
          state, created_at AS createdAt, json_extract(data, '$.timers.whole.deadline') AS dueAt, overdue,
          json_extract(data, '$.timers.whole.late') AS wholeLate
        FROM cases WHERE state IN (${open}) AND ${range}${scopeSql(scope)}
          AND (overdue = 1 OR json_extract(data, '$.timers.whole.late') = 1)
        ORDER BY created_at, id`
      return prepared(`od|${scope.kind}`, sql).all(params(from, to, scope)) as OverdueRow[]
    },
  }
}
export type BriefingReads = ReturnType<typeof createBriefingReads>
