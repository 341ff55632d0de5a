import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, saveScreenshot, watchPage, type LaunchedBrowser } from './support/browser'
import { type ApiCall, type TestGrid, apiCaller, reportCase, testCategories, testGrids } from './support/cases'
import { startTestServer, type TestServer } from './support/server'
import { signInAs } from './support/signIn'

/**
 * A community station signed in to the wall sees its own community: the header names its
 * station, the KPI strip and the feed count only its community's cases, an alarm of another
 * community is not its alarm, and it is offered no wall controls, no 派遣 and no 确认.
 */
let server: TestServer
let browser: LaunchedBrowser
let desk: ApiCall
let mine: TestGrid
let other: TestGrid
let stationName: string
const PASSWORD = 'scoped-e2e-password-1'

beforeAll(async () => {
  server = await startTestServer()
  desk = apiCaller(server.url, await server.tokenFor('duty_chief'))
  const grids = await testGrids(desk)
  mine = grids[0]!
  other = grids.find((g) => g.communityId !== mine.communityId)!
  const communities = (await desk('/communities')).features as { properties: { id: string; stationName: string } }[]
  stationName = communities.find((c) => c.properties.id === mine.communityId)!.properties.stationName
  await server.wall.auth.createUser({ username: 'e2e-station', displayName: '社区站', role: 'community_operator', password: PASSWORD, communityId: mine.communityId })
  browser = await launchBrowser()
  await signInAs(browser.context, server.url, 'e2e-station', PASSWORD)
}, 180_000)

afterAll(async () => {
  await browser?.close()
  await server?.close()
})

const tileValue = (page: Page, key: string) => page.textContent(`[data-kpi="${key}"] .kpi-strip__value`)

describe('a community station on the wall', () => {
  it("sees its community's name, KPIs and cases, and not another community's alarm", async () => {
    const categories = await testCategories(desk)
    const plain = categories.find((c) => !c.urgent)!
    const urgent = categories.find((c) => c.urgent)!
    for (let i = 0; i < 2; i++) await reportCase(desk, mine.point, { categoryCode: plain.code, title: `本社区 ${i}`, address: '本社区路' })
    for (let i = 0; i < 3; i++) await reportCase(desk, other.point, { categoryCode: plain.code, title: `外社区 ${i}`, address: '外社区路' })
    // An urgent case elsewhere: the wall's alarm, but not this station's.
    const foreign = await reportCase(desk, other.point, { categoryCode: urgent.code, title: '外社区燃气泄漏', address: '外社区路' })
    await expect.poll(async () => ((await desk('/walls/main')) as { alarm: { caseId: string } | null }).alarm?.caseId, { timeout: 10_000 }).toBe(foreign.id)

    const page = await browser.context.newPage()
    await page.setViewportSize({ width: 1920, height: 1080 })
    await page.addInitScript(() => localStorage.removeItem('wall.locale'))
    // The alarm's tiles are the wall's (shared by its screens); the demo cameras do not play in this test.
    const problems = watchPage(page, { ignore: [/\/relay\//, /\/api\/v1\/cameras\/[^/]+\/stream/] })
    await page.goto(`${server.url}/wall/main`)
    await page.waitForFunction(() => window.__wallDiagnostics?.mapLoaded === true, null, { timeout: 90_000 })

    await expect.poll(() => page.textContent('[data-testid="header-scope"]'), { timeout: 10_000 }).toBe(stationName)
    await expect.poll(() => tileValue(page, 'todayIntake'), { timeout: 10_000 }).toBe('2')
    await expect.poll(() => tileValue(page, 'open'), { timeout: 10_000 }).toBe('2')
    const rows = await page.$$eval('[data-testid="feed-row"] .feed__what', (els) => els.map((el) => el.textContent))
    expect(rows.sort()).toEqual(['本社区 0', '本社区 1'])

    // Not its alarm, and nothing it may not use: no wall controls, no 派遣.
    expect(await page.$('[data-testid="alarm-banner"]')).toBeNull()
    expect(await page.$('[data-testid="alarm-label"]')).toBeNull()
    expect(await page.$('[data-testid="wall-controls"]')).toBeNull()
    expect(await page.$('[data-testid="feed-dispatch"]')).toBeNull()

    // Its own community's urgent case is its alarm: shown, with no 确认 it could only be refused.
    const own = await reportCase(desk, mine.point, { categoryCode: urgent.code, title: '本社区燃气泄漏', address: '本社区路' })
    await page.waitForSelector('[data-testid="alarm-banner"]', { timeout: 10_000 })
    await expect.poll(() => page.textContent('[data-testid="alarm-banner"]'), { timeout: 10_000 }).toContain(own.code)
    expect(await page.$('[data-testid="alarm-acknowledge"]')).toBeNull()

    // In English the header says what kind of scope it is.
    await page.getByTestId('language-toggle').click()
    await expect.poll(() => page.textContent('[data-testid="header-scope"]')).toMatch(/ station$/)

    await saveScreenshot(page, 'scoped-station-1920x1080.png')
    expect(problems.all()).toEqual([])
    await page.close()
  }, 180_000)
})
