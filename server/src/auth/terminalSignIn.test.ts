import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TERMINAL_SESSION_DAYS } from '@shared/schemas/auth'
import { CaseWithHistory } from '@shared/schemas/caseApi'
import { type DemoFacts, caller, demoFacts, reportBody } from '../cases/caseTestHelpers'
import { type Session, signIn } from '../testing/httpAuth'
import { type TestApp, startTestApp } from '../testing/testApp'
import { handshake, request } from './authTestSupport'

let t: TestApp
let admin: Session
let facts: DemoFacts
let terminalId: string
const PASSWORD = 'field-worker-password-1'
const DAY_MS = 86_400_000

beforeAll(async () => {
  t = await startTestApp()
  admin = await signIn(t.url, 'admin', t.adminPassword)
  facts = await demoFacts(caller(t.url, await t.tokenFor('integration')))
  terminalId = t.wall.reference.terminals()[0]!.id
  const gridId = facts.grids[0]!.id
  await t.wall.auth.createUser({ username: 'wang.field', displayName: '王网格', role: 'grid_worker', password: PASSWORD, gridId, communityId: facts.grids[0]!.communityId })
  await t.wall.auth.createUser({ username: 'zhao.desk', displayName: '赵受理', role: 'intake', password: PASSWORD })
}, 120_000)
afterAll(async () => {
  await t.close()
})

const terminalLogin = (body: Record<string, unknown>) => request(`${t.url}/api/v1/auth/terminal`, { method: 'POST', body })

async function terminalSession(username = 'wang.field') {
  const res = await terminalLogin({ username, password: PASSWORD, terminalId })
  expect(res.status, JSON.stringify(res.body)).toBe(200)
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!
  const csrfToken = res.body['csrfToken'] as string
  return { res, cookie, headers: { cookie, 'x-csrf-token': csrfToken } }
}

describe('terminal sign-in', () => {
  it('starts a 30-day cookie session with a CSRF token, and the principal carries the terminal', async () => {
    const started = Date.now()
    const { res, cookie } = await terminalSession()
    expect(res.headers.get('set-cookie')).toMatch(/^gulou_session=[^;]+;.*HttpOnly.*SameSite=Strict/i)
    const expires = Date.parse(res.body['expiresAt'] as string)
    expect(expires - started).toBeGreaterThan(TERMINAL_SESSION_DAYS * DAY_MS - 60_000)
    expect(expires - started).toBeLessThan(TERMINAL_SESSION_DAYS * DAY_MS + 60_000)
    const me = await request(`${t.url}/api/v1/auth/me`, { headers: { cookie } })
    expect(me.body).toMatchObject({ user: { role: 'grid_worker', terminalId }, csrfToken: expect.any(String) })
  })

  it('refuses a terminal the registry does not hold (422) and an office role (403), and audits both', async () => {
    const unknown = await terminalLogin({ username: 'wang.field', password: PASSWORD, terminalId: 'NO-SUCH-TERMINAL' })
    expect([unknown.status, unknown.body.error?.code]).toEqual([422, 'VALIDATION_FAILED'])
    const office = await terminalLogin({ username: 'zhao.desk', password: PASSWORD, terminalId })
    expect([office.status, office.body.error?.code]).toEqual([403, 'FORBIDDEN'])
    expect(office.body.error?.message).toMatch(/field staff/)
    const wrong = await terminalLogin({ username: 'wang.field', password: 'not-the-password', terminalId })
    expect(wrong.status).toBe(401)
    const audit = (await request(`${t.url}/api/v1/audit?action=auth.terminal`, { headers: admin.headers })).body['items'] as { outcome: string }[]
    expect(audit.map((a) => a.outcome)).toEqual(expect.arrayContaining(['success', 'refused', 'failure']))
  })

  it('records the terminal with a report made through the session', async () => {
    const { headers } = await terminalSession()
    const created = await request(`${t.url}/api/v1/cases`, { method: 'POST', headers, body: reportBody(facts) })
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    const read = await request(`${t.url}/api/v1/cases/${created.body['id'] as string}`, { headers: await t.authHeaders() })
    expect(CaseWithHistory.parse(read.body).history[0]).toMatchObject({ action: 'report', actorRole: 'grid_worker', terminalId })
  })

  it("records a registry worker's terminal when a gateway reports for them", async () => {
    const worker = t.wall.reference.workers({ limit: 500 }).items.find((w) => w.terminalId !== null)!
    const call = caller(t.url, await t.tokenFor('integration'))
    const created = await call('POST', '/api/v1/cases', { body: reportBody(facts), as: 'grid_worker', actorId: worker.id })
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    const history = CaseWithHistory.parse((await call('GET', `/api/v1/cases/${created.body.id as string}`)).body).history
    expect(history[0]).toMatchObject({ actorId: worker.id, terminalId: worker.terminalId })
  })
})

describe('terminal sessions for the administrator', () => {
  it('lists live sessions without their tokens, and a revoke signs that handset out and closes its socket only', async () => {
    const handset = await terminalSession()
    const office = await signIn(t.url, 'wang.field', PASSWORD)
    const list = await request(`${t.url}/api/v1/terminal-sessions`, { headers: admin.headers })
    expect(list.status).toBe(200)
    const items = list.body['items'] as Record<string, unknown>[]
    expect(items[0]).toMatchObject({ username: 'wang.field', displayName: '王网格', terminalId, id: expect.stringMatching(/^[0-9a-f-]{36}$/) })
    const token = handset.cookie.split('=')[1]!
    expect(JSON.stringify(list.body)).not.toContain(token)
    expect(Object.keys(items[0]!).sort()).toEqual(['createdAt', 'displayName', 'expiresAt', 'id', 'role', 'terminalId', 'userId', 'username'])

    const socket = (await handshake(t.url, { cookie: handset.cookie })).socket!
    const other = (await handshake(t.url, { cookie: office.cookie })).socket!
    const closed = new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)))
    const revoked = await request(`${t.url}/api/v1/terminal-sessions/${items[0]!['id'] as string}`, { method: 'DELETE', headers: admin.headers })
    expect(revoked.status, JSON.stringify(revoked.body)).toBe(200)
    expect(await closed).toBe('io server disconnect')
    expect((await request(`${t.url}/api/v1/auth/me`, { headers: { cookie: handset.cookie } })).status).toBe(401)
    // The same person's session on another device stays.
    expect((await request(`${t.url}/api/v1/auth/me`, { headers: { cookie: office.cookie } })).status).toBe(200)
    expect(other.connected).toBe(true)
    other.close()

    const again = await request(`${t.url}/api/v1/terminal-sessions/${items[0]!['id'] as string}`, { method: 'DELETE', headers: admin.headers })
    expect(again.status).toBe(404)
    const audit = (await request(`${t.url}/api/v1/audit?action=terminal_session.revoke`, { headers: admin.headers })).body['items'] as { target: string }[]
    expect(audit[0]!.target).toBe(items[0]!['id'])
  })

  it('is for administrators only', async () => {
    const { headers } = await terminalSession()
    expect((await request(`${t.url}/api/v1/terminal-sessions`, { headers })).status).toBe(403)
  })
})
