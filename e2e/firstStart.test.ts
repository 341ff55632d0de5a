import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startCameraOrigin, type CameraOrigin } from '../server/src/demo/origin/startCameraOrigin'
import { loadDemoConfig } from '../server/src/demo/demoConfig'
import { createLogger } from '../server/src/core/logger'
import { launchBrowser, saveScreenshot, watchPage, type LaunchedBrowser } from './support/browser'
import { freePort } from './support/freePort'
import { signInAsDisplay } from './support/signIn'
import { startTestServer, type TestServer } from './support/server'

/**
 * First start, for a camera: a fresh data folder and a fresh clip cache, so the demo fleet has not
 * encoded anything yet. The tile says 准备中 (preparing) with the fleet's progress while the clip
 * is made, and plays by itself once it is ready, without anyone reloading. How fast the whole
 * fleet gets there is bench/firstStart.bench.ts's figure, not this test's.
 */
let server: TestServer
let origin: CameraOrigin
let browser: LaunchedBrowser
let fleetDir: string
let cameraId: string

beforeAll(async () => {
  const port = await freePort()
  const originUrl = `http://127.0.0.1:${port}`
  server = await startTestServer({ HEALTH_PROBE: '0', CAMERA_ORIGIN_URL: originUrl })
  const headers = { authorization: `Bearer ${await server.tokenFor('duty_chief')}` }
  const { items } = (await (await fetch(`${server.url}/api/v1/cameras`, { headers })).json()) as { items: { id: string; name: string; site: string | null }[] }
  fleetDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wall-e2e-fresh-fleet-'))
  const config = loadDemoConfig({
    DATA_DIR: fleetDir,
    CAMERA_ORIGIN_PORT: String(port),
    CAMERA_ORIGIN_URL: originUrl,
    FLEET_DIR: fleetDir,
    FLEET_LOOP_SECONDS: '8',
    FLEET_PREENCODE: 'none',
    FLEET_OFFLINE_SHARE: '0',
    FLEET_FLAPPING: '0',
    FLEET_STALLED: '0',
  })
  origin = await startCameraOrigin({ config, logger: createLogger('silent'), registry: { cameras: () => items } })
  cameraId = items[0]!.id
  browser = await launchBrowser()
  await signInAsDisplay(browser.context, server.url, server.displayToken())
}, 120_000)

afterAll(async () => {
  await browser?.close()
  await origin?.close()
  await server?.close()
  if (fleetDir) fs.rmSync(fleetDir, { recursive: true, force: true })
})

describe('a camera on first start', () => {
  it('shows 准备中 with progress while its clip is prepared, then plays by itself', async () => {
    const page = await browser.context.newPage()
    await page.setViewportSize({ width: 1920, height: 1080 })
    await page.addInitScript(() => localStorage.removeItem('wall.locale'))
    // The relay's "not ready yet" answers (and Chromium's note of each) are the point of the test; nothing else may fail.
    const notReady = new RegExp(`/relay/${cameraId}/sub/index\\.m3u8\\S*: HTTP 503|status of 503 .*/relay/${cameraId}/sub/index\\.m3u8`)
    const problems = watchPage(page, { ignore: [notReady] })
    await page.goto(`${server.url}/tiles?quality=sub&cameras=${cameraId}`)

    const tile = page.locator(`[data-testid="camera-tile"][data-camera-id="${cameraId}"]`)
    await page.waitForSelector(`[data-camera-id="${cameraId}"][data-status="preparing"]`, { timeout: 30_000 })
    await expect.poll(() => tile.getAttribute('data-status')).toBe('preparing')
    const notice = tile.getByTestId('tile-preparing')
    expect(await notice.textContent()).toContain('准备中')
    expect(await tile.getByTestId('tile-preparing-progress').textContent()).toMatch(/已就绪 0\/\d+ 路/)
    expect(await tile.getByTestId('tile-status').textContent()).toBe('准备中')
    expect(await page.locator('[data-testid="tile-offline"]').count()).toBe(0)
    await saveScreenshot(page, 'first-start-preparing')

    await page.waitForSelector(`[data-camera-id="${cameraId}"][data-status="playing"]`, { timeout: 90_000 })
    const t0 = await tile.locator('video').evaluate((v: HTMLVideoElement) => v.currentTime)
    await expect.poll(() => tile.locator('video').evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 15_000 }).toBeGreaterThan(t0 + 1)
    expect(await notice.count()).toBe(0)
    await saveScreenshot(page, 'first-start-playing')
    expect(problems.all()).toEqual([])
    await page.close()
  }, 150_000)
})
