import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, saveScreenshot, watchPage, type LaunchedBrowser } from './support/browser'
import { type ApiCall, type ReportedCase, type TestGrid, apiCaller, reportCase, testCategories, testGrids } from './support/cases'
import { startTestServer, type TestServer } from './support/server'
import { signInAs } from './support/signIn'

/**
 * The live feed worked by a dispatcher while it changes: filtered by state, urgency and source,
 * searched by code and address, held still while the pointer is on it (new cases wait, a changed
 * case stays in its row), 派遣 on the hovered row opens that row's case, and a row click flies the
 * map to its case and opens the case's popup.
 */
let server: TestServer
let browser: LaunchedBrowser
let desk: ApiCall
let grids: TestGrid[]
let category: string
const PASSWORD = 'feed-e2e-password-1'

beforeAll(async () => {
  server = await startTestServer()
  desk = apiCaller(server.url, await server.tokenFor('duty_chief'))
  grids = await testGrids(desk)
  category = (await testCategories(desk)).find((c) => !c.urgent)!.code
  await server.wall.auth.createUser({ username: 'e2e-feed-dispatch', displayName: '派遣员', role: 'dispatcher', password: PASSWORD })
  browser = await launchBrowser()
  await signInAs(browser.context, server.url, 'e2e-feed-dispatch', PASSWORD)
}, 180_000)

afterAll(async () => {
  await browser?.close()
  await server?.close()
})

const report = (i: number, address: string, source = 'hotline') =>
  reportCase(desk, grids[i % grids.length]!.point, { categoryCode: category, title: `事件 ${address}`, address, source })
/** Filed by the duty chief: it waits for dispatch (待派遣). */
async function waiting(i: number, address: string): Promise<ReportedCase> {
  const c = await report(i, address)
  await desk(`/cases/${c.id}/transitions`, { method: 'POST', body: { action: 'file', version: c.version } })
  return c
}

/** Pointer and focus off the feed: a click on the header's title, which does nothing. */
const leaveFeed = (page: Page) => page.click('h1')
const rowIds = (page: Page) => page.$$eval('[data-testid="feed-row"]', (els) => els.map((el) => el.getAttribute('data-case-id')))
const row = (id: string) => `[data-testid="feed-row"][data-case-id="${id}"]`

async function openWall(): Promise<{ page: Page; problems: ReturnType<typeof watchPage> }> {
  const page = await browser.context.newPage()
  await page.setViewportSize({ width: 1920, height: 1080 })
  await page.addInitScript(() => localStorage.removeItem('wall.locale'))
  const problems = watchPage(page)
  await page.goto(`${server.url}/wall/main`)
  await page.waitForFunction(() => window.__wallDiagnostics?.mapLoaded === true, null, { timeout: 90_000 })
  return { page, problems }
}

