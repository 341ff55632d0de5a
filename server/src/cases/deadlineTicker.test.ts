import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { io } from 'socket.io-client'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { CaseAction } from '@shared/schemas/case'
import { CaseChanged, CreateCaseBody, type TransitionBody } from '@shared/schemas/caseApi'
import { createApp } from '../app'
import { loadTestConfig } from '../testing/testConfig'
import { createLogger } from '../core/logger'
import { createSqliteReferenceRepository } from '../reference/referenceRepository'
import { type Db, openDatabase } from '../store/database'
import type { Actor } from './actor'
import { createCaseLocator } from './caseLocator'
import { createCaseReferences } from './caseReferences'
import { type CaseRepository, createSqliteCaseRepository } from './caseRepository'
import { type CaseService, createCaseService } from './caseService'
import { TEST_POINTS, testReference } from './caseTestReference'
import { type DeadlineTicker, createDeadlineTicker } from './deadlineTicker'
import { DEFAULT_HOLIDAYS } from './holidayCalendar'

const MIN = 60_000
const bj = (local: string) => new Date(`${local}:00+08:00`)
const intakeOp: Actor = { id: 'op1', role: 'intake' }
const dispatcher: Actor = { id: 'dp1', role: 'dispatcher' }
const handler: Actor = { id: 'uh1', role: 'unit_handler' }

