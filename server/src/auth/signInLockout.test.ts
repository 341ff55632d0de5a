import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import fs from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../store/database'
import { type Session, signIn } from '../testing/httpAuth'
import { type TestApp, startTestApp } from '../testing/testApp'
import { createSqliteAccountRepository } from './accountRepository'
import { createSqliteAuditLog } from './auditLog'
import { createAuthService } from './authService'
import { hashPassword } from './passwords'
import { request } from './authTestSupport'
import { createSignInThrottle } from './signInThrottle'

let t: TestApp
let admin: Session
beforeAll(async () => {
  t = await startTestApp()
  admin = await signIn(t.url, 'admin', t.adminPassword)
}, 60_000)
afterAll(async () => {
  await t.close()
})

interface Answer {
  status: number
  body: string
  headers: Record<string, string>
}

/** A sign-in sent from a chosen loopback address (127.0.0.0/8 is all ours), as another PC would. */
function loginFrom(localAddress: string, username: string, password: string): Promise<Answer> {
  const { port } = new URL(t.url)
  const payload = JSON.stringify({ username, password })
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path: '/api/v1/auth/login', method: 'POST', localAddress, agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => {
          // Only the clock and the connection differ between two answers sent a moment apart.
          const { date: _d, connection: _c, 'keep-alive': _k, ...headers } = res.headers as Record<string, string>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers })
        })
      },
    )
    req.on('error', reject)
    req.end(payload)
  })
}

async function createPerson(username: string): Promise<string> {
  const res = await request(`${t.url}/api/v1/users`, { method: 'POST', headers: admin.headers, body: { username, displayName: username, role: 'dispatcher' } })
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  return res.body['password'] as string
}

describe('sign-in failures', () => {
  it('answer a real name and an unknown one identically, up to and including the lock and its Retry-After', async () => {
    await createPerson('known-name')
    const known: Answer[] = []
    const unknown: Answer[] = []
    for (let i = 0; i < 6; i++) {
      known.push(await loginFrom('127.0.0.2', 'known-name', `wrong-${i}`))
      unknown.push(await loginFrom('127.0.0.2', 'no-such-name', `wrong-${i}`))
    }
    expect(known.map((a) => a.status)).toEqual([401, 401, 401, 401, 401, 429])
    expect(unknown).toEqual(known)
    expect(Number(known[5]!.headers['retry-after'])).toBeGreaterThan(14 * 60)
  })

  it('lock the name for the address that guessed, not for anyone else, and never against the right password elsewhere', async () => {
    const password = await createPerson('victim')
    for (let i = 0; i < 5; i++) expect((await loginFrom('127.0.0.3', 'victim', `guess-${i}`)).status).toBe(401)
    const attacker = await loginFrom('127.0.0.3', 'victim', password)
    expect(attacker.status).toBe(429)
    expect(JSON.parse(attacker.body)).toMatchObject({ error: { code: 'RATE_LIMITED' } })
    // The owner at their own PC signs in as usual.
    expect((await loginFrom('127.0.0.4', 'victim', password)).status).toBe(200)
  })

  it('are audited as anonymous attempts naming the account, never the password', async () => {
    const password = await createPerson('audited')
    await loginFrom('127.0.0.5', 'audited', 'not-it')
    const audit = await request(`${t.url}/api/v1/audit?action=auth.login`, { headers: admin.headers })
    const rows = (audit.body['items'] as { target: string; outcome: string; actorId: string | null; ip: string }[]).filter((e) => e.target === 'audited')
    expect(rows).toEqual([expect.objectContaining({ outcome: 'failure', actorId: null, ip: expect.stringContaining('127.0.0.5') as string })])
    expect(JSON.stringify(audit.body)).not.toContain(password)
  })
})

describe('the sign-in hash work', () => {
  it('runs a password verification for a name that does not exist, as for one that does', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signin-verify-'))
    const db = openDatabase(path.join(dir, 'wall.db'))
    try {
      const verified: string[] = []
      const accounts = createSqliteAccountRepository(db)
      const auth = createAuthService({
        accounts,
        audit: createSqliteAuditLog(db),
        verifyPassword: (password, stored) => {
          verified.push(stored)
          return Promise.resolve(false)
        },
      })
      const realHash = await hashPassword('right-password-1')
      accounts.createUser({ id: 'u1', username: 'real', displayName: 'real', role: 'intake', communityId: null, unitId: null, gridId: null, passwordHash: realHash, createdAt: new Date().toISOString() })
      await expect(auth.login('ghost', 'x', '10.0.0.1')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' })
      await expect(auth.login('real', 'x', '10.0.0.1')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' })
      expect(verified).toHaveLength(2)
      // The unknown name was checked against a real scrypt hash (the decoy), not skipped.
      expect(verified[0]).toMatch(/^scrypt\$32768\$8\$1\$/)
      expect(verified[0]).not.toBe(realHash)
      expect(verified[1]).toBe(realHash)
    } finally {
      db.close()
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('the sign-in throttle', () => {
  it('counts per name and address, unlocks when the lock runs out, and forgets on success', () => {
    let clock = 0
    const throttle = createSignInThrottle({ lockAfterFailures: 3, lockMs: 60_000, now: () => clock })
    expect([throttle.failed('a', 'x'), throttle.failed('a', 'x'), throttle.failed('a', 'x')]).toEqual([false, false, true])
    expect(throttle.waitSeconds('a', 'x')).toBe(60)
    expect(throttle.waitSeconds('a', 'y')).toBe(0)
    expect(throttle.waitSeconds('b', 'x')).toBe(0)
    clock = 59_500
    expect(throttle.waitSeconds('a', 'x')).toBe(1)
    clock = 60_000
    expect(throttle.waitSeconds('a', 'x')).toBe(0)
    expect(throttle.failed('a', 'x')).toBe(false)
    throttle.failed('b', 'x')
    throttle.succeeded('b', 'x')
    throttle.failed('b', 'x')
    expect(throttle.failed('b', 'x')).toBe(false)
  })

  it('stays bounded under a spray of names', () => {
    const throttle = createSignInThrottle({ lockAfterFailures: 5, lockMs: 60_000, maxPairs: 100 })
    for (let i = 0; i < 1000; i++) throttle.failed(`name-${i}`, 'x')
    for (let i = 0; i < 4; i++) throttle.failed('kept', 'x')
    expect(throttle.failed('kept', 'x')).toBe(true)
  })
})
