import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { KpiReport } from '@shared/schemas/kpi'
import { generateGulou } from '../server/src/demo/gulou/generateGulou'
import { createRandom } from '../server/src/demo/gulou/random'
import { beijingDay } from '../shared/rules/beijingTime'
import { DIMENSIONS, type Vector, contribution, dimensionKey, emptyVector, keysOf } from '../server/src/kpi/kpiCounters'
import { addDays, previousRange, yearBeforeRange } from '../server/src/kpi/kpiRanges'
import { bucketId, createKpiStore } from '../server/src/kpi/kpiStore'
import { createSqliteReferenceRepository } from '../server/src/reference/referenceRepository'
import { openDatabase } from '../server/src/store/database'
import { integrationToken } from '../server/src/testing/httpAuth'
import { freePort, root } from './benchServer'
import { benchCase } from './kpiBenchData'

/**
 * GET /api/v1/kpi over 1,000,000 cases, next to the plain GROUP BY over the cases table that
 * computes the same figures, in the same run and on the same store.
 *
 * Loading: the cases (complete snapshots with timers) and the KPI projection's rows are bulk
 * inserted, 50,000 to a transaction with synchronous=OFF: bench data, not acknowledged work.
 * The projection rows are folded with the projector's own contribution() from each case's final
 * state, so they are what the projector would hold; the 1M cases' events (~7.5M, some 15 GB of
 * snapshots) are not written. The projector's catch-up speed from a real events table is the
 * KPI test's business, and the back-fill prints it in the server log.
 *
 * The baseline reads the cases table only: dispatches, returns and follow-up calls live in the
 * history, so it leaves them out and is, if anything, flattered.
 */

const CASES = Number(process.env['KPI_BENCH_CASES'] ?? 1_000_000)
const DAYS = 1000
const HTTP_RUNS = 100
const WARMUPS = 10
/**
 * The baseline takes seconds to minutes a run: three runs up to a week, one up to 90 days; longer
 * ranges are not run but extrapolated from the last run's time per case (and marked so).
 */
const sqlRuns = (days: number) => (days <= 7 ? 3 : days <= 90 ? 1 : 0)

/** KPI_BENCH_KEEP=<dir>: load once into <dir> and keep it, for profiling the queries again. */
const keep = process.env['KPI_BENCH_KEEP']
const dataDir = keep ?? fs.mkdtempSync(path.join(os.tmpdir(), 'gulou-kpi-bench-'))
const dbFile = path.join(dataDir, 'wall.db')
/** The admin is created on the store's first start only: a kept store keeps its password beside it. */
const passwordFile = path.join(dataDir, 'bench-admin-password')
const adminPassword = fs.existsSync(passwordFile) ? fs.readFileSync(passwordFile, 'utf8') : `bench-${randomBytes(12).toString('base64url')}`
fs.mkdirSync(dataDir, { recursive: true })
fs.writeFileSync(passwordFile, adminPassword, { mode: 0o600 })
const ms = (n: number) => `${n.toFixed(1)} ms`
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!

function load(): void {
  const t0 = performance.now()
  const db = openDatabase(dbFile)
  db.pragma('synchronous = OFF')
  const data = generateGulou()
  createSqliteReferenceRepository(db).replaceAll(data, 'kpi-bench')
  const insertCase = db.prepare(
    `INSERT INTO cases (id, code, version, state, source, category_code, grid_id, community_id, assignee_kind, assignee_id,
       created_at, updated_at, search, reporter_phone, data, overdue, at_risk, lng, lat, next_flag_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, 0, ?, ?, NULL)`,
  )
  const insertKpiCase = db.prepare('INSERT INTO kpi_cases (case_id, data, day, community, grid, unit) VALUES (?, ?, ?, ?, ?, ?)')
  const rng = createRandom(42)
  const now = Date.now()
  const start = now - DAYS * 86_400_000
  const deltas = new Map<string, Vector>()
  let bytes = 0
  const chunk = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      // Evenly through the days, in time order like a real stream.
      const created = start + Math.floor(((i + rng.next()) / CASES) * (now - start))
      const { c, facts } = benchCase(i, created, now, data, rng)
      const json = JSON.stringify(c)
      bytes += json.length
      insertCase.run(c.id, c.code, c.version, c.state, c.source, c.categoryCode, c.gridId, c.communityId, c.assignee?.kind ?? null,
        c.assignee?.id ?? null, c.createdAt, c.updatedAt, `${c.code}\n${c.title}`.toLowerCase(), json, Number(c.overdue), c.location.lng, c.location.lat)
      const keys = keysOf(c, facts)
      const counted = contribution(c, facts)
      insertKpiCase.run(c.id, JSON.stringify({ keys, facts, counted: Array.from(counted) }), keys.day, keys.community, keys.grid, keys.unit)
      for (const dim of DIMENSIONS) {
        const id = bucketId(dim, dimensionKey(keys, dim), keys.day)
        let d = deltas.get(id)
        if (!d) deltas.set(id, (d = emptyVector()))
        for (let k = 0; k < d.length; k++) d[k]! += counted[k]!
      }
    }
  })
  for (let from = 0; from < CASES; from += 50_000) {
    chunk(from, Math.min(CASES, from + 50_000))
    process.stderr.write(`\rloading cases: ${Math.round((100 * Math.min(CASES, from + 50_000)) / CASES)}%`)
  }
  createKpiStore(db).commit(new Map(), deltas, 0)
  db.pragma('synchronous = FULL')
  db.exec('ANALYZE')
  db.close()
  const size = fs.statSync(dbFile).size + (fs.existsSync(`${dbFile}-wal`) ? fs.statSync(`${dbFile}-wal`).size : 0)
  process.stderr.write('\n')
  console.log(`loaded ${CASES.toLocaleString('en')} cases over ${DAYS} days in ${((performance.now() - t0) / 1000).toFixed(1)} s` +
    ` (case JSON avg ${Math.round(bytes / CASES)} B; store ${(size / 1e9).toFixed(2)} GB; ${deltas.size.toLocaleString('en')} day buckets)`)
}

