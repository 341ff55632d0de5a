import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { CreateCaseBody, StreamEvent } from '@shared/schemas/caseApi'
import { AppError } from '../core/appError'
import { createKpiStore } from '../kpi/kpiStore'
import { createSqliteReferenceRepository } from '../reference/referenceRepository'
import { type Db, openDatabase } from '../store/database'
import type { Actor } from './actor'
import { createCaseLocator } from './caseLocator'
import { createCaseReferences } from './caseReferences'
import { type CaseRepository, createSqliteCaseRepository } from './caseRepository'
import { type CaseService, codeDayOf, createCaseService, maskPhone } from './caseService'
import { TEST_POINTS, testReference } from './caseTestReference'

const worker: Actor = { id: 'W0001', role: 'grid_worker' }
const intakeOp: Actor = { id: 'op1', role: 'intake' }
const dispatcher: Actor = { id: 'dp1', role: 'dispatcher' }

let dir: string
let db: Db
let repo: CaseRepository
let service: CaseService
let clock: Date
let ids: number

function build(replayLimit = 5000) {
  repo = createSqliteCaseRepository(db)
  const reference = createSqliteReferenceRepository(db)
  service = createCaseService({
    repo,
    references: createCaseReferences(reference),
    locate: createCaseLocator(reference),
    replayLimit,
    now: () => clock,
    newId: () => `case-${String(++ids).padStart(4, '0')}`,
  })
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'case-service-'))
  db = openDatabase(path.join(dir, 'wall.db'))
  createSqliteReferenceRepository(db).replaceAll(testReference(), 'test')
  // 01:00 on 28 Nov in Beijing, still 27 Nov in UTC: the case number must use Beijing's day.
  clock = new Date('2026-11-27T17:00:00.000Z')
  ids = 0
  build()
})
afterEach(() => {
  db.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

const body = (over: Record<string, unknown> = {}) =>
  CreateCaseBody.parse({
    source: 'hotline',
    categoryCode: 'C0101',
    title: '井盖缺失',
    description: '路口井盖不见了',
    location: TEST_POINTS.inG02,
    address: '鼓楼东大街 12 号',
    reporterName: '李女士',
    reporterPhone: '+86 138-1234-5678',
    ...over,
  })

function codeOf(fn: () => unknown): string {
  try {
    fn()
  } catch (err) {
    if (err instanceof AppError) return err.code
    throw err
  }
  return 'no error'
}

const events = () => repo.eventsBetween(0, repo.lastSeq(), 10_000)

describe('intake', () => {
  it('files a case in its grid, numbered by the Beijing day, urgent from its category', () => {
    const { created, case: c } = service.intake(worker, body(), null)
    expect(created).toBe(true)
    expect(c).toMatchObject({
      code: 'GL-20261128-0001',
      gridId: 'G02',
      communityId: 'CM02',
      state: 'pending_filing',
      version: 1,
      urgent: true,
      assignee: null,
      createdAt: '2026-11-27T17:00:00.000Z',
    })
    expect(service.intake(worker, body({ categoryCode: 'C0102' }), null).case).toMatchObject({
      code: 'GL-20261128-0002',
      urgent: false,
    })
    expect(codeDayOf(new Date('2026-11-28T16:00:00Z'))).toBe('20261129')
  })

  it('stores the full phone in its own column only; the case, history and event show it masked', () => {
    const { case: c } = service.intake(worker, body(), null)
    expect(c.reporterPhone).toBe('138****5678')
    const row = db.prepare('SELECT reporter_phone, data FROM cases WHERE id = ?').get(c.id) as { reporter_phone: string; data: string }
    expect(row.reporter_phone).toBe('13812345678')
    expect(row.data).not.toContain('13812345678')
    const stored = JSON.stringify([service.get(c.id), events(), db.prepare('SELECT * FROM case_history').all()])
    expect(stored).not.toContain('12345678')
    expect(stored).toContain('138****5678')
    expect(maskPhone('69041234')).toBe('****1234')
  })

  it('writes the first history entry and one event in the same commit', () => {
    const { case: c } = service.intake(worker, body({ photos: ['p/1.jpg'] }), null)
    expect(service.get(c.id).history).toEqual([
      expect.objectContaining({ action: 'report', from: null, to: 'pending_filing', actorId: 'W0001', actorRole: 'grid_worker', photos: ['p/1.jpg'] }),
    ])
    const [event] = events()
    expect(StreamEvent.parse(event)).toMatchObject({ seq: 1, type: 'reported', caseId: c.id, case: c })
  })

  it('stores event snapshots deflated, and reads events stored as plain JSON before that', () => {
    const { case: c } = service.intake(worker, body(), null)
    const { data } = db.prepare('SELECT data FROM events WHERE seq = 1').get() as { data: unknown }
    expect(Buffer.isBuffer(data)).toBe(true)
    expect((data as Buffer).length).toBeLessThan(JSON.stringify(c).length * 0.6)
    // A row of a store written before: plain JSON text, never rewritten (the table is append-only).
    db.prepare("INSERT INTO events (type, case_id, action, at, data) VALUES ('reported', ?, 'report', ?, ?)").run(c.id, c.createdAt, JSON.stringify(c))
    expect(events().map((e) => e.case)).toEqual([c, c])
    expect(createKpiStore(db).eventsAfter(0, 10).map((e) => JSON.parse(e.data) as unknown)).toEqual([c, c])
  })

  it('refuses an unknown category, a place outside the street or in no grid, and a role that cannot report', () => {
    expect(codeOf(() => service.intake(worker, body({ categoryCode: 'C9999' }), null))).toBe('UNKNOWN_CATEGORY')
    expect(codeOf(() => service.intake(worker, body({ location: TEST_POINTS.outside }), null))).toBe('OUTSIDE_STREET')
    expect(() => service.intake(worker, body({ location: TEST_POINTS.inStreetNoGrid }), null)).toThrow(/in no grid/)
    expect(() => service.intake(worker, body({ location: TEST_POINTS.outside }), null)).toThrow(/outside 鼓楼街道/)
    expect(codeOf(() => service.intake({ id: 'wall1', role: 'wall_display' }, body(), null))).toBe('ROLE_FORBIDDEN')
    expect(repo.lastSeq()).toBe(0)
  })
})

describe('idempotency', () => {
  it('returns the same case for the same key and body, however the body is ordered', () => {
    const first = service.intake(worker, body(), 'k-1')
    const reordered = CreateCaseBody.parse(Object.fromEntries(Object.entries(body()).reverse()))
    const again = service.intake(worker, reordered, 'k-1')
    expect(first.created).toBe(true)
    expect(again).toEqual({ created: false, case: first.case })
    expect(events()).toHaveLength(1)
  })

  it('refuses the same key with a different body, and scopes keys to the actor', () => {
    service.intake(worker, body(), 'k-1')
    expect(codeOf(() => service.intake(worker, body({ title: '别的事' }), 'k-1'))).toBe('IDEMPOTENCY_MISMATCH')
    expect(service.intake({ id: 'W0002', role: 'grid_worker' }, body(), 'k-1').created).toBe(true)
    expect(codeOf(() => service.intake(worker, body(), 'bad key with spaces'))).toBe('VALIDATION_FAILED')
  })
})

describe('transitions', () => {
  it('applies the machine, bumps the version and appends history with actor, reason and assignee', () => {
    const { case: c } = service.intake(worker, body(), null)
    clock = new Date('2026-11-27T17:05:00.000Z')
    const filed = service.transition(intakeOp, c.id, { action: 'file', version: 1, photos: [] })
    expect(filed).toMatchObject({ state: 'pending_dispatch', version: 2, updatedAt: '2026-11-27T17:05:00.000Z' })
    const assignee = { kind: 'team' as const, id: 'T01' }
    const sent = service.transition(dispatcher, c.id, { action: 'dispatch', version: 2, assignee, notes: '尽快', photos: [] })
    expect(sent).toMatchObject({ state: 'dispatched', version: 3, assignee })
    expect(service.get(c.id).history.map((h) => [h.action, h.from, h.to, h.actorId, h.assignee])).toEqual([
      ['report', null, 'pending_filing', 'W0001', null],
      ['file', 'pending_filing', 'pending_dispatch', 'op1', null],
      ['dispatch', 'pending_dispatch', 'dispatched', 'dp1', assignee],
    ])
    expect(events().map((e) => [e.seq, e.type, e.action, e.case.version])).toEqual([
      [1, 'reported', 'report', 1],
      [2, 'transitioned', 'file', 2],
      [3, 'transitioned', 'dispatch', 3],
    ])
  })

  it('refuses a stale version with the current case, and an unknown assignee; neither writes anything', () => {
    const { case: c } = service.intake(worker, body(), null)
    service.transition(intakeOp, c.id, { action: 'file', version: 1, photos: [] })
    try {
      service.transition(intakeOp, c.id, { action: 'reject', version: 1, reason: '重复', photos: [] })
      expect.unreachable()
    } catch (err) {
      expect(err).toMatchObject({ code: 'VERSION_CONFLICT', details: { case: { id: c.id, version: 2 } } })
    }
    const ghost = { kind: 'worker' as const, id: 'W9999' }
    expect(codeOf(() => service.transition(dispatcher, c.id, { action: 'dispatch', version: 2, assignee: ghost, photos: [] }))).toBe(
      'VALIDATION_FAILED',
    )
    expect(service.transition(dispatcher, c.id, { action: 'dispatch', version: 2, assignee: { kind: 'worker', id: 'W0001' }, photos: [] }).version).toBe(3)
    expect(service.get(c.id).history).toHaveLength(3)
    expect(repo.lastSeq()).toBe(3)
  })

  it('commits what runs alongside a transition with it: if that fails, the case does not move and no event is numbered', () => {
    const { case: c } = service.intake(worker, body(), null)
    const seen: number[] = []
    expect(() =>
      service.transition(intakeOp, c.id, { action: 'file', version: 1, photos: [] }, () => {
        throw new Error('audit log unavailable')
      }),
    ).toThrow('audit log unavailable')
    expect(service.current(c.id)).toMatchObject({ state: 'pending_filing', version: 1 })
    expect(service.get(c.id).history).toHaveLength(1)
    expect(repo.lastSeq()).toBe(1)
    const filed = service.transition(intakeOp, c.id, { action: 'file', version: 1, photos: [] }, (next) => seen.push(next.version))
    expect(seen).toEqual([filed.version])
    expect(repo.lastSeq()).toBe(2)
  })

  it('maps machine refusals to their error codes', () => {
    const { case: c } = service.intake(worker, body(), null)
    expect(codeOf(() => service.transition(intakeOp, c.id, { action: 'close', version: 1, photos: [] }))).toBe('ILLEGAL_TRANSITION')
    expect(codeOf(() => service.transition(dispatcher, c.id, { action: 'file', version: 1, photos: [] }))).toBe('ROLE_FORBIDDEN')
    expect(codeOf(() => service.transition(intakeOp, c.id, { action: 'reject', version: 1, reason: '  ', photos: [] }))).toBe('REASON_REQUIRED')
    expect(codeOf(() => service.transition(intakeOp, 'nope', { action: 'file', version: 1, photos: [] }))).toBe('NOT_FOUND')
  })

  it('the repository refuses a write whose version moved underneath it, inside the transaction', () => {
    const { case: c } = service.intake(worker, body(), null)
    const entry = { ...service.get(c.id).history[0]!, action: 'file' as const, from: 'pending_filing' as const, to: 'pending_dispatch' as const }
    const next = { ...c, state: 'pending_dispatch' as const, version: 2 }
    expect(repo.update(next, 1, entry)).toMatchObject({ ok: true, seq: 2 })
    // A second writer that read version 1 too: the conditional UPDATE matches no row.
    expect(repo.update({ ...next, state: 'not_accepted' }, 1, entry)).toEqual({ ok: false, current: next })
    expect(repo.history(c.id)).toHaveLength(2)
    expect(repo.lastSeq()).toBe(2)
  })

  it('keeps the history append-only at the storage level', () => {
    service.intake(worker, body(), null)
    expect(() => db.prepare('DELETE FROM case_history').run()).toThrow(/append-only/)
    expect(() => db.prepare("UPDATE events SET type = 'x'").run()).toThrow(/append-only/)
  })
})

describe('event stream', () => {
  it('numbers committed changes without gaps, failed attempts taking no number', () => {
    for (let i = 0; i < 5; i++) {
      const { case: c } = service.intake(worker, body({ title: `事 ${i}` }), null)
      codeOf(() => service.intake(worker, body({ categoryCode: 'C9999' }), null))
      codeOf(() => service.transition(intakeOp, c.id, { action: 'close', version: 1, photos: [] }))
      service.transition(intakeOp, c.id, { action: 'file', version: 1, photos: [] })
    }
    expect(events().map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
  })

  it('replays a window, or says reload when too far behind or ahead of the store', () => {
    build(3)
    for (let i = 0; i < 5; i++) service.intake(worker, body({ title: `事 ${i}` }), null)
    expect(service.events({ since: 2, limit: 10 })).toMatchObject({ lastSeq: 5, hasMore: false, reload: false })
    expect(service.events({ since: 2, limit: 10 }).events.map((e) => e.seq)).toEqual([3, 4, 5])
    expect(service.events({ since: 2, limit: 2 })).toMatchObject({ hasMore: true })
    expect(service.events({ since: 1, limit: 10 })).toMatchObject({ events: [], reload: true })
    expect(service.events({ since: 9, limit: 10 })).toMatchObject({ events: [], reload: true })
    const replay = service.replay(2, 4)
    expect(replay.reload ? [] : replay.events.map((e) => e.seq)).toEqual([3, 4])
    expect(service.replay(4, 4)).toEqual({ reload: false, events: [] })
    expect(service.replay(0, 4)).toEqual({ reload: true })
  })

  it('calls listeners after each commit in seq order, and one failing listener does not starve the next', () => {
    const seen: number[] = []
    service.onChange(() => {
      throw new Error('broken subscriber')
    })
    const off = service.onChange((change) => seen.push(change.seq))
    const { case: c } = service.intake(worker, body(), null)
    service.transition(intakeOp, c.id, { action: 'file', version: 1, photos: [] })
    off()
    service.transition(dispatcher, c.id, { action: 'return_to_intake', version: 2, reason: '非本部门', photos: [] })
    expect(seen).toEqual([1, 2])
  })
})

describe('queries', () => {
  it('filters and pages newest first with an opaque cursor, each case exactly once', () => {
    for (let i = 0; i < 7; i++) {
      clock = new Date(Date.UTC(2026, 10, 20 + (i % 3), 2, 0, 0))
      service.intake(worker, body({ title: `事 ${i}`, location: i % 2 ? TEST_POINTS.inG01 : TEST_POINTS.inG02, source: i < 3 ? 'patrol' : 'hotline' }), null)
    }
    const seen: string[] = []
    let cursor: string | undefined
    do {
      const page = service.list({ limit: 3, cursor })
      seen.push(...page.items.map((c) => c.id))
      expect(page.seq).toBe(7)
      cursor = page.nextCursor ?? undefined
    } while (cursor)
    expect(new Set(seen).size).toBe(7)
    const all = service.list({ limit: 50 }).items
    expect(all.map((c) => c.id)).toEqual(seen)
    const created = all.map((c) => c.createdAt)
    expect([...created].sort().reverse()).toEqual(created)

    expect(service.list({ limit: 50, gridId: 'G01' }).items).toHaveLength(3)
    expect(service.list({ limit: 50, communityId: 'CM02', source: 'patrol' }).items).toHaveLength(2)
    expect(service.list({ limit: 50, q: '事 4' }).items.map((c) => c.title)).toEqual(['事 4'])
    expect(service.list({ limit: 50, q: '100%' }).items).toHaveLength(0)
    expect(service.list({ limit: 50, q: 'gl-2026112' }).items).toHaveLength(7)
    expect(service.list({ limit: 50, from: '2026-11-21T00:00:00Z', to: '2026-11-22T00:00:00Z' }).items).toHaveLength(2)
    expect(service.list({ limit: 50, overdue: true }).items).toHaveLength(0)
    expect(codeOf(() => service.list({ limit: 5, cursor: 'bm90LWEtY3Vyc29y' }))).toBe('VALIDATION_FAILED')
  })

  it('filters by several states and by assignee', () => {
    const a = service.intake(worker, body(), null).case
    service.intake(worker, body(), null)
    service.transition(intakeOp, a.id, { action: 'file', version: 1, photos: [] })
    service.transition(dispatcher, a.id, { action: 'dispatch', version: 2, assignee: { kind: 'unit', id: 'U01' }, photos: [] })
    expect(service.list({ limit: 50, state: ['dispatched'] }).items.map((c) => c.id)).toEqual([a.id])
    expect(service.list({ limit: 50, state: ['dispatched', 'pending_filing'] }).items).toHaveLength(2)
    expect(service.list({ limit: 50, unit: 'U01' }).items.map((c) => c.id)).toEqual([a.id])
  })
})
