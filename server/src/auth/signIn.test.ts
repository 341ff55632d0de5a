import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../app'
import { loadTestConfig } from '../testing/testConfig'
import { type Session, signIn } from '../testing/httpAuth'
import { type TestApp, startTestApp } from '../testing/testApp'
import { handshake, request } from './authTestSupport'

let t: TestApp
let admin: Session
beforeAll(async () => {
  t = await startTestApp()
  admin = await signIn(t.url, 'admin', t.adminPassword)
}, 60_000)
afterAll(async () => {
  await t.close()
})

async function createPerson(role: string, username: string): Promise<string> {
  const res = await request(`${t.url}/api/v1/users`, { method: 'POST', headers: admin.headers, body: { username, displayName: username, role } })
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  return res.body['password'] as string
}

describe('sign-in', () => {
  it('sets an httpOnly SameSite=Strict session cookie and answers who is signed in', async () => {
    const res = await request(`${t.url}/api/v1/auth/login`, { method: 'POST', body: { username: 'admin', password: t.adminPassword } })
    expect(res.status).toBe(200)
    expect(res.headers.get('set-cookie')).toMatch(/^gulou_session=[^;]+;.*HttpOnly.*SameSite=Strict/i)
    expect(res.body).toMatchObject({ user: { name: 'admin', role: 'admin' }, csrfToken: expect.any(String) })
    const cookie = res.headers.get('set-cookie')!.split(';')[0]!
    expect((await request(`${t.url}/api/v1/auth/me`, { headers: { cookie } })).body).toMatchObject({ user: { role: 'admin' } })
  })

  it('needs the CSRF token on state-changing requests of a cookie session', async () => {
    const body = { name: '左屏', wall: 'left' }
    const without = await request(`${t.url}/api/v1/displays`, { method: 'POST', headers: { cookie: admin.cookie }, body })
    expect([without.status, without.body.error?.code]).toEqual([403, 'FORBIDDEN'])
    const wrong = await request(`${t.url}/api/v1/displays`, { method: 'POST', headers: { cookie: admin.cookie, 'x-csrf-token': 'x' }, body })
    expect(wrong.status).toBe(403)
    expect((await request(`${t.url}/api/v1/displays`, { method: 'POST', headers: admin.headers, body })).status).toBe(201)
  })

  it('ends the session on sign-out', async () => {
    const session = await signIn(t.url, 'admin', t.adminPassword)
    expect((await request(`${t.url}/api/v1/auth/logout`, { method: 'POST', headers: session.headers })).status).toBe(200)
    expect((await request(`${t.url}/api/v1/auth/me`, { headers: { cookie: session.cookie } })).status).toBe(401)
    expect((await request(`${t.url}/api/v1/auth/me`, { headers: { cookie: admin.cookie } })).status).toBe(200)
  })
})

describe('the wall display identity', () => {
  it('shows the wall and can do nothing else; revoking it closes its socket and its session', async () => {
    const issued = await request(`${t.url}/api/v1/displays`, { method: 'POST', headers: admin.headers, body: { name: '主屏', wall: 'main' } })
    const { display, token } = issued.body as unknown as { display: { id: string }; token: string }
    const signedIn = await request(`${t.url}/api/v1/auth/display`, { method: 'POST', body: { token } })
    expect(signedIn.body).toMatchObject({ user: { role: 'wall_display', wall: 'main' } })
    const cookie = signedIn.headers.get('set-cookie')!.split(';')[0]!
    const csrf = signedIn.body['csrfToken'] as string
    const headers = { cookie, 'x-csrf-token': csrf }
    for (const path of ['/grids', '/cameras', '/cases', '/kpi', '/events?since=0']) {
      expect((await request(`${t.url}/api/v1${path}`, { headers })).status, path).toBe(200)
    }
    expect((await request(`${t.url}/api/v1/workers`, { headers })).status).toBe(403)
    expect((await request(`${t.url}/api/v1/cases`, { method: 'POST', headers, body: {} })).status).toBe(403)
    expect((await request(`${t.url}/api/v1/displays`, { method: 'POST', headers, body: { name: 'x', wall: 'x' } })).status).toBe(403)

    const { socket } = await handshake(t.url, { cookie })
    expect(socket?.connected).toBe(true)
    const closed = new Promise((resolve) => socket!.once('disconnect', resolve))
    expect((await request(`${t.url}/api/v1/displays/${display.id}`, { method: 'DELETE', headers: admin.headers })).status).toBe(200)
    await closed
    expect((await request(`${t.url}/api/v1/grids`, { headers })).status).toBe(401)
    expect((await request(`${t.url}/api/v1/auth/display`, { method: 'POST', body: { token } })).status).toBe(401)
  })
})

