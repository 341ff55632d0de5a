import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Call, caller } from '../cases/caseTestHelpers'
import { type TestApp, startTestApp } from '../testing/testApp'

let t: TestApp
let leader: Call

beforeAll(async () => {
  // No Chromium where the server looks: the PDF must say what to install, not fail obscurely.
  t = await startTestApp({ CHROMIUM_PATH: '/nonexistent/chromium' })
  leader = caller(t.url, await t.tokenFor('leader'))
}, 120_000)
afterAll(async () => {
  await t.close()
})

describe('GET /api/v1/briefing.pdf', () => {
  it('answers 503 naming what to install when Chromium is missing, leaving no render token behind', async () => {
    const before = t.wall.db.prepare('SELECT count(*) FROM credentials').pluck().get()
    const res = await leader('GET', '/api/v1/briefing.pdf?from=2026-11-01&to=2026-11-30')
    expect(res.status).toBe(503)
    expect((res.body as { error: { message: string } }).error.message).toMatch(/apt-get install chromium.*CHROMIUM_PATH/)
    expect(t.wall.db.prepare('SELECT count(*) FROM credentials').pluck().get()).toBe(before)
  })

  it('refuses a bad period or scope with 422 before printing anything', async () => {
    expect((await leader('GET', '/api/v1/briefing.pdf?from=2026-11-31')).status).toBe(422)
    expect((await leader('GET', '/api/v1/briefing.pdf?scope=community:nowhere')).status).toBe(422)
  })

  it('is for who reads the briefing', async () => {
    const intake = caller(t.url, await t.tokenFor('intake'))
    expect((await intake('GET', '/api/v1/briefing.pdf')).status).toBe(403)
  })
})
