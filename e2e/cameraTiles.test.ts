import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, saveScreenshot, watchPage, type LaunchedBrowser } from './support/browser'
import { signInAsDisplay } from './support/signIn'
import { startTileStreams, type TileStreams } from './support/tileStreams'

/**
 * The player contract in a real Chromium: four cameras play through the stream API and the relay
 * (in front of a live HLS origin), each picture advances and shows its delay from
 * program date-time, an offline camera says so on its tile, a silently stalled tile is caught and
 * recovered by the watchdog, closing a tile leaves no player and no source behind, and a tile
 * plays on past the expiry of its signed link.
 */
let browser: LaunchedBrowser
let streams: TileStreams

beforeAll(async () => {
  streams = await startTileStreams()
  browser = await launchBrowser()
  await signInAsDisplay(browser.context, streams.server.url, streams.server.displayToken())
})

afterAll(async () => {
  await browser?.close()
  await streams?.close()
})

type TileState = { id: string; status: string; time: number; latency: string; text: string; src: string | null }
const tiles = (page: Page): Promise<TileState[]> =>
  page.$$eval('[data-testid="camera-tile"]', (els) =>
    els.map((el) => {
      const video = el.querySelector('video')
      return {
        id: el.getAttribute('data-camera-id') ?? '',
        status: el.getAttribute('data-status') ?? '',
        time: video?.currentTime ?? -1,
        latency: el.querySelector('[data-testid="tile-latency"]')?.textContent ?? '',
        text: el.textContent ?? '',
        src: video?.getAttribute('src') ?? null,
      }
    }),
  )

async function openTiles(ids: string[]) {
  const page = await browser.context.newPage()
  await page.setViewportSize({ width: 1920, height: 1080 })
  await page.addInitScript(() => localStorage.removeItem('wall.locale'))
  // The offline camera's failed stream requests are the point of that tile; nothing else may fail.
  const problems = watchPage(page, { ignore: streams.expectedFailures })
  await page.goto(`${streams.server.url}/?view=tiles&quality=sub&cameras=${ids.join(",")}`)
  return { page, problems }
}

const waitForStatus = (page: Page, id: string, status: string, timeout = 30_000) =>
  page.waitForSelector(`[data-camera-id="${id}"][data-status="${status}"]`, { timeout })

