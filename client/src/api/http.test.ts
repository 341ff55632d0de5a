import { z } from 'zod'
import { describe, expect, it } from 'vitest'
import { ApiError, getJson, onUnauthenticated, sendJson, setCsrfToken } from './http'

const Thing = z.object({ id: z.string() })
const answer = (status: number, body: string, statusText = '') => async () => new Response(body, { status, statusText })

describe('getJson', () => {
  it('parses a good answer with the schema', async () => {
    await expect(getJson('/thing', Thing, { fetch: answer(200, '{"id":"a","extra":1}') })).resolves.toEqual({ id: 'a' })
  })

  it("turns the server's error body into an ApiError with its code and status", async () => {
    const error = await getJson('/thing', Thing, {
      fetch: answer(503, '{"error":{"code":"NOT_READY","message":"no reference data has been imported yet"}}'),
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect(error).toMatchObject({ code: 'NOT_READY', status: 503, message: 'no reference data has been imported yet', path: '/thing' })
  })

  it('reports an error page without a JSON body as HTTP', async () => {
    await expect(getJson('/thing', Thing, { fetch: answer(502, '<html>Bad gateway</html>', 'Bad Gateway') })).rejects.toMatchObject({
      code: 'HTTP',
      status: 502,
    })
  })

  it('reports an answer of the wrong shape as BAD_RESPONSE, naming the field', async () => {
    const error = await getJson('/thing', Thing, { fetch: answer(200, '{"id":7}') }).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'BAD_RESPONSE' })
    expect((error as Error).message).toContain('id')
  })

  it('reports no answer at all as NETWORK with status 0', async () => {
    const fail = async () => {
      throw new TypeError('fetch failed')
    }
    await expect(getJson('/thing', Thing, { fetch: fail })).rejects.toMatchObject({ code: 'NETWORK', status: 0 })
  })

  it('lets an abort through as an abort, not as an API failure', async () => {
    const abort = async () => {
      throw new DOMException('aborted', 'AbortError')
    }
    await expect(getJson('/thing', Thing, { fetch: abort })).rejects.toMatchObject({ name: 'AbortError' })
  })
})

describe('sendJson', () => {
  it('sends the JSON body with the session CSRF token, and tells listeners about a 401', async () => {
    const seen: { method?: string; headers?: Record<string, string>; body?: unknown }[] = []
    const fake = (async (_url: string, init: RequestInit) => {
      seen.push({ method: init.method, headers: init.headers as Record<string, string>, body: init.body })
      return new Response(JSON.stringify({ error: { code: 'UNAUTHENTICATED', message: 'sign in first' } }), { status: 401 })
    }) as unknown as typeof fetch
    setCsrfToken('csrf-1')
    let signedOut = 0
    const stop = onUnauthenticated(() => signedOut++)
    await expect(sendJson('POST', '/thing', Thing, { a: 1 }, { fetch: fake })).rejects.toMatchObject({ code: 'UNAUTHENTICATED', status: 401 })
    stop()
    setCsrfToken(null)
    expect(seen[0]).toMatchObject({ method: 'POST', headers: { 'x-csrf-token': 'csrf-1', 'content-type': 'application/json' }, body: '{"a":1}' })
    expect(signedOut).toBe(1)
  })
})