describe('the socket handshake', () => {
  it('refuses a foreign Origin even with a valid session cookie, and accepts our own', async () => {
    const duty = await createPerson('duty_chief', 'origincheck')
    const session = await signIn(t.url, 'origincheck', duty)
    const foreign = await handshake(t.url, { cookie: session.cookie, origin: 'http://evil.example' })
    expect(foreign.socket).toBeNull()
    const own = await handshake(t.url, { cookie: session.cookie, origin: t.url })
    expect(own.socket?.connected).toBe(true)
    own.socket?.close()
    const audit = await request(`${t.url}/api/v1/audit?action=socket.origin`, { headers: admin.headers })
    expect(audit.body['items']).toEqual(expect.arrayContaining([expect.objectContaining({ target: 'http://evil.example', outcome: 'refused' })]))
  })
})

describe('hardening headers', () => {
  it('sends a Content-Security-Policy that allows only our own origin', async () => {
    const res = await fetch(`${t.url}/api/v1/health`)
    const csp = res.headers.get('content-security-policy') ?? ''
    expect(csp).toContain("default-src 'self'")
    expect(csp).toContain("script-src 'self'")
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:/)
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
  })

  it('refuses a body larger than any request needs', async () => {
    const headers = await t.authHeaders('intake')
    const res = await request(`${t.url}/api/v1/cases`, { method: 'POST', headers, body: { title: 'x'.repeat(100_000) } })
    expect(res.status).toBe(413)
  })
})

describe('first start', () => {
  it('never uses a constant admin password: a generated one is printed once and differs each time', async () => {
    const printed: string[] = []
    for (let i = 0; i < 2; i++) {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'first-start-'))
      const wall = createApp({ config: loadTestConfig({ LOG_LEVEL: 'silent', DATA_DIR: dataDir, SIM: '0', DEMO_ACCOUNTS: '0' }), print: (text) => printed.push(text) })
      try {
        const { port } = await wall.listen(0, '127.0.0.1')
        const password = /admin\s+(\S+)/.exec(printed.at(-1) ?? '')?.[1] ?? ''
        expect(password.length).toBeGreaterThanOrEqual(20)
        const url = `http://127.0.0.1:${port}`
        expect((await request(`${url}/api/v1/auth/login`, { method: 'POST', body: { username: 'admin', password } })).status).toBe(200)
        for (const guess of ['admin', 'admin123', '123456', 'password']) {
          expect((await request(`${url}/api/v1/auth/login`, { method: 'POST', body: { username: 'admin', password: guess } })).status).toBe(401)
        }
      } finally {
        await wall.close()
        fs.rmSync(dataDir, { recursive: true, force: true })
      }
    }
    expect(printed).toHaveLength(2)
    expect(printed[0]).not.toBe(printed[1])
  }, 60_000)
})

describe('sign-in throttling', () => {
  it('limits sign-in attempts per address across accounts', async () => {
    const statuses: number[] = []
    for (let i = 0; i < 30; i++) {
      statuses.push((await request(`${t.url}/api/v1/auth/login`, { method: 'POST', body: { username: `nobody${i}`, password: 'x' } })).status)
    }
    expect(statuses).toContain(429)
  })
})