function startServer(port: number): Promise<() => Promise<void>> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server/src/main.ts')], {
    cwd: root,
    // Only the API under test: no simulation, no camera fleet encoding or probing in the background.
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', SIM: '0',
      CAMERA_ORIGIN_PORT: '0', FLEET_PREENCODE: 'none', HEALTH_PROBE: '0', DEMO_ACCOUNTS: '0', ADMIN_PASSWORD: adminPassword },
    stdio: ['ignore', 'inherit', 'inherit'],
  })
  const stop = () => new Promise<void>((resolve) => (child.once('exit', () => resolve()), child.kill('SIGTERM')))
  return (async () => {
    for (const end = Date.now() + 120_000; Date.now() < end; await new Promise((r) => setTimeout(r, 200))) {
      if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`)
      if (await fetch(`http://127.0.0.1:${port}/api/v1/health`).then((r) => r.ok, () => false)) return stop
    }
    throw new Error('server did not start')
  })()
}

const FILED = `('pending_dispatch','dispatched','in_progress','suspended','pending_check','closed','evaluated')`
const OPEN = `('pending_filing','prefiling_check','pending_dispatch','dispatched','in_progress','suspended','pending_check')`
const CLOSED = `('closed','evaluated')`
const j = (p: string) => `json_extract(data, '$.${p}')`
const minutes = (a: string, b: string) => `(julianday(${b}) - julianday(${a})) * 1440`
const STATES = ['pending_filing', 'prefiling_check', 'not_accepted', 'pending_dispatch', 'dispatched', 'in_progress', 'suspended', 'pending_check', 'closed', 'evaluated', 'merged']
/** The figures of the KPI API that the cases table can give, straight from the rows. */
const FIGURES = `COUNT(*) AS reports, SUM(state <> 'merged') AS valid, SUM(state IN ${FILED}) AS filed,
  SUM(state = 'not_accepted') AS not_accepted,
  SUM(${j('timers.handling.startedAt')} IS NOT NULL AND (${j('timers.handling.stoppedAt')} IS NOT NULL OR ${j('timers.handling.late')})) AS handling_due,
  SUM(${j('timers.handling.stoppedAt')} IS NOT NULL AND NOT ${j('timers.handling.late')}) AS on_time_handled,
  SUM(${j('reworks')} > 0) AS reworked, SUM(${j('extensions')}) AS extensions,
  SUM(state IN ${CLOSED}) AS closed, SUM(state IN ${CLOSED} AND NOT ${j('closedLate')}) AS closed_on_time,
  SUM(state IN ${CLOSED} AND ${j('closedLate')}) AS closed_late,
  SUM(state IN ${OPEN} AND (overdue OR ${j('timers.whole.late')})) AS open_overdue,
  SUM(state IN ${CLOSED} OR (state IN ${FILED} AND state NOT IN ${CLOSED} AND state <> 'suspended' AND ${j('timers.whole.late')})) AS close_due,
  AVG(${j('evaluationScore')}) AS score,
  AVG(${minutes(j('timers.intake.startedAt'), j('timers.intake.stoppedAt'))}) AS to_file,
  AVG(${minutes(j('timers.dispatch.startedAt'), j('timers.dispatch.stoppedAt'))}) AS to_dispatch,
  AVG(${minutes(j('timers.handling.startedAt'), j('timers.handling.stoppedAt'))}) AS to_handle,
  AVG(${minutes('created_at', j('closedAt'))}) AS to_close,
  ${STATES.map((s) => `SUM(state = '${s}') AS s_${s}`).join(', ')}`

const GROUP_COLUMN: Record<string, string> = {
  grid: 'grid_id',
  community: 'community_id',
  category: 'category_code',
  source: 'source',
  unit: "COALESCE(assignee_kind || ':' || assignee_id, '-')",
  day: "substr(datetime(created_at, '+8 hours'), 1, 10)",
}
/** A Beijing day's first instant as the ISO text created_at holds. */
const dayStart = (day: string) => new Date(Date.parse(`${day}T00:00:00+08:00`)).toISOString()