describe('camera tiles', () => {
  it('plays four cameras live with their delay, and shows an offline camera as offline', async () => {
    const playing = streams.playable.slice(0, 4)
    const { page, problems } = await openTiles([...playing, streams.offline])

    await Promise.all(playing.map((id) => waitForStatus(page, id, 'playing')))
    await waitForStatus(page, streams.offline, 'offline')
    const before = await tiles(page)
    await page.waitForTimeout(3_000)
    const after = await tiles(page)

    for (const id of playing) {
      const a = before.find((t) => t.id === id)!
      const b = after.find((t) => t.id === id)!
      expect(b.status, id).toBe('playing')
      expect(b.time - a.time, `${id} currentTime advanced`).toBeGreaterThan(2)
      const latency = /^延迟 (\d+\.\d) s$/.exec(b.latency.trim())
      expect(latency, `${id} latency overlay: ${b.latency}`).not.toBeNull()
      // A few target durations behind live, never minutes.
      expect(Number(latency![1])).toBeGreaterThan(0)
      expect(Number(latency![1])).toBeLessThan(20)
    }

    const offline = after.find((t) => t.id === streams.offline)!
    expect(offline.text).toContain('探头离线')
    expect(offline.text).toContain('Camera offline')
    expect(offline.src).toBeNull()

    await saveScreenshot(page, 'camera-tiles-1920x1080.png')
    expect(problems.all()).toEqual([])
    await page.close()
  })

  it('catches a silently stalled tile within 3 target durations and gets it moving again', async () => {
    const id = streams.playable[4]!
    const { page, problems } = await openTiles([id])
    await waitForStatus(page, id, 'playing')
    const td = await page.evaluate(() => window.__videoDiagnostics!.players()[0]!.targetDuration)

    // Pausing the element is a stall with no error event at all: nothing in hls.js notices.
    const stalledAt = Date.now()
    await page.$eval('video', (v: HTMLVideoElement) => v.pause())
    await page.waitForFunction(() => !document.querySelector('video')!.paused, null, { timeout: 3 * td * 1000 + 1_000 })
    const recoveredMs = Date.now() - stalledAt
    const t0 = await page.$eval('video', (v: HTMLVideoElement) => v.currentTime)
    await page.waitForTimeout(1_500)
    const t1 = await page.$eval('video', (v: HTMLVideoElement) => v.currentTime)

    expect(recoveredMs).toBeLessThanOrEqual(3 * td * 1000 + 500)
    expect(t1 - t0).toBeGreaterThan(0.5)
    expect(await page.evaluate(() => window.__videoDiagnostics!.players()[0]!.recoveries)).toBeGreaterThanOrEqual(1)
    expect(problems.all()).toEqual([])
    await page.close()
  })

  it('releases the player when a tile closes: no hls.js instance, no src, no more requests', async () => {
    const [keep, closing] = [streams.playable[5]!, streams.playable[6]!]
    const { page, problems } = await openTiles([keep, closing])
    await Promise.all([waitForStatus(page, keep, 'playing'), waitForStatus(page, closing, 'playing')])
    expect(await page.evaluate(() => window.__videoDiagnostics!.live())).toBe(2)

    const video = await page.$(`[data-camera-id="${closing}"] video`)
    // hls.js plays through a MediaSource object URL.
    expect(await video!.evaluate((v: HTMLVideoElement) => v.currentSrc)).toMatch(/^blob:/)
    await page.getByTestId(`close-${closing}`).click()
    await page.waitForSelector(`[data-camera-id="${closing}"]`, { state: 'detached' })

    const released = await video!.evaluate((v: HTMLVideoElement) => ({
      connected: v.isConnected,
      src: v.getAttribute('src'),
      sources: v.querySelectorAll('source').length,
      networkState: v.networkState,
      readyState: v.readyState,
    }))
    // load() without a source ends in NETWORK_EMPTY; Chromium passes through NETWORK_NO_SOURCE on the way.
    expect(released).toMatchObject({ connected: false, src: null, sources: 0, readyState: 0 })
    expect([NETWORK_EMPTY, NETWORK_NO_SOURCE]).toContain(released.networkState)
    expect(await page.evaluate(() => window.__videoDiagnostics!.live())).toBe(1)
    expect(await page.evaluate(() => window.__videoDiagnostics!.players().map((p) => p.cameraId))).toEqual([keep])

    // The closed camera is not fetched any more; the other one still is.
    const count = (id: string) => problems.requests.filter((u) => streams.isStreamRequest(u, id)).length
    const [closedBefore, keptBefore] = [count(closing), count(keep)]
    await page.waitForTimeout(3_000)
    expect(count(closing)).toBe(closedBefore)
    expect(count(keep)).toBeGreaterThan(keptBefore)
    expect((await tiles(page)).map((t) => [t.id, t.status])).toEqual([[keep, 'playing']])
    expect(problems.all()).toEqual([])
    await page.close()
  })
})

describe('a tile running past its stream link', () => {
  let shortLived: TileStreams

  beforeAll(async () => {
    // The shortest link the relay issues; the player renews it at 80 % of its life.
    shortLived = await startTileStreams({ playable: 1, env: { RELAY_LINK_TTL_S: '60' } })
  })
  afterAll(async () => {
    await shortLived?.close()
  })

  it('renews the signed URL in the background and never meets a 410', async () => {
    const id = shortLived.playable[0]!
    // Cookies are per host, not per port: this replaces the first server's session, so it runs last.
    await signInAsDisplay(browser.context, shortLived.server.url, shortLived.server.displayToken())
    const page = await browser.context.newPage()
    const problems = watchPage(page)
    await page.goto(`${shortLived.server.url}/?view=tiles&quality=sub&cameras=${id}`)
    await waitForStatus(page, id, 'playing')
    const expiries = () => new Set(problems.requests.filter((u) => u.includes('/relay/')).map((u) => new URL(u).searchParams.get('exp')))
    const first = [...expiries()]
    expect(first).toHaveLength(1)

    await page.waitForTimeout(70_000)
    const t0 = await page.$eval('video', (v: HTMLVideoElement) => v.currentTime)
    await page.waitForTimeout(2_000)
    expect(await page.$eval('video', (v: HTMLVideoElement) => v.currentTime)).toBeGreaterThan(t0)
    // Playlist reloads moved to the new link before the old one expired; the picture never stopped.
    expect(expiries().size).toBeGreaterThan(1)
    expect(Number(first[0]) * 1000).toBeLessThan(Date.now())
    expect(await page.getAttribute(`[data-camera-id="${id}"]`, 'data-status')).toBe('playing')
    expect(await page.evaluate(() => window.__videoDiagnostics!.players()[0]!.recoveries)).toBe(0)
    expect(problems.all()).toEqual([])
    await page.close()
  })
})

/** HTMLMediaElement network states without a resource: nothing selected, or no source to select. */
const NETWORK_EMPTY = 0
const NETWORK_NO_SOURCE = 3
