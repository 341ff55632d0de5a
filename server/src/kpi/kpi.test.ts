import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Role } from '@shared/roles'
import { KpiReport } from '@shared/schemas/kpi'
import { CreateCaseBody, TransitionBody } from '@shared/schemas/caseApi'
import { createCaseLocator } from '../cases/caseLocator'
import { createCaseReferences } from '../cases/caseReferences'
import { createSqliteCaseRepository } from '../cases/caseRepository'
import { type CaseService, createCaseService } from '../cases/caseService'
import { testReference } from '../cases/caseTestReference'
import { createDeadlineTicker } from '../cases/deadlineTicker'
import { createLogger } from '../core/logger'
import { createSqliteReferenceRepository } from '../reference/referenceRepository'
import { type Db, openDatabase } from '../store/database'
import { createKpiProjector } from './kpiProjector'
import { type KpiService, createKpiService } from './kpiService'
import { type KpiStore, createKpiStore } from './kpiStore'

/**
 * KPI formulas on a hand-made day, every expected figure worked out by hand below.
 * Category C0101 is urgent (24/7 clock): intake 30 min, dispatch 30 min, handling 2 h, check 1 h,
 * whole case 4 h from the report. C0102 is 2 working days (dispatch limit 1 working hour).
 * The day is Monday 2026-03-02; "now" is 16:00 Beijing that day.
 */
const bj = (local: string) => new Date(`${local.replace(' ', 'T')}:00+08:00`)
const D1 = '2026-03-02'

type Step = [time: string, key: string, action: string, extra?: Record<string, unknown>]
const reporters: Record<string, Role> = { terminal: 'grid_worker', hotline: 'intake', camera: 'intake', district: 'intake', walk_in: 'community_operator', patrol: 'unit_handler' }
const roleOf: Record<string, Role> = {
  file: 'intake',
  reject: 'intake',
  merge: 'intake',
  follow_up: 'intake',
  dispatch: 'dispatcher',
  approve_extension: 'dispatcher',
  approve_suspension: 'dispatcher',
  close: 'dispatcher',
  rework: 'dispatcher',
  evaluate: 'duty_chief',
}
const U01 = { kind: 'unit', id: 'U01' }

/** Case key → where and how it is reported (distinct points > 50 m apart, except J on C's). */
const reports: Record<string, { at: string; grid: 1 | 2; source: string; category?: string; slot: number }> = {
  L: { at: '2025-03-02 10:00', grid: 2, source: 'hotline', slot: 9 },
  K: { at: '2026-03-01 20:00', grid: 2, source: 'hotline', slot: 8 },
  A: { at: `${D1} 09:00`, grid: 1, source: 'terminal', slot: 1 },
  B: { at: `${D1} 09:00`, grid: 2, source: 'hotline', slot: 1 },
  C: { at: `${D1} 10:00`, grid: 1, source: 'hotline', slot: 2 },
  D: { at: `${D1} 11:00`, grid: 2, source: 'walk_in', slot: 2 },
  E: { at: `${D1} 08:00`, grid: 1, source: 'terminal', slot: 3 },
  F: { at: `${D1} 12:00`, grid: 2, source: 'patrol', slot: 3 },
  G: { at: `${D1} 15:45`, grid: 1, source: 'camera', slot: 4 },
  H: { at: `${D1} 08:00`, grid: 2, source: 'hotline', slot: 4 },
  I: { at: `${D1} 09:00`, grid: 1, source: 'district', category: 'C0102', slot: 5 },
  J: { at: `${D1} 13:00`, grid: 1, source: 'hotline', slot: 2 },
}

