import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { BriefingNotice, BriefingSummary } from '@shared/schemas/briefing'
import { beijingDay, shiftDay } from '../shared/rules/beijingTime'
import { DEFAULT_HOLIDAYS } from '../server/src/cases/holidayCalendar'
import { createCaseLocator } from '../server/src/cases/caseLocator'
import { createLogger } from '../server/src/core/logger'
import { generateGulou } from '../server/src/demo/gulou/generateGulou'
import { createRandom } from '../server/src/demo/gulou/random'
import { backfill } from '../server/src/demo/sim/simBackfill'
import { buildSimWorld } from '../server/src/demo/sim/simWorld'
import { DIMENSIONS, type Vector, contribution, dimensionKey, emptyVector, keysOf } from '../server/src/kpi/kpiCounters'
import { bucketId, createKpiStore } from '../server/src/kpi/kpiStore'
import { createSqliteReferenceRepository } from '../server/src/reference/referenceRepository'
import { openDatabase } from '../server/src/store/database'
import { startTestApp } from '../server/src/testing/testApp'
import { loadNote } from './benchServer'
import { benchCase } from './kpiBenchData'

/**
 * A month's briefing for the street: GET /api/v1/briefing (the summary) and /briefing/notice (the
 * 通报, which computes the summary again and writes it), through the real app on loopback, signed
 * in as a leader. Targets (issue 15): ≤ 1 s on the 90-day demo, ≤ 2 s on 1,000,000 cases.
 *
 * The demo store is the simulation's own 90-day back-fill (~270 reports a day, through the case
 * service, so with every event). The million cases are bulk inserted with SQL into a temp
 * DATA_DIR, 50,000 to a transaction, with the KPI projection's rows folded from each case's final
 * state by the projector's own contribution() — as bench/kpi.bench.ts loads them, not through the
 * API (their ~7.5M events are not written). The app runs in this process: the figures include
 * JSON encoding and parsing, not another process's scheduling.
 */
const MILLION = Number(process.env['BRIEFING_BENCH_CASES'] ?? 1_000_000)
const DAYS = 1000
const RUNS = 7

const ms = (n: number) => `${n.toFixed(0)} ms`

function loadDemo(dbFile: string): Promise<number> {
  const db = openDatabase(dbFile)
  const reference = createSqliteReferenceRepository(db)
  reference.replaceAll(generateGulou(), 'briefing-bench')
  const world = buildSimWorld(reference, createCaseLocator(reference))
  const end = new Date()
  return backfill({ db, reference, world, calendar: DEFAULT_HOLIDAYS, log: createLogger('silent'), rng: createRandom(15), days: 90, perDay: 270, end })
    .then((r) => r.cases)
    .finally(() => db.close())
}

function loadMillion(dbFile: string): void {
  const db = openDatabase(dbFile)
  db.pragma('synchronous = OFF')
  const data = generateGulou()
  createSqliteReferenceRepository(db).replaceAll(data, 'briefing-bench')
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
  const chunk = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const created = start + Math.floor(((i + rng.next()) / MILLION) * (now - start))
      const { c, facts } = benchCase(i, created, now, data, rng)
      insertCase.run(c.id, c.code, c.version, c.state, c.source, c.categoryCode, c.gridId, c.communityId, c.assignee?.kind ?? null,
        c.assignee?.id ?? null, c.createdAt, c.updatedAt, `${c.code}\n${c.title}`.toLowerCase(), JSON.stringify(c), Number(c.overdue), c.location.lng, c.location.lat)
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
  for (let from = 0; from < MILLION; from += 50_000) {
    chunk(from, Math.min(MILLION, from + 50_000))
    process.stderr.write(`\rloading cases: ${Math.round((100 * Math.min(MILLION, from + 50_000)) / MILLION)}%`)
  }
  process.stderr.write('\n')
  createKpiStore(db).commit(new Map(), deltas, 0)
  db.pragma('synchronous = FULL')
  db.exec('ANALYZE')
  db.close()
}

async function timeBriefing(label: string, dataDir: string): Promise<void> {
  const app = await startTestApp({ DATA_DIR: dataDir, DEMO: '0' })
  try {
    const headers = await app.authHeaders('leader')
    // Last month, as a leader opens it for the monthly notice.
    const firstOfThis = `${beijingDay(new Date()).slice(0, 7)}-01`
    const to = shiftDay(firstOfThis, -1)
    const query = `from=${to.slice(0, 7)}-01&to=${to}&scope=street`
    const get = async (p: string) => {
      const t0 = performance.now()
      const res = await fetch(`${app.url}/api/v1/${p}?${query}`, { headers })
      const text = await res.text()
      if (!res.ok) throw new Error(`${p}: ${res.status} ${text}`)
      return { ms: performance.now() - t0, text }
    }
    // A fresh start projects the store's events in the background (and each read applies a few
    // thousand itself): time the briefing once the projection has caught up, as a leader meets it.
    const t0 = performance.now()
    const seqOf = async () => BriefingSummary.parse(JSON.parse((await get('briefing')).text)).seq
    for (let seq = await seqOf(); ; ) {
      await new Promise((r) => setTimeout(r, 1000))
      const next = await seqOf()
      if (next === seq) break
      seq = next
    }
    console.log(`  KPI projection caught up ${ms(performance.now() - t0)} after start`)
    const times = { briefing: [] as number[], notice: [] as number[] }
    let summary: BriefingSummary | null = null
    let bytes = 0
    for (let i = 0; i < RUNS; i++) {
      const s = await get('briefing')
      times.briefing.push(s.ms)
      summary = BriefingSummary.parse(JSON.parse(s.text))
      bytes = s.text.length
      const n = await get('briefing/notice')
      times.notice.push(n.ms)
      BriefingNotice.parse(JSON.parse(n.text))
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
    const max = (xs: number[]) => Math.max(...xs)
    if (!summary) throw new Error('no run')
    console.log(`${label}: ${summary.from}..${summary.to}, ${summary.total.counts.reports.toLocaleString('en')} reports, ` +
      `${summary.overdue.count} open overdue, ${summary.hotspots.points.length.toLocaleString('en')} heat points, ${(bytes / 1024).toFixed(0)} KB of JSON`)
    console.log(`  summary median ${ms(median(times.briefing))} max ${ms(max(times.briefing))}; notice median ${ms(median(times.notice))} max ${ms(max(times.notice))} over ${RUNS} runs`)
  } finally {
    await app.close()
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
}

async function main(): Promise<void> {
  console.log(loadNote())
  const demoDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gulou-briefing-bench-demo-'))
  let t0 = performance.now()
  const demoCases = await loadDemo(path.join(demoDir, 'wall.db'))
  console.log(`90-day demo back-fill: ${demoCases.toLocaleString('en')} cases in ${((performance.now() - t0) / 1000).toFixed(0)} s`)
  await timeBriefing('90-day demo (target ≤ 1 s)', demoDir)

  const bigDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gulou-briefing-bench-1m-'))
  t0 = performance.now()
  loadMillion(path.join(bigDir, 'wall.db'))
  console.log(`${MILLION.toLocaleString('en')} cases over ${DAYS} days bulk-inserted with SQL in ${((performance.now() - t0) / 1000).toFixed(0)} s`)
  await timeBriefing(`${MILLION.toLocaleString('en')} cases (target ≤ 2 s)`, bigDir)
  console.log(loadNote())
}

void main().catch((cause: unknown) => {
  console.error(cause)
  process.exitCode = 1
})
