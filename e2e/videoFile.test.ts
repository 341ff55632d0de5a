import type { Page } from 'playwright-core'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { launchBrowser, saveScreenshot, watchPage, type LaunchedBrowser, type PageProblems } from './support/browser'
import { apiCaller, type ApiCall } from './support/cases'
import { putTerminalWorkersOnDuty } from './support/positions'
import { nearestCameras } from '../shared/wall/nearestCameras'
import { signInAs } from './support/signIn'
import { startTileStreams, type TileStreams } from './support/tileStreams'

/**
 * 视频巡查 (issue 14 point 8): a duty chief files a case from a playing tile, on the wall and in the
 * desk's drawer: 立案, the category typed and Enter, 提交 (three clicks with 派遣, plus the category's
 * keys). The case is 视频发现 at the camera's position (or where the pin was nudged), its evidence is
 * the tile's still as a real JPEG at the video's resolution, and the on-duty grid workers are offered
 * first; 派遣 sends it to the first of them. The drawer's nearest cameras play and are torn down with it.
 */
let streams: TileStreams
let browser: LaunchedBrowser
let chief: ApiCall
let category: { code: string; name: string }
let cameras: { id: string; name: string; location: { lng: number; lat: number }; heading: number }[]
const PASSWORD = 'video-file-e2e-password-1'
// A tile whose camera changes destroys its player at once, cancelling a segment in flight.
const TEARDOWN = /\/relay\/\S+: net::ERR_ABORTED$/

beforeAll(async () => {
  streams = await startTileStreams({ playable: 4 })
  chief = apiCaller(streams.server.url, await streams.server.tokenFor('duty_chief'))
  // Not urgent: an urgent case would raise an alarm and take the wall's tiles over, by design.
  const categories = (await chief('/categories')).items as { code: string; name: string; urgent: boolean }[]
  category = categories.find((c) => !c.urgent && categories.filter((o) => o.name === c.name).length === 1)!
  cameras = (await chief('/cameras')).items as typeof cameras
  await streams.server.wall.auth.createUser({ username: 'e2e-video-duty', displayName: '值班长甲', role: 'duty_chief', password: PASSWORD })
  browser = await launchBrowser()
  await signInAs(browser.context, streams.server.url, 'e2e-video-duty', PASSWORD)
}, 300_000)

afterAll(async () => {
  await browser?.close()
  await streams?.close()
})

// On duty is a fresh fix from the worker's terminal (issue 16): the handsets report before each filing.
beforeEach(async () => {
  await putTerminalWorkersOnDuty(streams.server, await streams.server.tokenFor('integration'))
})

const cameraAt = (id: string) => cameras.find((c) => c.id === id)!
/** Has the origin ready every camera a drawer at this spot may play (its 4 nearest at any distance hold them all). */
const warmAround = (at: { location: { lng: number; lat: number } }) =>
  streams.warm(nearestCameras([at.location.lng, at.location.lat], cameras, { count: 4, maxDistanceMeters: Number.POSITIVE_INFINITY }).map((c) => c.id), 'sub')

async function openPage(path: string): Promise<{ page: Page; problems: PageProblems }> {
  const page = await browser.context.newPage()
  await page.setViewportSize({ width: 1920, height: 1080 })
  await page.addInitScript(() => {
    localStorage.removeItem('wall.locale')
    localStorage.removeItem('video.recentCategories')
    ;(window as unknown as { __clicks: number }).__clicks = 0
    window.addEventListener('click', (e) => e.isTrusted && ((window as unknown as { __clicks: number }).__clicks += 1), true)
  })
  const problems = watchPage(page, { ignore: [...streams.expectedFailures, TEARDOWN] })
  await page.goto(`${streams.server.url}${path}`)
  return { page, problems }
}
const clicksIn = (page: Page) => page.evaluate(() => (window as unknown as { __clicks: number }).__clicks)

/** The still the case holds, decoded in the page: its type, and its size in pixels. */
async function evidenceOf(page: Page, caseId: string) {
  const items = (await chief(`/cases/${caseId}/evidence`)).items as { cameraId: string; mime: string; url: string; takenAt: string }[]
  expect(items).toHaveLength(1)
  const decoded = await page.evaluate(async (url) => {
    const blob = await (await fetch(url)).blob()
    const head = new Uint8Array(await blob.slice(0, 3).arrayBuffer())
    const bitmap = await createImageBitmap(blob)
    return { type: blob.type, jpeg: head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff, width: bitmap.width, height: bitmap.height }
  }, items[0]!.url)
  return { ...items[0]!, ...decoded }
}

/** What the video of a tile shows, in pixels. */
const videoSize = (page: Page, tile: string) =>
  page.$eval(`${tile} video`, (v) => ({ width: (v as HTMLVideoElement).videoWidth, height: (v as HTMLVideoElement).videoHeight }))