const steps: Step[] = [
  ['2026-03-01 20:05', 'K', 'file'],
  ['2026-03-01 20:10', 'K', 'dispatch', { assignee: U01 }],
  ['2026-03-01 20:15', 'K', 'accept'],
  ['2026-03-01 21:00', 'K', 'feedback'],
  ['2026-03-01 21:10', 'K', 'close'],
  // A: on time all the way.
  [`${D1} 09:10`, 'A', 'file'],
  [`${D1} 09:20`, 'A', 'dispatch', { assignee: U01 }],
  [`${D1} 09:30`, 'A', 'accept'],
  [`${D1} 10:20`, 'A', 'feedback'],
  [`${D1} 10:40`, 'A', 'close'],
  // B: handled late (150 min > 120), closed late (13:30 > 13:00), satisfied, evaluated 4.
  [`${D1} 09:20`, 'B', 'file'],
  [`${D1} 09:30`, 'B', 'dispatch', { assignee: U01 }],
  [`${D1} 09:40`, 'B', 'accept'],
  [`${D1} 12:00`, 'B', 'feedback'],
  [`${D1} 13:30`, 'B', 'close'],
  [`${D1} 14:00`, 'B', 'follow_up', { satisfaction: 'satisfied' }],
  [`${D1} 14:30`, 'B', 'evaluate', { score: 4 }],
  // C: with a team, never fed back: handling late at 12:10, whole late at 14:00.
  [`${D1} 10:05`, 'C', 'file'],
  [`${D1} 10:10`, 'C', 'dispatch', { assignee: { kind: 'team', id: 'T01' } }],
  [`${D1} 10:20`, 'C', 'accept'],
  // D: not accepted.
  [`${D1} 11:10`, 'D', 'reject', { reason: '不属于受理范围' }],
  // E: returned once, extended once (limits 4 h handling, 6 h whole), reworked once, closed on time.
  [`${D1} 08:05`, 'E', 'file'],
  [`${D1} 08:10`, 'E', 'dispatch', { assignee: U01 }],
  [`${D1} 08:20`, 'E', 'return_to_dispatch', { reason: '非本单位职责' }],
  [`${D1} 08:30`, 'E', 'dispatch', { assignee: { kind: 'worker', id: 'W0001' } }],
  [`${D1} 08:35`, 'E', 'accept'],
  [`${D1} 08:40`, 'E', 'request_extension', { reason: '需要协调' }],
  [`${D1} 08:45`, 'E', 'approve_extension'],
  [`${D1} 09:30`, 'E', 'feedback'],
  [`${D1} 09:40`, 'E', 'rework', { reason: '未修复到位' }],
  [`${D1} 09:45`, 'E', 'accept'],
  [`${D1} 10:00`, 'E', 'feedback'],
  [`${D1} 10:10`, 'E', 'close'],
  // F: suspended at 12:40 after 30 min of handling: paused, not due.
  [`${D1} 12:05`, 'F', 'file'],
  [`${D1} 12:10`, 'F', 'dispatch', { assignee: U01 }],
  [`${D1} 12:20`, 'F', 'accept'],
  [`${D1} 12:30`, 'F', 'request_suspension', { reason: '等待产权单位' }],
  [`${D1} 12:40`, 'F', 'approve_suspension'],
  // H: closed, unsatisfied follow-up reopens it, handled again, closed 11:30 (on time), fairly satisfied.
  [`${D1} 08:10`, 'H', 'file'],
  [`${D1} 08:20`, 'H', 'dispatch', { assignee: U01 }],
  [`${D1} 08:30`, 'H', 'accept'],
  [`${D1} 09:00`, 'H', 'feedback'],
  [`${D1} 09:30`, 'H', 'close'],
  [`${D1} 10:00`, 'H', 'follow_up', { satisfaction: 'unsatisfied', reason: '问题仍在' }],
  [`${D1} 10:30`, 'H', 'dispatch', { assignee: U01 }],
  [`${D1} 10:40`, 'H', 'accept'],
  [`${D1} 11:00`, 'H', 'feedback'],
  [`${D1} 11:30`, 'H', 'close'],
  [`${D1} 12:00`, 'H', 'follow_up', { satisfaction: 'fairly_satisfied' }],
  // I: filed, never dispatched: its dispatch hour ran out at 10:30.
  [`${D1} 09:30`, 'I', 'file'],
  // J: reported on C's spot, flagged as its duplicate, merged.
  [`${D1} 13:10`, 'J', 'merge'],
]

let dir: string
let db: Db
let clock: Date
let cases: CaseService
let store: KpiStore
let kpi: KpiService
let live: KpiReport
let reportOf: (q: Parameters<KpiService['report']>[0]) => KpiReport

