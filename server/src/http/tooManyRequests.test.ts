import type { AddressInfo } from 'node:net'
import express from 'express'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createError } from '../core/appError'
import { createLogger } from '../core/logger'
import { type TestApp, startTestApp } from '../testing/testApp'
import { errorHandler } from './errors'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(async () => {
  await t.close()
})

async function firstRefusal(send: () => Promise<Response>, attempts: number): Promise<Response> {
  for (let i = 0; i < attempts; i++) {
    const res = await send()
    if (res.status === 429) return res
  }
  throw new Error(`no 429 in ${attempts} requests`)
}

describe('every 429 says when to come back', () => {
  it("on a route's own limit (sign-in per address)", async () => {
    const res = await firstRefusal(
      () => fetch(`${t.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'nobody', password: 'x' }) }),
      40,
    )
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
  })

  it('on the general per-caller limit', async () => {
    const headers = await t.authHeaders('leader')
    const res = await firstRefusal(() => fetch(`${t.url}/api/v1/health`, { headers }), 400)
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
  })

  it('from the error handler, for a 429 that set none: the seconds it carries, else a minute', async () => {
    const app = express()
    app.get('/carries', () => {
      throw createError('RATE_LIMITED', 'slow down', { retryAfterSeconds: 12.2 })
    })
    app.get('/bare', () => {
      throw createError('RATE_LIMITED', 'slow down')
    })
    app.use(errorHandler(createLogger('silent')))
    const server = app.listen(0, '127.0.0.1')
    await new Promise((resolve) => server.once('listening', resolve))
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
      const carries = await fetch(`${base}/carries`)
      expect([carries.status, carries.headers.get('retry-after')]).toEqual([429, '13'])
      expect((await fetch(`${base}/bare`)).headers.get('retry-after')).toBe('60')
    } finally {
      await new Promise((resolve) => server.close(resolve))
    }
  })
})
