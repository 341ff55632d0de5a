import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, saveScreenshot, watchPage, type LaunchedBrowser, type PageProblems } from './support/browser'
import { startTestServer, type TestServer } from './support/server'
import { signInAs } from './support/signIn'

/**
 * The alarm queue in a real Chromium, as a duty chief at the wall: two urgent cases in a row;
 * the first holds the wall until it is acknowledged, the second waits in the list (另有 1 条告警待确认)
 * and comes up on acknowledgement; a third, picked from the list, comes onto the wall at once.
 */
let server: TestServer
let browser: LaunchedBrowser
/** The duty chief's own API token: the test reports as the duty chief in person. */
let dutyToken: string

beforeAll(async () => {
  server = await startTestServer()
  browser = await launchBrowser()
  const password = 'e2e-duty-chief-password'
  await server.wall.auth.createUser({ username: 'e2e-duty', displayName: '值班长', role: 'duty_chief', password })
  await signInAs(browser.context, server.url, 'e2e-duty', password)
  dutyToken = await server.tokenFor('duty_chief')
}, 300_000)

afterAll(async () => {
  await browser?.close()
  await server?.close()
})

async function api(path: string, init: { method?: string; body?: unknown } = {}): Promise<Record<string, unknown>> {
  const res = await fetch(`${server.url}/api/v1${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${dutyToken}`, 'content-type': 'application/json' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  })
  const body = (await res.json()) as Record<string, unknown>
  if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(body)}`)
  return body
}

/** An urgent hotline report at the middle of grid `n`. */
async function urgentCase(title: string, n: number): Promise<{ id: string; code: string }> {
  const categories = (await api('/categories')).items as { code: string; urgent: boolean }[]
  const grids = (await api('/grids')).features as { geometry: { coordinates: number[][][] } }[]
  const ring = grids[n]!.geometry.coordinates[0]!
  const location = { lng: (ring[0]![0]! + ring[2]![0]!) / 2, lat: (ring[0]![1]! + ring[2]![1]!) / 2 }
  const body = { source: 'hotline', categoryCode: categories.find((c) => c.urgent)!.code, title, location, address: '鼓楼东大街' }
  const created = await api('/cases', { method: 'POST', body })
  return { id: String(created['id']), code: String(created['code']) }
}

async function openWall(): Promise<{ page: Page; problems: PageProblems }> {
  const page = await browser.context.newPage()
  await page.setViewportSize({ width: 1920, height: 1080 })
  await page.addInitScript(() => localStorage.removeItem('wall.locale'))
  // The demo cameras' origin does not run here: alarm tiles find their streams unavailable, which is not this test's subject.
  const problems = watchPage(page, { ignore: [/\/relay\//, /\/api\/v1\/cameras\/[^/]+\/stream/] })
  await page.goto(`${server.url}/wall/main`)
  await page.waitForFunction(() => window.__wallDiagnostics?.mapLoaded === true, null, { timeout: 90_000 })
  return { page, problems }
}

const bannerCode = (page: Page) => page.textContent('[data-testid="alarm-banner"] .alarm__code')
const waitForBanner = (page: Page, code: string) =>
  page.waitForFunction((c) => document.querySelector('[data-testid="alarm-banner"] .alarm__code')?.textContent === c, code, { timeout: 5000 })
const waitingCodes = (page: Page) => page.$$eval('[data-testid="alarm-queue"] .queue__code', (els) => els.map((el) => el.textContent))

describe('the alarm queue on the wall', () => {
  it('keeps the first urgent case until it is acknowledged, lists the second as waiting, and shows it on acknowledgement', async () => {
    const { page, problems } = await openWall()
    const first = await urgentCase('燃气泄漏（第一起）', 10)
    await waitForBanner(page, first.code)
    expect(await page.$('[data-testid="alarm-queue-toggle"]')).toBeNull()

    const second = await urgentCase('供水管线爆裂（第二起）', 30)
    const toggle = page.locator('[data-testid="alarm-queue-toggle"]')
    await toggle.waitFor({ timeout: 5000 })
    expect(await toggle.textContent()).toContain('另有 1 条告警待确认')
    // The second arrived and waits: the first still holds the banner and the wall.
    expect(await bannerCode(page)).toBe(first.code)
    expect(server.wall.walls.get('main').alarm?.caseId).toBe(first.id)
    await toggle.click()
    expect(await waitingCodes(page)).toEqual([second.code])
    await saveScreenshot(page, 'alarm-queue-1920x1080.png')

    await page.click('[data-testid="alarm-acknowledge"]')
    await waitForBanner(page, second.code)
    await page.waitForFunction(() => document.querySelector('[data-testid="alarm-queue-toggle"]') === null, null, { timeout: 5000 })
    expect(server.wall.walls.get('main')).toMatchObject({ alarm: { caseId: second.id }, alarmQueue: [] })

    // A third waits behind the second; picked from the list, it comes up and the second waits again.
    const third = await urgentCase('道路塌陷（第三起）', 50)
    await toggle.waitFor({ timeout: 5000 })
    await toggle.click()
    expect(await waitingCodes(page)).toEqual([third.code])
    await page.click(`[data-testid="alarm-queue"] [data-case-id="${third.id}"] [data-testid="alarm-queue-show"]`)
    await waitForBanner(page, third.code)
    await toggle.click()
    expect(await waitingCodes(page)).toEqual([second.code])

    // In English too.
    await page.getByTestId('language-toggle').click()
    await page.waitForFunction(() => document.querySelector('[data-testid="alarm-queue-toggle"]')?.textContent?.includes('1 more alarm waiting'), null, { timeout: 5000 })
    expect(await page.textContent('[data-testid="alarm-queue-show"]')).toContain('Show')
    expect(problems.all()).toEqual([])
    await page.close()
  }, 180_000)
})
