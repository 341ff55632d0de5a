import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, nonLoopbackRequests, saveScreenshot, watchPage, type LaunchedBrowser } from './support/browser'
import { startTestServer, type TestServer } from './support/server'
import { signInAsDisplay } from './support/signIn'

const GRIDS = 64
const CAMERAS = 562

let server: TestServer
let browser: LaunchedBrowser

beforeAll(async () => {
  server = await startTestServer()
  browser = await launchBrowser()
  await signInAsDisplay(browser.context, server.url, server.displayToken())
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
})

/** A page in the shared profile, starting in the default language whatever an earlier test chose. */
async function newPage(width: number, height: number): Promise<Page> {
  const page = await browser.context.newPage()
  await page.setViewportSize({ width, height })
  await page.addInitScript(() => localStorage.removeItem('wall.locale'))
  return page
}

/** Opens the wall at a size and waits until the map says every grid and camera is drawn. */
async function openWall(width: number, height: number) {
  const page = await newPage(width, height)
  const problems = watchPage(page)
  await page.goto(`${server.url}/`)
  await page.waitForFunction(() => window.__wallDiagnostics?.mapLoaded === true, null, { timeout: 90_000 })
  return { page, problems }
}

const rendered = (page: Page) =>
  page.evaluate(() => {
    const d = window.__wallDiagnostics
    if (!d) throw new Error('no diagnostics')
    return { grids: d.renderedGridIds(), cameras: d.renderedCameraIds() }
  })

/** Grids drawn under the map legend, from what MapLibre rendered under the legend's box. */
const gridsUnderLegend = (page: Page) =>
  page.evaluate(() => {
    const canvas = document.querySelector('[data-testid="grid-map"]')!.getBoundingClientRect()
    const legend = document.querySelector('.grid-map__legend')!.getBoundingClientRect()
    const box = { left: legend.left - canvas.left, top: legend.top - canvas.top, right: legend.right - canvas.left, bottom: legend.bottom - canvas.top }
    return window.__wallDiagnostics!.gridIdsUnder(box)
  })

describe('the grid map on the wall', () => {
  it('draws all 64 grids and 562 cameras at 1920×1080, offline and without errors', async () => {
    const { page, problems } = await openWall(1920, 1080)
    const { grids, cameras } = await rendered(page)
    expect(new Set(grids).size).toBe(GRIDS)
    expect(new Set(cameras).size).toBe(CAMERAS)

    expect(await page.locator('h1').textContent()).toBe('鼓楼街道网格化社会服务管理指挥中心')
    expect(await page.getByTestId('count-grids').textContent()).toBe('64')
    expect(await page.getByTestId('error-banner').count()).toBe(0)
    // The street is fitted above the legend strip: no grid, and so no case marker, is hidden under it.
    await expect.poll(() => gridsUnderLegend(page), { timeout: 5000 }).toEqual([])

    await saveScreenshot(page, 'wall-1920x1080.png')
    expect(nonLoopbackRequests(problems.requests)).toEqual([])
    // No glyph or sprite downloads: labels are drawn from local fonts.
    expect(problems.requests.filter((u) => /\.pbf|glyph|sprite/i.test(u))).toEqual([])
    expect(problems.all()).toEqual([])
    await page.close()
  })

  it('draws the same at 3840×2160 and switches the labels to English', async () => {
    const { page, problems } = await openWall(3840, 2160)
    const { grids, cameras } = await rendered(page)
    expect(new Set(grids).size).toBe(GRIDS)
    expect(new Set(cameras).size).toBe(CAMERAS)
    await saveScreenshot(page, 'wall-3840x2160.png')

    await page.getByTestId('language-toggle').click()
    await page.waitForFunction(() => document.querySelector('h1')?.textContent === 'Gulou Street Grid Command Center')
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en')
    await page.waitForFunction(() => window.__wallDiagnostics?.renderedGridIds().length === 64)
    // English keys make the strip wider and taller: the street is fitted again above it.
    await expect.poll(() => gridsUnderLegend(page), { timeout: 5000 }).toEqual([])
    await saveScreenshot(page, 'wall-3840x2160-en.png')

    expect(nonLoopbackRequests(problems.requests)).toEqual([])
    expect(problems.all()).toEqual([])
    await page.close()
  })

  it('shows a clear error banner when the API fails and heals when it answers again', async () => {
    const page = await newPage(1920, 1080)
    const problems = watchPage(page, { ignore: [/\/api\/v1\/cameras/, /status of 503/] })
    await page.route('**/api/v1/cameras', (route) =>
      route.fulfill({
        status: 503,
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'NOT_READY', message: 'camera registry is still importing' } }),
      }),
    )
    await page.goto(`${server.url}/`)
    const banner = page.getByTestId('error-banner')
    await banner.waitFor({ timeout: 60_000 })
    const text = await banner.textContent()
    expect(text).toContain('监控探头加载失败')
    expect(text).toContain('NOT_READY')
    await saveScreenshot(page, 'wall-1920x1080-api-error.png')

    await page.unroute('**/api/v1/cameras')
    await banner.getByRole('button').click()
    await page.waitForFunction(() => window.__wallDiagnostics?.renderedCameraIds().length === 562, null, { timeout: 60_000 })
    expect(await banner.count()).toBe(0)
    expect(problems.all()).toEqual([])
    await page.close()
  })
})
