import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { type Db, openDatabase } from '../store/database'
import { type Session, signIn } from '../testing/httpAuth'
import { type TestApp, startTestApp } from '../testing/testApp'
import { type AuditLog, createSqliteAuditLog } from './auditLog'
import { handshake, request } from './authTestSupport'
import { neutralText } from './auditWindows'

describe('anonymous entries in the audit log', () => {
  let dir: string
  let db: Db
  let clock: number
  let audit: AuditLog
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-'))
    db = openDatabase(path.join(dir, 'wall.db'))
    clock = Date.parse('2026-03-02T08:00:00Z')
    audit = createSqliteAuditLog(db, () => new Date(clock))
  })
  afterEach(() => {
    db.close()
    fs.rmSync(dir, { recursive: true, force: true })
  })
  const rows = () => audit.list({ limit: 500 }).items.reverse()
  const refusal = (ip: string) => ({ actorId: null, actorRole: null, action: 'socket.origin', target: 'http://evil.example', outcome: 'refused' as const, ip })

  it('keep one row per source a minute, and the count of the rest when the minute is over', () => {
    for (let i = 0; i < 200; i++) audit.record(refusal('10.0.0.9'))
    expect(rows()).toHaveLength(1)
    clock += 60_000
    audit.record(refusal('10.0.0.9'))
    expect(rows().map((r) => [r.target, r.details])).toEqual([
      ['http://evil.example', null],
      [null, { repeats: 199, from: '2026-03-02T08:00:00.000Z', to: '2026-03-02T08:01:00.000Z' }],
      ['http://evil.example', null],
    ])
  })

  it('keep sources apart, and write what is held on flush', () => {
    audit.record(refusal('10.0.0.1'))
    audit.record(refusal('10.0.0.2'))
    audit.record(refusal('10.0.0.2'))
    expect(rows().map((r) => r.ip)).toEqual(['10.0.0.1', '10.0.0.2'])
    audit.flush()
    expect(rows().map((r) => [r.ip, r.details?.['repeats'] ?? null])).toEqual([['10.0.0.1', null], ['10.0.0.2', null], ['10.0.0.2', 1]])
  })

  it('are not what a signed-in actor does: those are all written', () => {
    for (let i = 0; i < 5; i++) audit.record({ actorId: 'u1', actorRole: 'leader', action: 'access.denied', target: 'GET /audit', outcome: 'refused', ip: '10.0.0.3' })
    expect(rows()).toHaveLength(5)
  })

  it('store a short, single-line, printable text whatever the caller sent', () => {
    audit.record({ ...refusal('10.0.0.4'), target: `admin\u202E\u0000\n${'x'.repeat(500)}` })
    const target = rows()[0]!.target!
    expect(Array.from(target).length).toBeLessThanOrEqual(64)
    expect(target).toMatch(/^admin x+…$/)
    expect(neutralText('\u200Bzero\tand\u0007bell', 64)).toBe('zero and bell')
  })
})

describe('a flood of refused foreign-Origin handshakes', () => {
  let t: TestApp
  let admin: Session
  beforeAll(async () => {
    t = await startTestApp()
    admin = await signIn(t.url, 'admin', t.adminPassword)
  })
  afterAll(async () => {
    await t.close()
  })

  it('leaves one row with a neutral origin, not one per request with the caller\'s text', async () => {
    const junk = `http://${'a'.repeat(150)}.example/<script>${'x'.repeat(100)}`
    for (let i = 0; i < 40; i++) expect((await handshake(t.url, { origin: i % 2 ? 'http://evil.example' : junk })).socket).toBeNull()
    const audit = await request(`${t.url}/api/v1/audit?action=socket.origin`, { headers: admin.headers })
    const items = audit.body['items'] as { target: string; ip: string }[]
    expect(items).toHaveLength(1)
    // Scheme and host as a URL parser read them, capped; never the path the caller appended.
    expect(items[0]!.target).toBe(`http://${'a'.repeat(56)}…`)
  })
})