/** The category typed and taken with Enter; returns the keys pressed. */
async function pickCategory(page: Page): Promise<number> {
  const input = page.getByTestId('file-category-input')
  await expect.poll(() => input.evaluate((el) => el === document.activeElement), { timeout: 5000 }).toBe(true)
  await page.locator('[data-testid="file-category-option"]').first().waitFor({ timeout: 10_000 })
  await page.keyboard.insertText(category.name)
  await expect.poll(() => page.locator('[data-testid="file-category-option"]').first().getAttribute('data-code')).toBe(category.code)
  await page.keyboard.press('Enter')
  await expect.poll(() => page.getByTestId('file-category-chosen').getAttribute('data-code')).toBe(category.code)
  return category.name.length + 1
}

/** The filed case is waiting for dispatch, with its still attached, and the suggestion offers on-duty workers first. */
async function filedAndOffered(page: Page): Promise<string> {
  const outcome = page.getByTestId('file-outcome')
  await expect.poll(() => outcome.getAttribute('data-state'), { timeout: 20_000 }).toBe('pending_dispatch')
  await page.getByTestId('file-evidence').waitFor({ timeout: 20_000 })
  const caseId = (await outcome.getAttribute('data-case-id'))!
  const offered = page.locator('[data-testid="file-candidate"]')
  await offered.first().waitFor({ timeout: 10_000 })
  const kinds = await offered.evaluateAll((els) => els.map((el) => [el.getAttribute('data-kind'), el.textContent ?? '']))
  expect(kinds.length).toBeGreaterThan(0)
  for (const [kind, text] of kinds) {
    expect(kind, 'the first offers are the grid\'s on-duty workers').toBe('worker')
    expect(text).toContain('在岗')
  }
  return caseId
}