let dir: string
let db: Db
let repo: CaseRepository
let service: CaseService
let ticker: DeadlineTicker
let clock: Date
let ids: number

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deadline-ticker-'))
  db = openDatabase(path.join(dir, 'wall.db'))
  const reference = createSqliteReferenceRepository(db)
  reference.replaceAll(testReference(), 'test')
  repo = createSqliteCaseRepository(db)
  const references = createCaseReferences(reference)
  const now = () => clock
  service = createCaseService({
    repo,
    references,
    locate: createCaseLocator(reference),
    replayLimit: 5000,
    calendar: DEFAULT_HOLIDAYS,
    now,
    newId: () => `case-${String(++ids).padStart(4, '0')}`,
  })
  ticker = createDeadlineTicker({
    repo,
    references,
    calendar: DEFAULT_HOLIDAYS,
    publish: (change) => service.publish(change),
    log: createLogger('silent'),
    intervalMs: 15_000,
    now,
    batchSize: 2,
  })
  ids = 0
})
afterEach(() => {
  db.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

const at = (d: Date) => (clock = d)
const later = (ms: number) => (clock = new Date(clock.getTime() + ms))

/** C0101 is 2 urgent hours, C0102 2 working days (caseTestReference). */
function report(categoryCode: string, lng = TEST_POINTS.inG01.lng) {
  const body = CreateCaseBody.parse({ source: 'terminal', categoryCode, title: 't', location: { lng, lat: TEST_POINTS.inG01.lat } })
  return service.intake({ id: 'W0001', role: 'grid_worker' }, body, null).case
}
function act(id: string, actor: Actor, action: CaseAction, extra: Partial<TransitionBody> = {}) {
  const version = service.get(id).version
  return service.transition(actor, id, { action: action as TransitionBody['action'], version, photos: [], ...extra })
}
function dispatched(categoryCode: string, lng?: number) {
  const c = report(categoryCode, lng)
  act(c.id, intakeOp, 'file')
  return act(c.id, dispatcher, 'dispatch', { assignee: { kind: 'unit', id: 'U01' } })
}
const events = () => repo.eventsBetween(0, repo.lastSeq(), 10_000)
const clockEvents = (caseId: string) => events().filter((e) => e.caseId === caseId && e.action === 'clock')

describe('deadline ticker', () => {
  it('emits at-risk, then overdue exactly once, however often it ticks', () => {
    at(bj('2026-11-25T08:00'))
    const c = dispatched('C0101')
    expect(c.deadline).toBe(bj('2026-11-25T10:00').toISOString())
    for (let i = 0; i < 3; i++) expect(ticker.tick()).toBe(0)
    later(96 * MIN + 1)
    expect(ticker.tick()).toBe(1)
    expect(ticker.tick()).toBe(0)
    later(24 * MIN)
    expect(ticker.tick()).toBe(1)
    for (let i = 0; i < 5; i++) {
      later(MIN)
      expect(ticker.tick()).toBe(0)
    }
    const seen = clockEvents(c.id)
    expect(seen.map((e) => [e.type, e.case.atRisk, e.case.overdue])).toEqual([
      ['at_risk', true, false],
      ['overdue', false, true],
    ])
    // The clock is not a decision: the version is the dispatch's, so an open form stays valid.
    expect(seen.every((e) => e.case.version === c.version)).toBe(true)
    // Figures are as of the last write (timersAsOf), so a snapshot plus the stream equals the store.
    expect(service.get(c.id)).toMatchObject({ overdue: true, remainingMs: -1, timersAsOf: seen[1]!.at, version: c.version })
    expect(service.list({ limit: 10, overdue: true }).items.map((x) => x.id)).toEqual([c.id])
    // The whole case (4 h) turns at risk and late later, each once more.
    later(3 * 60 * MIN)
    expect(ticker.tick()).toBe(1)
    expect(clockEvents(c.id).at(-1)).toMatchObject({ type: 'overdue', case: { timers: { whole: { late: true } } } })
    expect(ticker.tick()).toBe(0)
  })

  it('broadcasts each flag change to listeners with the next gap-free seq', () => {
    at(bj('2026-11-25T08:00'))
    const seqs: number[] = []
    service.onChange((change) => seqs.push(change.seq))
    for (let i = 0; i < 5; i++) dispatched('C0101', 116.805 + i * 0.002)
    later(2 * 60 * MIN + 1)
    // Five cases in batches of two: every one is found, each once (at risk and overdue at once: one event).
    expect(ticker.tick()).toBe(5)
    expect(events().map((e) => e.seq)).toEqual(Array.from({ length: 20 }, (_v, i) => i + 1))
    expect(seqs).toEqual(events().map((e) => e.seq))
    expect(events().slice(-5).every((e) => e.type === 'overdue' && e.case.overdue)).toBe(true)
  })

  it('does not run the clock over a weekend and a holiday', () => {
    // Dispatched Wednesday 30 Sep 16:00, before the National Day break: 2 working days.
    at(bj('2026-09-30T16:00'))
    const c = dispatched('C0102')
    expect(c.deadline).toBe(bj('2026-10-09T16:00').toISOString())
    at(bj('2026-10-07T23:00'))
    expect(ticker.tick()).toBe(0)
    expect(service.get(c.id).atRisk).toBe(false)
    // At-risk after 80% of 16 office hours: 12.8 h, reached on Friday 9 Oct at 10:48.
    at(bj('2026-10-09T10:48'))
    expect(ticker.tick()).toBe(0)
    at(bj('2026-10-09T10:49'))
    expect(ticker.tick()).toBe(1)
    at(bj('2026-10-09T16:01'))
    expect(ticker.tick()).toBe(1)
    expect(clockEvents(c.id).map((e) => e.type)).toEqual(['at_risk', 'overdue'])
  })

  it('a suspended case does not become overdue; resumed, its deadline moves by the pause', () => {
    at(bj('2026-11-25T08:00'))
    const c = dispatched('C0101')
    act(c.id, handler, 'accept')
    act(c.id, handler, 'request_suspension', { reason: '等待燃气公司' })
    later(30 * MIN)
    expect(act(c.id, dispatcher, 'approve_suspension')).toMatchObject({ state: 'suspended', deadline: null, remainingMs: 90 * MIN })
    later(10 * 60 * MIN)
    expect(ticker.tick()).toBe(0)
    expect(service.get(c.id).overdue).toBe(false)
    const resumed = act(c.id, dispatcher, 'resume')
    expect(resumed.deadline).toBe(new Date(clock.getTime() + 90 * MIN).toISOString())
    later(90 * MIN + 1)
    expect(ticker.tick()).toBe(1)
    expect(clockEvents(c.id).map((e) => e.type)).toEqual(['overdue'])
  })

  it('an approved extension extends the deadline by one original limit and clears at-risk', () => {
    at(bj('2026-11-25T08:00'))
    const c = dispatched('C0101')
    later(100 * MIN)
    expect(ticker.tick()).toBe(1)
    act(c.id, handler, 'request_extension', { reason: '需要更换井座' })
    const extended = act(c.id, dispatcher, 'approve_extension')
    expect(extended).toMatchObject({ extensions: 1, atRisk: false, overdue: false, deadline: bj('2026-11-25T12:00').toISOString() })
    later(60 * MIN)
    expect(ticker.tick()).toBe(0)
  })

  it('records a late close: closedAt and closedLate from the whole-case timer', () => {
    at(bj('2026-11-25T08:00'))
    const c = dispatched('C0101')
    act(c.id, handler, 'accept')
    act(c.id, handler, 'feedback', { notes: '已盖好' })
    later(5 * 60 * MIN)
    expect(act(c.id, intakeOp, 'close')).toMatchObject({ closedAt: clock.toISOString(), closedLate: true, overdue: false, deadline: null })
  })

  it('reads only the cases due, by index', () => {
    const plan = db.prepare(`EXPLAIN QUERY PLAN SELECT data FROM cases WHERE next_flag_at <= ? ORDER BY next_flag_at LIMIT ?`).all('x', 1)
    expect(JSON.stringify(plan)).toMatch(/USING INDEX cases_next_flag/)
  })

  it('rebuilds the timers of a case stored before timers existed', () => {
    at(bj('2026-11-25T08:00'))
    const c = dispatched('C0101')
    const legacy = { ...c } as Record<string, unknown>
    const added = ['timers', 'timersAsOf', 'deadline', 'remainingMs', 'atRisk', 'overdue', 'closedAt', 'closedLate', 'mergedReports']
    for (const key of added) delete legacy[key]
    db.prepare("UPDATE cases SET data = ?, next_flag_at = '' WHERE id = ?").run(JSON.stringify(legacy), c.id)
    expect(ticker.tick()).toBe(0)
    expect(service.get(c.id)).toEqual({ ...c, history: service.get(c.id).history })
  })
})

describe('deadline ticker in the app', () => {
  it('starts with createApp, pushes case:changed to wall clients, and stops with close()', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'deadline-app-'))
    let now = bj('2026-11-25T08:00')
    const wall = createApp({ config: loadTestConfig({ LOG_LEVEL: 'silent', DATA_DIR: dataDir, SIM: '0', DEMO_ACCOUNTS: '0', DEADLINE_TICK_MS: '100' }), now: () => now, print: () => undefined })
    try {
      const { port } = await wall.listen(0, '127.0.0.1')
      const category = wall.reference.categories().find((x) => x.timeLimit.kind === 'urgent_hours')!
      const grid = wall.reference.grids()[0]!
      const ring = grid.boundary.coordinates[0]!
      const point = { lng: (ring[0]![0]! + ring[2]![0]!) / 2, lat: (ring[0]![1]! + ring[2]![1]!) / 2 }
      const body = CreateCaseBody.parse({ source: 'hotline', categoryCode: category.code, title: '燃气味', location: point })
      let c = wall.cases.intake({ id: 'op1', role: 'intake' }, body, null).case
      c = wall.cases.transition({ id: 'op1', role: 'intake' }, c.id, { action: 'file', version: c.version, photos: [] })
      const screen = await wall.auth.createUser({ username: 'screen', displayName: 'screen', role: 'wall_display', password: null })
      const token = wall.auth.issueApiToken(screen.id, 3_600_000)
      const socket = io(`http://127.0.0.1:${port}`, { transports: ['websocket'], reconnection: false, extraHeaders: { authorization: `Bearer ${token}` } })
      const received: CaseChanged[] = []
      socket.on('case:changed', (p) => received.push(CaseChanged.parse(p)))
      await new Promise((resolve) => socket.once('server:hello', resolve))
      now = new Date(now.getTime() + 31 * MIN)
      const deadline = Date.now() + 5000
      while (!received.some((p) => p.case.id === c.id && p.case.overdue) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
      expect(received.find((p) => p.case.overdue)).toMatchObject({ case: { id: c.id, state: 'pending_dispatch', overdue: true } })
      socket.disconnect()
    } finally {
      await wall.close()
      fs.rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
