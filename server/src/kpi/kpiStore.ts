import type { Statement } from 'better-sqlite3'
import type { StreamAction } from '@shared/schemas/caseApi'
import type { Db } from '../store/database'
import { unpackEventData } from '../store/eventData'
import { KpiBuckets } from './kpiBuckets'
import { COUNTERS, type Dimension, type KpiFacts, type KpiKeys, type Vector, emptyVector } from './kpiCounters'
import { addDays } from './kpiRanges'

/**
 * Storage of the KPI projection (tables of migration 4). The projector decides what to count;
 * this module writes rows and sums bucket rows for a range of days, using whole-month rows
 * where a month lies fully inside the range. Aggregates are read from an in-memory copy kept
 * in step with every commit (see KpiBuckets); SQLite is the durable copy read back at start.
 *
 * A scoped account's figures (one community, unit or grid) are summed from its own cases' rows
 * instead, read by index (migration 8): a few hundred rows a month for a community, and no
 * aggregates in memory for 28 communities, the units and 64 grids besides the street's.
 */

/** What the projector has already counted for one case. */
export interface KpiCaseRow {
  keys: KpiKeys
  facts: KpiFacts
  counted: number[]
}

export interface RawEvent {
  seq: number
  caseId: string
  action: StreamAction
  at: string
  data: string
}

/** The indexed columns of kpi_cases a scope reads its cases by. */
export type KpiScopeColumn = 'community' | 'grid' | 'unit'

/** dim, key and day of one bucket, joined with tabs (none of them can contain one). */
export const bucketId = (dim: Dimension, key: string, day: string) => `${dim}\t${key}\t${day}`

export interface KpiStore {
  checkpoint(): number
  lastSeq(): number
  /** Events after `since`, oldest first. */
  eventsAfter(since: number, limit: number): RawEvent[]
  loadCase(caseId: string): KpiCaseRow | null
  /** Case rows, bucket deltas (keyed by bucketId) and the new checkpoint, in one transaction. */
  commit(rows: Map<string, KpiCaseRow>, deltas: Map<string, Vector>, seq: number): void
  /** Sums per key of one dimension over the days [from, to]. */
  sumByKey(dim: Dimension, from: string, to: string): Map<string, Vector>
  /** Reports only, per key: channel shares and top categories need no more, and read far less. */
  reportsByKey(dim: Dimension, from: string, to: string): Map<string, number>
  /** The `all` bucket of each day in [from, to] that has one. */
  sumByDay(from: string, to: string): Map<string, Vector>
  /**
   * What each case of one scope counts now, for the cases reported on the days [from, to]: those
   * of one community or grid, or those last dispatched to one unit (`unit` is the unit key, unit:<id>).
   */
  scopeRows(column: KpiScopeColumn, value: string, from: string, to: string): KpiCaseRow[]
  /** Forget everything counted (the next catch-up rebuilds from seq 0). */
  reset(): void
  /** Day and month buckets held in memory. */
  bucketCount(): number
}

const columnList = COUNTERS.join(', ')

/** The month after `month` (YYYY-MM). */
function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number]
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`
}
function prevMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number]
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`
}
const lastDayOf = (month: string) => addDays(`${nextMonth(month)}-01`, -1)

/** Split [from, to] into day ranges and one range of whole months, so long ranges read few rows. */
export function splitRange(from: string, to: string): { days: [string, string][]; months: [string, string] | null } {
  const fromMonth = from.slice(0, 7)
  const toMonth = to.slice(0, 7)
  const firstFull = from.endsWith('-01') ? fromMonth : nextMonth(fromMonth)
  const lastFull = to === lastDayOf(toMonth) ? toMonth : prevMonth(toMonth)
  if (firstFull > lastFull) return { days: [[from, to]], months: null }
  const days: [string, string][] = []
  if (from < `${firstFull}-01`) days.push([from, addDays(`${firstFull}-01`, -1)])
  const tailStart = `${nextMonth(lastFull)}-01`
  if (tailStart <= to) days.push([tailStart, to])
  return { days, months: [firstFull, lastFull] }
}