describe('filing from a tile (视频巡查)', () => {
  it('on the wall: three clicks and the category make a 视频发现 case at the camera, with its still, sent to an on-duty worker', async () => {
    const camera = cameraAt(streams.playable[0]!)
    await chief('/walls/main/commands', { method: 'POST', body: { command: { type: 'setLayout', layout: '4' } } })
    await chief('/walls/main/commands', { method: 'POST', body: { command: { type: 'fillTiles', cameraIds: streams.playable } } })
    const { page, problems } = await openPage('/wall/main')
    const cell = page.locator(`[data-testid="wall-cell"][data-camera-id="${camera.id}"]`)
    await cell.locator('[data-testid="camera-tile"][data-status="playing"]').waitFor({ timeout: 90_000 })
    await expect.poll(() => videoSize(page, `[data-testid="wall-cell"][data-camera-id="${camera.id}"]`), { timeout: 20_000 }).not.toEqual({ width: 0, height: 0 })
    const size = await videoSize(page, `[data-testid="wall-cell"][data-camera-id="${camera.id}"]`)
    const wallVersion = Number((await chief('/walls/main'))['version'])

    await cell.hover()
    await cell.getByTestId('tile-file').click()
    await page.getByTestId('file-dialog').waitFor()
    const keys = await pickCategory(page)
    expect(await page.getByTestId('file-title').inputValue()).toBe(`${category.name} · ${camera.name}`)
    expect(await page.getByTestId('file-grid').textContent()).toMatch(/（\d+）/)
    await page.getByTestId('file-submit').click()
    const caseId = await filedAndOffered(page)
    await saveScreenshot(page, 'video-file-wall.png')
    const first = page.locator('[data-testid="file-candidate"]').first()
    const assignee = { kind: await first.getAttribute('data-kind'), id: await first.getAttribute('data-id') }
    await first.getByTestId('file-dispatch').click()
    await expect.poll(() => page.getByTestId('file-outcome').textContent(), { timeout: 10_000 }).toContain('已派遣')
    expect(await clicksIn(page), 'three clicks: 立案, 提交, 派遣').toBe(3)
    console.warn(`[videoFile] wall: 3 clicks + ${keys} keys (category "${category.name}" and Enter)`)

    const filed = (await chief(`/cases/${caseId}`)) as { source: string; location: unknown; categoryCode: string; state: string; assignee: unknown; history: { action: string }[] }
    expect(filed).toMatchObject({ source: 'camera', location: camera.location, categoryCode: category.code, state: 'dispatched', assignee })
    expect(filed.history.map((e) => e.action)).toEqual(['report', 'file', 'dispatch'])
    const still = await evidenceOf(page, caseId)
    expect(still).toMatchObject({ cameraId: camera.id, mime: 'image/jpeg', type: 'image/jpeg', jpeg: true, width: size.width, height: size.height })
    // Filing is casework, not a wall command: the wall is as it was.
    expect(Number((await chief('/walls/main'))['version'])).toBe(wallVersion)
    expect(problems.all()).toEqual([])
    await page.close()
  }, 240_000)

  it("in the desk's drawer: the nearest cameras play, a nudged pin moves the case, and closing the drawer ends the players", async () => {
    const camera = cameraAt(streams.playable[1]!)
    const other = cameraAt(streams.playable[2]!)
    // A case on the camera's own spot, filed: the drawer's first tile is that camera (0 m).
    const open = async (at: typeof camera, title: string) => {
      const made = await chief('/cases', { method: 'POST', body: { source: 'hotline', categoryCode: category.code, title, address: '鼓楼东大街', location: at.location } })
      await chief(`/cases/${String(made['id'])}/transitions`, { method: 'POST', body: { action: 'file', version: made['version'] } })
      return { id: String(made['id']), code: String(made['code']) }
    }
    const here = await open(camera, '抽屉探头测试')
    const there = await open(other, '抽屉探头测试二')
    await Promise.all([warmAround(camera), warmAround(other)])
    const { page, problems } = await openPage('/desk')
    await page.waitForSelector('[data-testid="desk"]')
    await page.locator('[data-testid="desk-queue"][data-queue="pending_dispatch"]').click()
    const openCase = async (c: { id: string; code: string }) => {
      await page.fill('[data-testid="desk-search"]', c.code.toLowerCase())
      await page.locator(`[data-testid="desk-row"][data-case-id="${c.id}"]`).click({ timeout: 15_000 })
      await page.locator(`[data-testid="desk-drawer"][data-case-id="${c.id}"]`).waitFor()
    }
    await openCase(there)
    const tiles = page.locator('[data-testid="drawer-camera"]')
    await expect.poll(() => tiles.first().getAttribute('data-camera-id'), { timeout: 20_000 }).toBe(other.id)
    await openCase(here)
    await expect.poll(() => tiles.first().getAttribute('data-camera-id'), { timeout: 20_000 }).toBe(camera.id)
    // The other case's players went with its tiles: one video per tile of this case, none left over.
    await expect.poll(async () => (await page.locator('video').count()) - (await tiles.count())).toBe(0)
    const n = await tiles.count()
    expect(n).toBeGreaterThanOrEqual(2)
    expect(n).toBeLessThanOrEqual(4)
    expect(await tiles.first().getByTestId('drawer-camera-distance').textContent()).toBe('0 米')
    const tile = `[data-testid="drawer-camera"][data-camera-id="${camera.id}"]`
    await page.locator(`${tile} [data-testid="camera-tile"][data-status="playing"]`).waitFor({ timeout: 90_000 })
    await expect.poll(() => videoSize(page, tile), { timeout: 20_000 }).not.toEqual({ width: 0, height: 0 })
    const size = await videoSize(page, tile)
    const clicksBefore = await clicksIn(page)

    await page.locator(tile).getByTestId('tile-file').click()
    await page.getByTestId('file-dialog').waitFor()
    await pickCategory(page)
    // The case open at this spot is of the same 小类: the dialog says this may repeat it (and files all the same).
    await expect.poll(() => page.getByTestId('file-duplicates').textContent(), { timeout: 10_000 }).toContain(here.code)
    await saveScreenshot(page, 'video-file-drawer.png')
    // The spot is 10 m north of the camera: one nudge.
    await page.getByTestId('file-nudge-n').click()
    const pin = page.getByTestId('file-location')
    const moved = { lng: Number(await pin.getAttribute('data-lng')), lat: Number(await pin.getAttribute('data-lat')) }
    expect(moved.lat).toBeGreaterThan(camera.location.lat)
    expect(moved.lng).toBeCloseTo(camera.location.lng, 9)
    await page.getByTestId('file-submit').click()
    const caseId = await filedAndOffered(page)
    await page.locator('[data-testid="file-candidate"]').first().getByTestId('file-dispatch').click()
    await expect.poll(() => page.getByTestId('file-outcome').textContent(), { timeout: 10_000 }).toContain('已派遣')
    expect((await clicksIn(page)) - clicksBefore, '立案, the nudge, 提交, 派遣').toBe(4)

    const filed = (await chief(`/cases/${caseId}`)) as { source: string; location: { lng: number; lat: number }; state: string }
    expect(filed).toMatchObject({ source: 'camera', location: moved, state: 'dispatched' })
    const still = await evidenceOf(page, caseId)
    expect(still).toMatchObject({ cameraId: camera.id, jpeg: true, width: size.width, height: size.height })

    await page.getByTestId('file-finish').click()
    await page.getByTestId('file-dialog').waitFor({ state: 'detached' })
    await page.getByTestId('drawer-close').click()
    await page.locator('[data-testid="desk-drawer"]').waitFor({ state: 'detached' })
    expect(await page.locator('video').count(), 'no player outlives the drawer').toBe(0)
    expect(problems.all()).toEqual([])
    await page.close()
  }, 240_000)

  it('as intake: a failed upload keeps the filed case and 重试 attaches the still; dispatch is left to the dispatcher', async () => {
    const camera = cameraAt(streams.playable[3]!)
    await streams.server.wall.auth.createUser({ username: 'e2e-video-intake', displayName: '受理员甲', role: 'intake', password: PASSWORD })
    const made = await chief('/cases', { method: 'POST', body: { source: 'hotline', categoryCode: category.code, title: '受理员视频立案测试', address: '鼓楼东大街', location: camera.location } })
    await warmAround(camera)
    // Another host name, so this page has a session of its own (intake's), beside the duty chief's.
    const base = streams.server.url.replace('127.0.0.1', 'localhost')
    const page = await browser.context.newPage()
    await page.setViewportSize({ width: 1920, height: 1080 })
    await page.addInitScript(() => localStorage.removeItem('video.recentCategories'))
    const refused = [/evidence: HTTP 503/, /status of 503 \(Service Unavailable\) \(\S+\/evidence/]
    const problems = watchPage(page, { ignore: [...streams.expectedFailures, TEARDOWN, ...refused] })
    expect((await page.request.post(`${base}/api/v1/auth/login`, { data: { username: 'e2e-video-intake', password: PASSWORD } })).ok()).toBe(true)
    // The first upload fails as a proxy might; the retry goes through.
    let uploads = 0
    await page.route('**/api/v1/cases/*/evidence', (route) =>
      route.request().method() === 'POST' && ++uploads === 1
        ? route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ error: { code: 'UNAVAILABLE', message: 'upstream busy' } }) })
        : route.continue(),
    )
    await page.goto(`${base}/desk`)
    await page.waitForSelector('[data-testid="desk"]')
    await page.fill('[data-testid="desk-search"]', String(made['code']).toLowerCase())
    await page.locator(`[data-testid="desk-row"][data-case-id="${String(made['id'])}"]`).click({ timeout: 15_000 })
    const tile = `[data-testid="drawer-camera"][data-camera-id="${camera.id}"]`
    await page.locator(`${tile} [data-testid="camera-tile"][data-status="playing"]`).waitFor({ timeout: 90_000 })
    await expect.poll(() => videoSize(page, tile), { timeout: 20_000 }).not.toEqual({ width: 0, height: 0 })

    await page.locator(tile).getByTestId('tile-file').click()
    await page.getByTestId('file-dialog').waitFor()
    await pickCategory(page)
    await page.getByTestId('file-submit').click()
    await expect.poll(() => page.getByTestId('file-problem').getAttribute('data-stage'), { timeout: 20_000 }).toBe('evidence')
    const outcome = page.getByTestId('file-outcome')
    expect(await outcome.getAttribute('data-state'), 'the case exists, filed, although its still is not attached yet').toBe('pending_dispatch')
    const caseId = (await outcome.getAttribute('data-case-id'))!
    expect(((await chief(`/cases/${caseId}/evidence`)).items as unknown[]).length).toBe(0)
    await page.getByTestId('file-retry').click()
    await page.getByTestId('file-evidence').waitFor({ timeout: 20_000 })
    expect(uploads).toBe(2)
    expect(await outcome.textContent()).toContain('已立案')
    expect(await outcome.textContent()).toContain('待派遣')
    // Intake sees whom the dispatcher will be offered, and has no 派遣 of its own.
    await page.locator('[data-testid="file-candidate"]').first().waitFor({ timeout: 10_000 })
    expect(await page.locator('[data-testid="file-candidate"]').first().getAttribute('data-kind')).toBe('worker')
    expect(await page.getByTestId('file-dispatch').count()).toBe(0)

    const filed = (await chief(`/cases/${caseId}`)) as { source: string; state: string; history: { action: string; actorRole: string }[] }
    expect(filed).toMatchObject({ source: 'camera', state: 'pending_dispatch' })
    expect(filed.history.map((e) => [e.action, e.actorRole])).toEqual([['report', 'intake'], ['file', 'intake']])
    const camerasCases = (await chief(`/cases?source=camera&q=${encodeURIComponent(camera.name)}`)).items as { id: string }[]
    expect(camerasCases.map((c) => c.id), 'one case, however many tries').toEqual([caseId])
    expect((await evidenceOf(page, caseId)).jpeg).toBe(true)
    expect(problems.all()).toEqual([])
    await page.close()
  }, 240_000)
})