function build(): void {
  const log = createLogger('silent')
  const reference = createSqliteReferenceRepository(db)
  const repo = createSqliteCaseRepository(db)
  const references = createCaseReferences(reference)
  const now = () => clock
  cases = createCaseService({ repo, references, locate: createCaseLocator(reference), replayLimit: 5000, now })
  const ticker = createDeadlineTicker({ repo, references, calendar: { holidays: [], workdays: [] }, publish: cases.publish, log, intervalMs: 1000, now })
  store = createKpiStore(db)
  const projector = createKpiProjector({ store, log, batchSize: 7 })
  // The live path: apply each change right after its commit.
  cases.onChange(() => projector.catchUp())
  kpi = createKpiService({ store, projector, reference, now })
  reportOf = (q) => KpiReport.parse(kpi.report(q))
  const ids = new Map<string, string>()
  const timeline = [
    ...Object.entries(reports).map(([key, r]) => ({ at: r.at, key, action: 'report', extra: {} })),
    ...steps.map(([at, key, action, extra]) => ({ at, key, action, extra: extra ?? {} })),
  ].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0))
  for (const step of timeline) {
    clock = bj(step.at)
    ticker.tick()
    if (step.action === 'report') {
      const r = reports[step.key]!
      const body = CreateCaseBody.parse({
        source: r.source,
        categoryCode: r.category ?? 'C0101',
        title: `案件 ${step.key}`,
        location: { lng: (r.grid === 1 ? 116.801 : 116.831) + r.slot * 0.002, lat: 40.37 },
      })
      const c = cases.intake({ id: 'rep1', role: reporters[r.source]! }, body, null).case
      ids.set(step.key, c.id)
      continue
    }
    const id = ids.get(step.key)!
    const role = roleOf[step.action] ?? 'unit_handler'
    const body = TransitionBody.parse({ action: step.action, version: cases.get(id).version, notes: '已处理', ...step.extra })
    cases.transition({ id: `${role}-1`, role }, id, body)
  }
  clock = bj(`${D1} 16:00`)
  ticker.tick()
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpi-'))
  db = openDatabase(path.join(dir, 'wall.db'))
  createSqliteReferenceRepository(db).replaceAll(testReference(), 'test')
  build()
  live = reportOf({ from: D1, to: D1, groupBy: 'unit' })
})
afterAll(() => {
  db.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

describe('KPI formulas on a hand-made day', () => {
  it('counts what happened to the ten cases reported on the day', () => {
    expect(live.total.counts).toEqual({
      reports: 10,
      validReports: 9, // J was merged into C
      filed: 7, // A B C E F H I; D rejected, G waiting, J merged
      notAccepted: 1,
      dispatches: 8, // A B C F once, E and H twice
      returns: 1, // E
      handled: 4, // A B E H
      handlingDue: 5, // A B E H fed back, C past its limit; F is paused inside it
      handledOnTime: 3, // A E H (B took 150 of 120 min)
      reworked: 1, // E
      extensions: 1, // E
      closeDue: 5, // A B E H closed, C open past its whole limit; F suspended; I inside its whole limit
      closed: 4,
      closedOnTime: 3, // A E H
      closedLate: 1, // B
      openOverdue: 2, // C (handling and whole), I (dispatch)
      followUps: 3, // B, H twice
      satisfiedFollowUps: 2, // B satisfied, H fairly satisfied the second time
      evaluated: 1,
    })
  })

  it('computes every rate by its docs/domain.md formula', () => {
    expect(live.total.rates).toEqual({
      filing: 7 / 9,
      onTimeHandling: 3 / 5,
      closure: 4 / 5,
      onTimeClosure: 3 / (4 + 2), // closed on time / (closed + still open and overdue)
      rework: 1 / 4,
      return: 1 / 8,
      extension: 1 / 7,
      satisfaction: 2 / 3,
    })
    expect(live.total.overdue).toBe(3) // C and I open overdue + B closed late
  })

  it('averages the step times in minutes', () => {
    expect(live.total.averages).toEqual({
      toFileMinutes: 12.1, // (10 + 20 + 5 + 5 + 5 + 10 + 30) / 7
      toDispatchMinutes: 7.5, // (10 + 10 + 5 + 5 + 5 + 10) / 6
      toHandleMinutes: 120, // (60 + 150 + 110 + 160) / 4, first dispatch to last feedback
      toCloseMinutes: 177.5, // (100 + 270 + 130 + 210) / 4
      evaluationScore: 4,
    })
  })

  it('counts states, channels and categories', () => {
    expect(live.total.byState).toMatchObject({
      closed: 3,
      evaluated: 1,
      in_progress: 1,
      not_accepted: 1,
      suspended: 1,
      pending_filing: 1,
      pending_dispatch: 1,
      merged: 1,
      dispatched: 0,
    })
    expect(Object.fromEntries(live.byChannel.map((c) => [c.source, c.reports]))).toEqual({
      terminal: 2,
      hotline: 4,
      walk_in: 1,
      patrol: 1,
      camera: 1,
      district: 1,
    })
    expect(live.topCategories).toEqual([
      { code: 'C0101', name: '井盖缺失', reports: 9 },
      { code: 'C0102', name: '井盖破损', reports: 1 },
    ])
  })

  it('ranks units by the unit each case was last dispatched to', () => {
    const byKey = Object.fromEntries(live.groups.map((g) => [g.key, g]))
    expect(live.groups.map((g) => [g.key, g.figures.counts.reports])).toEqual([
      ['-', 4],
      ['unit:U01', 4],
      ['team:T01', 1],
      ['worker:W0001', 1],
    ])
    expect(byKey['unit:U01']!.label).toBe('市政所')
    expect(byKey['unit:U01']!.figures.counts).toMatchObject({ dispatches: 5, closed: 3, closedLate: 1 }) // A, B (evaluated), H; F is suspended
    expect(byKey['worker:W0001']!.figures.counts).toMatchObject({ dispatches: 2, returns: 1, reworked: 1 })
    const top = reportOf({ from: D1, to: D1, groupBy: 'unit', limit: 2 })
    expect(top.groups.map((g) => g.key)).toEqual(['-', 'unit:U01'])
    expect(top.groupsTotal).toBe(4)
  })

  it('groups by grid and by day, and compares with the day before and the year before', () => {
    const grids = reportOf({ from: D1, to: D1, groupBy: 'grid' }).groups
    expect(grids.map((g) => [g.key, g.label, g.figures.counts.reports, g.figures.counts.closed])).toEqual([
      ['G01', '第一网格', 6, 2],
      ['G02', '第二网格', 4, 2],
    ])
    const days = reportOf({ from: '2026-03-01', to: D1, groupBy: 'day' })
    expect(days.groups.map((g) => [g.key, g.figures.counts.reports])).toEqual([
      ['2026-03-01', 1],
      [D1, 10],
    ])
    expect(live.previous).toMatchObject({ from: '2026-03-01', to: '2026-03-01' })
    expect(live.previous.figures.counts).toMatchObject({ reports: 1, closed: 1, closedOnTime: 1 })
    expect(live.previous.figures.rates.onTimeClosure).toBe(1)
    // L waited at intake for a year: open and overdue as of now.
    expect(live.yearBefore).toMatchObject({ from: '2025-03-02', to: '2025-03-02' })
    expect(live.yearBefore.figures.counts).toMatchObject({ reports: 1, openOverdue: 1, closed: 0 })
    expect(live.yearBefore.figures.rates.onTimeClosure).toBe(0)
  })

  it('sums day and month rows alike over a range that spans months', () => {
    const wide = reportOf({ from: '2025-02-15', to: '2026-03-31' })
    expect(wide.total.counts.reports).toBe(12)
    expect(reportOf({ from: '2026-03-01', to: '2026-03-31' }).total.counts.reports).toBe(11)
  })
})

describe('the projector', () => {
  it('rebuilds the same figures from the event stream after a restart, from scratch or from a checkpoint', () => {
    const log = createLogger('silent')
    const groupings = ['unit', 'grid', 'day', 'source'] as const
    const liveReports = groupings.map((groupBy) => kpi.report({ from: '2025-01-01', to: D1, groupBy }))
    store.reset()
    const half = createKpiProjector({ store, log, batchSize: 10 })
    half.catchUp(40)
    expect(store.checkpoint()).toBe(40)
    // A new process: a fresh store reads the counts back, a fresh projector resumes from the checkpoint.
    const reopened = createKpiStore(db)
    expect(reopened.bucketCount()).toBe(store.bucketCount())
    const restarted = createKpiProjector({ store: reopened, log, batchSize: 1000 })
    expect(restarted.seq()).toBe(40)
    expect(restarted.behind()).toBeGreaterThan(0)
    restarted.catchUp()
    expect(restarted.behind()).toBe(0)
    const reference = createSqliteReferenceRepository(db)
    const again = createKpiService({ store: reopened, projector: restarted, reference, now: () => clock })
    groupings.forEach((groupBy, i) => expect(again.report({ from: '2025-01-01', to: D1, groupBy })).toEqual(liveReports[i]))
    expect(again.report({ from: D1, to: D1, groupBy: 'unit' })).toEqual(live)
  })
})