export function createKpiStore(db: Db): KpiStore {
  const selectCheckpoint = db.prepare('SELECT seq FROM kpi_checkpoint WHERE id = 1').pluck()
  const updateCheckpoint = db.prepare('UPDATE kpi_checkpoint SET seq = ? WHERE id = 1')
  const selectLastSeq = db.prepare('SELECT COALESCE(MAX(seq), 0) FROM events').pluck()
  const selectEvents = db.prepare(
    'SELECT seq, case_id AS caseId, action, at, data FROM events WHERE seq > ? ORDER BY seq LIMIT ?',
  )
  const selectCase = db.prepare('SELECT data FROM kpi_cases WHERE case_id = ?').pluck()
  const upsertCase = db.prepare(
    `INSERT INTO kpi_cases (case_id, data, day, community, grid, unit) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (case_id) DO UPDATE SET data = excluded.data, day = excluded.day, community = excluded.community,
       grid = excluded.grid, unit = excluded.unit`,
  )
  const selectScope = {
    community: db.prepare('SELECT data FROM kpi_cases WHERE community = ? AND day BETWEEN ? AND ?').pluck(),
    grid: db.prepare('SELECT data FROM kpi_cases WHERE grid = ? AND day BETWEEN ? AND ?').pluck(),
    unit: db.prepare('SELECT data FROM kpi_cases WHERE unit = ? AND day BETWEEN ? AND ?').pluck(),
  }
  const upsert = (table: string) =>
    db.prepare(
      `INSERT INTO ${table} (dim, key, period, ${columnList}) VALUES (?, ?, ?, ${COUNTERS.map(() => '?').join(', ')})
       ON CONFLICT (dim, period, key) DO UPDATE SET ${COUNTERS.map((c) => `${c} = ${c} + excluded.${c}`).join(', ')}`,
    )
  const upsertDay = upsert('kpi_day')
  const upsertMonth = upsert('kpi_month')

  const days = new KpiBuckets()
  const months = new KpiBuckets()
  let loaded = false
  /** Read the durable rows into memory on first use, not at construction: start-up stays fast (~2 s per million cases). */
  function load(): void {
    if (loaded) return
    loaded = true
    for (const [table, into] of [['kpi_day', days], ['kpi_month', months]] as const) {
      for (const row of db.prepare(`SELECT period, dim, key, ${columnList} FROM ${table}`).raw().iterate() as Iterable<unknown[]>) {
        into.add(row[0] as string, row[1] as Dimension, row[2] as string, row.slice(3) as number[])
      }
    }
  }

  /** Visit the day and month periods that exactly cover [from, to]. */
  function eachPeriod(from: string, to: string, visit: (buckets: KpiBuckets, period: string) => void): void {
    load()
    const split = splitRange(from, to)
    for (const [a, b] of split.days) for (let d = a; d <= b; d = addDays(d, 1)) visit(days, d)
    if (split.months) for (let m = split.months[0]; m <= split.months[1]; m = nextMonth(m)) visit(months, m)
  }

  /** Month deltas: the day deltas summed per month. */
  function perMonth(deltas: Map<string, Vector>): Map<string, Vector> {
    const out = new Map<string, Vector>()
    for (const [id, v] of deltas) {
      const monthId = id.slice(0, -3)
      let m = out.get(monthId)
      if (!m) out.set(monthId, (m = emptyVector()))
      for (let i = 0; i < v.length; i++) m[i]! += v[i]!
    }
    return out
  }

  const write = db.transaction((rows: Map<string, KpiCaseRow>, byDay: Map<string, Vector>, byMonth: Map<string, Vector>, seq: number) => {
    for (const [caseId, row] of rows) {
      const { day, community, grid, unit } = row.keys
      upsertCase.run(caseId, JSON.stringify(row), day, community, grid, unit)
    }
    const put = (statement: Statement, id: string, v: Vector) => {
      if (v.every((x) => x === 0)) return
      const [dim, key, period] = id.split('\t') as [string, string, string]
      statement.run(dim, key, period, ...v)
    }
    for (const [id, v] of byDay) put(upsertDay, id, v)
    for (const [id, v] of byMonth) put(upsertMonth, id, v)
    updateCheckpoint.run(seq)
  })

  const wipe = db.transaction(() => {
    db.exec('DELETE FROM kpi_cases; DELETE FROM kpi_day; DELETE FROM kpi_month; UPDATE kpi_checkpoint SET seq = 0')
  })

  function commit(rows: Map<string, KpiCaseRow>, deltas: Map<string, Vector>, seq: number): void {
    load()
    const byMonth = perMonth(deltas)
    write(rows, deltas, byMonth, seq)
    // Only after the commit succeeded: the memory copy never runs ahead of the durable one.
    for (const [into, changes] of [[days, deltas], [months, byMonth]] as const) {
      for (const [id, v] of changes) {
        if (v.every((x) => x === 0)) continue
        const [dim, key, period] = id.split('\t') as [Dimension, string, string]
        into.add(period, dim, key, v)
      }
    }
  }

  return {
    checkpoint: () => selectCheckpoint.get() as number,
    lastSeq: () => selectLastSeq.get() as number,
    eventsAfter: (since, limit) =>
      (selectEvents.all(since, limit) as (Omit<RawEvent, 'data'> & { data: string | Buffer })[]).map((e) => ({ ...e, data: unpackEventData(e.data) })),
    loadCase(caseId) {
      const data = selectCase.get(caseId) as string | undefined
      return data === undefined ? null : (JSON.parse(data) as KpiCaseRow)
    },
    commit,
    sumByKey(dim, from, to) {
      const out = new Map<string, Vector>()
      eachPeriod(from, to, (buckets, period) => buckets.sumInto(out, period, dim))
      return out
    },
    reportsByKey(dim, from, to) {
      const out = new Map<string, number>()
      eachPeriod(from, to, (buckets, period) => buckets.reportsInto(out, period, dim))
      return out
    },
    sumByDay(from, to) {
      load()
      const out = new Map<string, Vector>()
      for (let d = from; d <= to; d = addDays(d, 1)) {
        const v = days.get(d, 'all', '')
        if (v) out.set(d, Float64Array.from(v))
      }
      return out
    },
    scopeRows: (column, value, from, to) => (selectScope[column].all(value, from, to) as string[]).map((data) => JSON.parse(data) as KpiCaseRow),
    reset() {
      wipe()
      days.clear()
      months.clear()
      loaded = true
    },
    bucketCount() {
      load()
      return days.size + months.size
    },
  }
}
