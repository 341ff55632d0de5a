import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { beijingDay } from '../shared/rules/beijingTime'
import { BRIEFING_PAGES } from '../client/src/features/briefing/briefingPages'
import { lowContrastTexts, runAxe } from './support/axe'
import { type LaunchedBrowser, launchBrowser, saveScreenshot, watchPage } from './support/browser'
import { type TestServer, startTestServer } from './support/server'
import { signInAs } from './support/signIn'

/**
 * The briefing's rankings page, as a leader uses it at 1920×1080: every grid listed with the one that
 * has enough cases ranked and the others greyed 样本不足, a row's explanation down to its cases (each
 * opening the desk's drawer), the what-if weights re-ranking live with the moves shown, the XLSX link,
 * nothing under 24 px, and no serious axe finding or low-contrast text. Grid A: 12 cases its own workers found. Grid B: 13, seven found by the
 * hotline (漏报). Grid C: 2 hotline cases, too few to rank. All filed, so 延期率 is scored too.
 */
let server: TestServer
let browser: LaunchedBrowser
let gateway: string
const PASSWORD = 'rankings-e2e-password-1'
const grids: { id: string; point: { lng: number; lat: number } }[] = []
const hotlineCodes = new Map<string, string>()

async function api(path: string, init: { method?: string; body?: unknown; actor?: string } = {}): Promise<Record<string, unknown>> {
  const res = await fetch(`${server.url}/api/v1${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${gateway}`, 'content-type': 'application/json', ...(init.actor ? { 'x-on-behalf-of': init.actor } : {}) },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  })
  const body = (await res.json()) as Record<string, unknown>
  if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(body)}`)
  return body
}

async function fileCase(grid: number, source: 'terminal' | 'hotline', categoryCode: string, n: number): Promise<void> {
  const actor = source === 'terminal' ? 'grid_worker/grid_worker-1' : 'intake/intake-1'
  const c = await api('/cases', {
    method: 'POST',
    actor,
    body: { source, categoryCode, title: `排名测试 ${n}`, description: '', location: grids[grid]!.point, address: '鼓楼东大街' },
  })
  if (source === 'hotline') hotlineCodes.set(String(c['id']), String(c['code']))
  await api(`/cases/${String(c['id'])}/transitions`, { method: 'POST', actor: 'intake/intake-1', body: { action: 'file', version: c['version'], photos: [] } })
}

beforeAll(async () => {
  server = await startTestServer()
  await server.wall.auth.createUser({ username: 'rankings-leader', displayName: '领导', role: 'leader', password: PASSWORD })
  gateway = await server.tokenFor('integration')
  const features = (await api('/grids')).features as { properties: { id: string }; geometry: { coordinates: number[][][] } }[]
  for (const f of features.slice(0, 3)) {
    const ring = f.geometry.coordinates[0]!
    grids.push({ id: f.properties.id, point: { lng: (ring[0]![0]! + ring[2]![0]!) / 2, lat: (ring[0]![1]! + ring[2]![1]!) / 2 } })
  }
  const category = ((await api('/categories')).items as { code: string; urgent: boolean }[]).find((c) => !c.urgent)!.code
  let n = 0
  for (let i = 0; i < 12; i++) await fileCase(0, 'terminal', category, n++)
  for (let i = 0; i < 13; i++) await fileCase(1, i < 7 ? 'hotline' : 'terminal', category, n++)
  for (let i = 0; i < 2; i++) await fileCase(2, 'hotline', category, n++)
  browser = await launchBrowser()
  await signInAs(browser.context, server.url, 'rankings-leader', PASSWORD)
}, 240_000)

afterAll(async () => {
  await browser?.close()
  await server?.close()
})

describe('the briefing rankings page', () => {
  it('ranks, explains down to the cases, re-ranks with what-if weights and keeps a 24 px floor at 1920×1080', async () => {
    const page = await browser.context.newPage()
    await page.setViewportSize({ width: 1920, height: 1080 })
    await page.addInitScript(() => localStorage.removeItem('wall.locale'))
    const problems = watchPage(page)
    const today = beijingDay(new Date())
    await page.goto(`${server.url}/briefing?from=${today}&to=${today}&scope=street&page=${BRIEFING_PAGES.indexOf('rankings')}`)
    const section = page.locator('[data-testid="briefing-rankings"][aria-busy="false"]')
    await section.locator('tbody tr').first().waitFor({ timeout: 60_000 })

    const rows = section.locator('tbody tr')
    expect(await rows.count()).toBe(64)
    const [a, b, c] = grids.map((g) => section.locator(`tbody tr[data-subject="${g.id}"]`))
    // A: only workers' reports, nothing extended: 100. B: 7 of 13 漏报: (17 × 6/13 + 8) / 25.
    expect(await a!.locator('td').first().textContent()).toBe('1')
    expect(await b!.locator('td').first().textContent()).toBe('2')
    expect(await b!.textContent()).toContain('漏报率 53.8%（7/13）')
    expect(await c!.getAttribute('class')).toContain('unranked')
    expect(await c!.textContent()).toContain('样本不足')

    // 24 px floor: every text the page shows.
    const smallest = await section.evaluate((root) => {
      let min = Infinity
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT)
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const el = n.parentElement
        if (!n.textContent?.trim() || !el || el.getClientRects().length === 0) continue
        min = Math.min(min, parseFloat(getComputedStyle(el).fontSize))
      }
      return min
    })
    expect(smallest).toBeGreaterThanOrEqual(24)

    // B's explanation: the seven hotline cases cost it 漏报 points, each a link to the desk's drawer.
    await b!.click()
    const explain = section.locator('[data-testid="ranking-explain"]')
    await explain.locator('a').first().waitFor()
    const links = await explain.locator('a').evaluateAll((els) => els.map((e) => ({ href: e.getAttribute('href'), code: e.textContent, target: e.getAttribute('target') })))
    const ofGridB = [...hotlineCodes].slice(0, 7)
    expect(links).toEqual(ofGridB.map(([id, code]) => ({ href: `/desk?case=${id}`, code, target: '_blank' })))
    await explain.getByRole('button').click()

    // What-if: without 漏报, A and B tie at 100 and B's larger sample puts it first.
    await section.locator('[data-testid="ranking-what-if"] input[type="number"]').nth(6).fill('0')
    await section.locator('[data-testid="ranking-what-if"] input[type="number"]').nth(6).press('Tab')
    await section.getByText('按推演权重排名').waitFor()
    expect(await section.locator('tbody tr').first().getAttribute('data-subject')).toBe(grids[1]!.id)
    expect(await b!.locator('td.move').textContent()).toBe('↑1')
    expect(await a!.locator('td.move').textContent()).toBe('↓1')
    await saveScreenshot(page, 'briefing-rankings-1920x1080')

    const xlsx = await section.getByTestId('rankings-xlsx').getAttribute('href')
    expect(xlsx).toBe(`/api/v1/rankings.xlsx?from=${today}&to=${today}&level=grid&kind=all`)
    expect(await runAxe(page)).toEqual([])
    expect(await lowContrastTexts(page)).toEqual([])
    expect(problems.all()).toEqual([])
  }, 120_000)
})