describe('the live feed', () => {
  it('filters, searches, holds its order under the pointer, dispatches its own row and shows a case on the map', async () => {
    const held = [await waiting(0, '鼓楼东大街 1 号'), await waiting(1, '新西路 8 号'), await waiting(2, '果园西路 3 号')]
    const filing = [await report(3, '新中街 5 号', 'terminal'), await report(4, '宾阳里 2 号', 'terminal')]
    const { page, problems } = await openWall()
    await expect.poll(() => rowIds(page).then((ids) => ids.length), { timeout: 10_000 }).toBe(5)

    // Filter by state and source, search by code and by address, then clear.
    await page.selectOption('[data-testid="feed-state"]', 'pending_dispatch')
    await expect.poll(() => rowIds(page).then((ids) => ids.sort())).toEqual(held.map((c) => c.id).sort())
    await page.selectOption('[data-testid="feed-source"]', 'terminal')
    await expect.poll(() => rowIds(page)).toEqual([])
    expect(await page.textContent('[data-testid="feed-empty"]')).toContain('没有符合条件的在办事件')
    await page.click('[data-testid="feed-clear"]')
    await page.fill('[data-testid="feed-search"]', held[1]!.code.toLowerCase())
    await expect.poll(() => rowIds(page)).toEqual([held[1]!.id])
    await page.fill('[data-testid="feed-search"]', '新')
    await expect.poll(() => rowIds(page).then((ids) => ids.sort())).toEqual([held[1]!.id, filing[0]!.id].sort())
    await page.fill('[data-testid="feed-search"]', '')
    await page.click('[data-testid="feed-urgent"]')
    await expect.poll(() => rowIds(page)).toEqual([])
    await page.click('[data-testid="feed-urgent"]')
    await expect.poll(() => rowIds(page).then((ids) => ids.length)).toBe(5)

    // The pointer rests on a waiting case's row: the order holds while the feed changes under it.
    await leaveFeed(page)
    await expect.poll(() => page.$('[data-testid="feed-paused"]')).toBeNull()
    const before = await rowIds(page)
    const target = held.find((c) => before.indexOf(c.id) >= 2) ?? held[0]!
    await page.hover(`${row(target.id)} .feed__code`)
    await page.waitForSelector('[data-testid="feed-paused"]')
    const fresh = [await waiting(5, '新来 1 号'), await waiting(6, '新来 2 号')]
    // A changed case would jump to the top of a live feed (most recently changed first).
    await desk(`/cases/${filing[1]!.id}/transitions`, { method: 'POST', body: { action: 'file', version: filing[1]!.version } })
    await expect.poll(() => page.textContent('[data-testid="feed-paused"]'), { timeout: 10_000 }).toContain('2 件新事件')
    await expect.poll(() => page.textContent(`${row(filing[1]!.id)} .feed__state`), { timeout: 10_000 }).toBe('待派遣')
    expect(await rowIds(page)).toEqual(before)

    // 派遣 on the hovered row opens that row's case, whatever arrived meanwhile.
    await page.click(`${row(target.id)} [data-testid="feed-dispatch"]`)
    await page.waitForSelector('[data-testid="dispatch-dialog"]')
    expect(await page.getAttribute('[data-testid="dispatch-dialog"]', 'data-case-id')).toBe(target.id)
    expect(await page.textContent('[data-testid="dispatch-dialog"]')).toContain(target.code)
    await page.keyboard.press('Escape')
    await page.waitForSelector('[data-testid="dispatch-dialog"]', { state: 'detached' })

    // Let go of the feed: the new cases come in at the top, and the hint goes.
    await leaveFeed(page)
    await expect.poll(() => page.$('[data-testid="feed-paused"]')).toBeNull()
    await expect.poll(() => rowIds(page).then((ids) => ids.slice(0, 3).sort())).toEqual([...fresh.map((c) => c.id), filing[1]!.id].sort())
    // Keyboard focus in the feed holds it too.
    await page.focus('[data-testid="feed-search"]')
    await page.waitForSelector('[data-testid="feed-paused"]')
    await leaveFeed(page)
    await expect.poll(() => page.$('[data-testid="feed-paused"]')).toBeNull()

    // A row click flies the map to its case and opens the case's popup there.
    await page.click(`${row(target.id)} .feed__what`)
    const popup = await page.waitForSelector(`[data-testid="case-popup"][data-case-id="${target.id}"]`, { timeout: 10_000 })
    expect(await popup.textContent()).toContain(target.code)
    // The map flew there: the popup's tip (the case's spot) comes to rest at the map's centre.
    const map = (await (await page.$('[data-testid="grid-map"]'))!.boundingBox())!
    await expect
      .poll(async () => {
        const tip = (await (await page.$('.maplibregl-popup-tip'))!.boundingBox())!
        const anchor = popup.evaluate((el) => el.closest('.maplibregl-popup')!.className)
        const x = tip.x + tip.width / 2
        // The tip points down at the spot (anchor bottom) or up at it (anchor top).
        const y = (await anchor).includes('anchor-top') ? tip.y : tip.y + tip.height
        return Math.hypot(x - (map.x + map.width / 2), y - (map.y + map.height / 2)) < 30
      }, { timeout: 10_000 })
      .toBe(true)

    // The focus a click left on the row does not hold the feed once the pointer has gone.
    await page.mouse.move(960, 20)
    await expect.poll(() => page.$('[data-testid="feed-paused"]')).toBeNull()

    // Read from 4 m: no text in the feed under 16 px at 1920×1080.
    const small = await page.$$eval('[data-testid="case-feed"] *', (els) =>
      els
        .filter((el) => [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim() !== ''))
        .map((el) => ({ what: `${el.tagName.toLowerCase()}.${el.className}`, px: parseFloat(getComputedStyle(el).fontSize) }))
        .filter((t) => t.px < 16),
    )
    expect(small).toEqual([])

    await saveScreenshot(page, 'case-feed-1920x1080.png')
    expect(problems.all()).toEqual([])
    await page.close()
  }, 240_000)
})
