import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type TestApp, startTestApp } from '../testing/testApp'

let t: TestApp
let clientDir: string

beforeAll(async () => {
  clientDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wall-client-'))
  fs.mkdirSync(path.join(clientDir, 'assets'))
  fs.writeFileSync(path.join(clientDir, 'index.html'), '<!doctype html><div id="app"></div>')
  fs.writeFileSync(path.join(clientDir, 'assets', 'entry-abc.js'), 'export {}')
  t = await startTestApp({ CLIENT_DIR: clientDir })
})

afterAll(async () => {
  await t.close()
  fs.rmSync(clientDir, { recursive: true, force: true })
})

describe('serving the client', () => {
  it('answers every page of the client with index.html, for the router to resolve', async () => {
    for (const page of ['/signin', '/wall/main', '/desk', '/m', '/briefing', '/no/such/page']) {
      const res = await fetch(`${t.url}${page}`)
      expect([page, res.status, res.headers.get('content-type')]).toEqual([page, 200, expect.stringMatching(/text\/html/)])
      expect(await res.text()).toContain('id="app"')
    }
  })

  it('answers a page from the index.html on disk now, after a rebuild while the server runs', async () => {
    const before = await (await fetch(`${t.url}/wall/main`)).text()
    fs.writeFileSync(path.join(clientDir, 'index.html'), '<!doctype html><div id="app" data-build="2"></div>')
    try {
      const after = await fetch(`${t.url}/wall/main`)
      expect(after.headers.get('cache-control')).toBe('no-cache')
      expect(await after.text()).toContain('data-build="2"')
      expect(before).not.toContain('data-build')
    } finally {
      fs.writeFileSync(path.join(clientDir, 'index.html'), '<!doctype html><div id="app"></div>')
    }
  })

  it('serves the build\'s files, and a missing one as 404 rather than index.html', async () => {
    expect((await fetch(`${t.url}/assets/entry-abc.js`)).status).toBe(200)
    const missing = await fetch(`${t.url}/assets/chunk-of-an-older-build.js`)
    expect(missing.status).toBe(404)
    expect(missing.headers.get('content-type')).toMatch(/text\/plain/)
  })

  it('keeps unknown API paths a JSON 404 that names the path as the caller typed it', async () => {
    const res = await fetch(`${t.url}/api/v1/nope?x=1`)
    expect(res.status).toBe(404)
    expect(res.headers.get('content-type')).toMatch(/json/)
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe('no such endpoint: GET /api/v1/nope')
  })

  it('tells browsers and proxies to keep no API answer', async () => {
    for (const url of ['/api/v1/health', '/api/v1/nope', '/api/v1/cases']) expect([url, (await fetch(`${t.url}${url}`)).headers.get('cache-control')]).toEqual([url, 'no-store'])
    // The client's pages are not API answers: revalidated, not forbidden.
    expect((await fetch(`${t.url}/desk`)).headers.get('cache-control')).toBe('no-cache')
  })
})