function baseline(db: Database.Database, from: string, to: string, groupBy: string | null): number {
  const where = 'WHERE created_at >= ? AND created_at < ?'
  const range = (f: string, t: string) => [dayStart(f), dayStart(addDays(t, 1))]
  const t0 = performance.now()
  const r = { from, to, days: Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000) + 1 }
  const total = db.prepare(`SELECT ${FIGURES} FROM cases ${where}`)
  const rows = total.get(...range(from, to)) as { reports: number }
  for (const p of [previousRange(r), yearBeforeRange(r)]) total.get(...range(p.from, p.to))
  if (groupBy) db.prepare(`SELECT ${GROUP_COLUMN[groupBy]} AS key, ${FIGURES} FROM cases ${where} GROUP BY key`).all(...range(from, to))
  db.prepare(`SELECT source, COUNT(*) FROM cases ${where} GROUP BY source`).all(...range(from, to))
  db.prepare(`SELECT category_code, COUNT(*) AS n FROM cases ${where} GROUP BY category_code ORDER BY n DESC LIMIT 5`).all(...range(from, to))
  void rows
  return performance.now() - t0
}

if (!keep || !fs.existsSync(dbFile)) load()
const port = await freePort()
const stop = await startServer(port)
try {
  const auth = { authorization: `Bearer ${await integrationToken(`http://127.0.0.1:${port}`, adminPassword, `bench-kpi-${Date.now().toString(36)}`)}` }
  const today = beijingDay(Date.now())
  const cases: [string, number, string | null][] = [
    ['today', 1, 'grid'],
    ['7 days', 7, 'community'],
    ['30 days', 30, 'category'],
    ['90 days', 90, 'day'],
    ['365 days', 365, 'unit'],
    [`${DAYS} days`, DAYS, 'source'],
  ]
  // All HTTP runs first, then the slow baselines, so no request waits behind a long idle gap.
  const http: { times: number[]; bytes: number; reports: number; first: number }[] = []
  for (const [, days, groupBy] of cases) {
    const from = addDays(today, -(days - 1))
    const url = `http://127.0.0.1:${port}/api/v1/kpi?from=${from}&to=${today}${groupBy ? `&groupBy=${groupBy}` : ''}`
    const run = { times: [] as number[], bytes: 0, reports: 0, first: 0 }
    for (let i = 0; i < HTTP_RUNS + WARMUPS; i++) {
      const t0 = performance.now()
      const text = await (await fetch(url, { headers: auth })).text()
      if (i >= WARMUPS) run.times.push(performance.now() - t0)
      if (i === 0) run.first = performance.now() - t0
      run.bytes = text.length
      if (i === 0) run.reports = KpiReport.parse(JSON.parse(text)).total.counts.reports
    }
    http.push(run)
  }
  const db = new Database(dbFile, { readonly: true })
  console.log('range      groupBy     GET /api/v1/kpi p50 / p99   bytes     plain GROUP BY p50 / max   cases in range (both)')
  let perCase = 0
  for (const [index, [name, days, groupBy]] of cases.entries()) {
    const from = addDays(today, -(days - 1))
    const { times, bytes, reports } = http[index]!
    const sql = Array.from({ length: sqlRuns(days) }, () => baseline(db, from, today, groupBy))
    const counted = (db.prepare('SELECT COUNT(*) FROM cases WHERE created_at >= ? AND created_at < ?').pluck().get(dayStart(from), dayStart(addDays(today, 1))) as number)
    if (sql.length) perCase = percentile(sql, 50) / Math.max(1, counted)
    const sqlText = sql.length
      ? `${ms(percentile(sql, 50)).padStart(10)} / ${ms(Math.max(...sql)).padEnd(10)}`
      : `~${(perCase * counted / 1000).toFixed(0)} s (extrapolated)`.padStart(23)
    console.log(
      `${name.padEnd(10)} ${(groupBy ?? '-').padEnd(10)}  ${ms(percentile(times, 50)).padStart(9)} / ${ms(percentile(times, 99)).padEnd(10)}` +
        `  ${String(Math.round(bytes / 1024)).padStart(5)} KiB  ${sqlText}` +
        `  ${reports.toLocaleString('en')}${reports === counted ? ' (agree)' : ` vs ${counted.toLocaleString('en')} DISAGREE`}`,
    )
  }
  // A p99 on a shared 2-core machine says as much about the neighbours as about the code: show them.
  console.log(`machine load average (1/5/15 min) at the end: ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')} on ${os.cpus().length} cores`)
  console.log(`first KPI request after the server started (reads the aggregate rows into memory): ${ms(http[0]!.first)}`)
  console.log(`(KPI: ${HTTP_RUNS} requests each through HTTP to a separate server process, after ${WARMUPS} warm-ups. GROUP BY: in process on the`)
  console.log(' same file, 3 runs up to 7 days, 1 up to 90: total + 环比 + 同比 + groups + channels + top categories, like one KPI answer)')
  db.close()
} finally {
  await stop()
  if (!keep) fs.rmSync(dataDir, { recursive: true, force: true })
}
