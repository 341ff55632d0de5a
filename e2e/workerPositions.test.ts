import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Worker } from '../shared/schemas/reference'
import { launchBrowser, saveScreenshot, watchPage, type LaunchedBrowser } from './support/browser'
import { type TestGrid, apiCaller, testGrids } from './support/cases'
import { startTestServer, type TestServer } from './support/server'
import { signInAsDisplay } from './support/signIn'

/**
 * Issue 16, point 6: a position a terminal posts for a worker appears on the wall's map (whether it
 * was there before the wall opened or arrives while it shows), and its popup names the worker.
 */
let server: TestServer
let browser: LaunchedBrowser
let gatewayToken: string
let grid: TestGrid
let workers: Worker[]

beforeAll(async () => {
  server = await startTestServer()
  gatewayToken = await server.tokenFor('integration')
  grid = (await testGrids(apiCaller(server.url, await server.tokenFor('duty_chief'))))[0]!
  workers = server.wall.reference.workers({ gridId: grid.id, limit: 10 }).items
  browser = await launchBrowser()
  await signInAsDisplay(browser.context, server.url, server.displayToken())
}, 180_000)

afterAll(async () => {
  await browser?.close()
  await server?.close()
})

async function postFix(worker: Worker, eastM: number): Promise<void> {
  const location = { lng: grid.point.lng + eastM / 85_000, lat: grid.point.lat }
  const res = await fetch(`${server.url}/api/v1/positions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${gatewayToken}`, 'x-on-behalf-of': `grid_worker/${worker.id}`, 'content-type': 'application/json' },
    body: JSON.stringify({ location, accuracyM: 6, at: new Date().toISOString() }),
  })
  expect(res.status, await res.text()).toBe(201)
}

describe('field workers on the wall map', () => {
  it('shows a posted position at 1920×1080 and names the worker in its popup', async () => {
    const [before, after] = [workers[0]!, workers[1]!]
    await postFix(before, -120)
    const page = await browser.context.newPage()
    await page.setViewportSize({ width: 1920, height: 1080 })
    await page.addInitScript(() => localStorage.removeItem('wall.locale'))
    const problems = watchPage(page)
    await page.goto(`${server.url}/`)
    await page.waitForFunction(() => window.__wallDiagnostics?.mapLoaded === true, null, { timeout: 90_000 })
    const pointOf = (id: string) => page.evaluate((workerId) => window.__wallDiagnostics?.workerPoint(workerId) ?? null, id)
    await expect.poll(() => pointOf(before.id), { timeout: 15_000 }).not.toBeNull()

    // One that arrives while the wall shows comes by the worker:position push.
    await postFix(after, 120)
    await expect.poll(() => pointOf(after.id), { timeout: 15_000 }).not.toBeNull()

    const point = (await pointOf(after.id))!
    const canvas = (await page.getByTestId('grid-map').boundingBox())!
    await page.mouse.click(canvas.x + point.x, canvas.y + point.y)
    const popup = page.locator(`[data-testid="worker-popup"][data-worker-id="${after.id}"]`)
    await popup.waitFor({ timeout: 10_000 })
    expect(await popup.getByTestId('worker-popup-name').textContent()).toBe(after.name)
    expect(await popup.textContent()).toMatch(/定位：(刚刚|\d+ 分钟前)/)
    await saveScreenshot(page, 'wall-workers-1920x1080.png')
    expect(problems.all()).toEqual([])
    await page.close()
  })
})
