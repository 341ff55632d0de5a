import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { beijingDay } from '../shared/rules/beijingTime'
import { ARTIFACTS_DIR } from './support/browser'
import { startTestServer, type TestServer } from './support/server'

/**
 * The PDF of GET /api/v1/briefing.pdf, printed by the server's own Chromium from the briefing's
 * print page as the requesting leader, with a token that exists only while it renders. (The page
 * count per briefing page is checked by e2e/briefing.test.ts over last month's demo data.)
 */
let server: TestServer
let token: string

beforeAll(async () => {
  server = await startTestServer()
  token = await server.tokenFor('leader')
}, 300_000)
afterAll(async () => {
  await server.close()
})

const credentials = () => server.wall.db.prepare('SELECT count(*) FROM credentials').pluck().get() as number

describe('GET /api/v1/briefing.pdf', () => {
  it('prints the briefing as an A4 landscape PDF and drops the render’s token after', async () => {
    const before = credentials()
    const today = beijingDay(new Date())
    const res = await fetch(`${server.url}/api/v1/briefing.pdf?from=${today}&to=${today}`, { headers: { authorization: `Bearer ${token}` } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/pdf')
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="briefing-${today}-${today}.pdf"`)
    const bytes = Buffer.from(await res.arrayBuffer())
    await mkdir(ARTIFACTS_DIR, { recursive: true })
    await writeFile(path.join(ARTIFACTS_DIR, 'briefing-today.pdf'), bytes)
    const pdf = bytes.toString('latin1')
    expect(pdf.startsWith('%PDF-')).toBe(true)
    const pages = pdf.match(/\/Type\s*\/Page[^s]/g) ?? []
    expect(pages.length).toBeGreaterThan(0)
    // A4 landscape is 842 × 595 points (Chromium rounds to 842.88 × 595.92): wider than high.
    const boxes = [...pdf.matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g)].map((m) => [Number(m[1]), Number(m[2])])
    expect(boxes).toHaveLength(pages.length)
    for (const [w, h] of boxes) {
      expect(Math.abs(w! - 842)).toBeLessThan(2)
      expect(Math.abs(h! - 595)).toBeLessThan(2)
    }
    expect(credentials()).toBe(before)
  }, 180_000)
})
