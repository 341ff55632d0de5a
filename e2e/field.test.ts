import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type { Page } from 'playwright-core'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type PageProblems, launchBrowser, watchPage, type LaunchedBrowser } from './support/browser'
import { type ApiCall, apiCaller, reportCase, testCategories, testGrids, type TestCategory, type TestGrid } from './support/cases'
import { launchMobileBrowser } from './support/mobileBrowser'
import { startTestServer, type TestServer } from './support/server'
import { signInAs } from './support/signIn'

/**
 * The field terminal at /m on a 390×844 touch phone (issue 16): a worker signs in with the
 * handset's id, accepts a task and sends feedback with a photo, which a desk then closes; reports a
 * problem offline, reopens the app offline from its service worker, and sees the report arrive
 * once, with its photos, when the network returns; a fake photo or a 30 MB one is refused; and on
 * duty its position reaches the center.
 */
const SHOTS = '/tmp/field-shots'
const PASSWORD = 'field-e2e-password-1'
let server: TestServer
let browser: LaunchedBrowser
let chief: ApiCall
let grid: TestGrid
let category: TestCategory & { unitId: string }
let terminalId: string
let page: Page
let problems: PageProblems
let tmp: string

const jpeg = (seed: number) =>
  sharp({ create: { width: 640, height: 480, channels: 3, background: { r: 40 + seed * 30, g: 120, b: 90 } } })
    .composite([{ input: Buffer.from(`<svg width="640" height="480"><text x="40" y="240" font-size="64" fill="white">site ${seed}</text></svg>`) }])
    .jpeg({ quality: 80 })
    .toBuffer()

async function countCases(): Promise<number> {
  let n = 0
  let cursor: string | null = null
  do {
    const pageOf = await chief(`/cases?limit=200${cursor ? `&cursor=${cursor}` : ''}`)
    n += (pageOf['items'] as unknown[]).length
    cursor = pageOf['nextCursor'] as string | null
  } while (cursor)
  return n
}
const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`) })

beforeAll(async () => {
  server = await startTestServer()
  chief = apiCaller(server.url, await server.tokenFor('duty_chief'))
  grid = (await testGrids(chief))[0]!
  category = (await testCategories(chief)).find((c) => !c.urgent) as TestCategory & { unitId: string }
  terminalId = server.wall.reference.terminals()[0]!.id
  await server.wall.auth.createUser({ username: 'e2e-field', displayName: '网格员甲', role: 'grid_worker', password: PASSWORD, gridId: grid.id, communityId: grid.communityId })
  browser = await launchMobileBrowser(grid.point)
  page = await browser.context.newPage()
  // Expected, not faults: the app asks who is signed in before the worker has (401), and requests
  // the browser cannot make while the test has cut the network.
  problems = watchPage(page, { ignore: [/ERR_INTERNET_DISCONNECTED/, /auth\/me: HTTP 401/, /401 \(Unauthorized\) \(http:\/\/127\.0\.0\.1:\d+\/api\/v1\/auth\/me/] })
  tmp = await mkdtemp(path.join(os.tmpdir(), 'field-e2e-files-'))
}, 240_000)

afterAll(async () => {
  await browser?.close()
  await server?.close()
  if (tmp) await rm(tmp, { recursive: true, force: true })
})

describe('the field terminal at /m', () => {
  it('signs a worker in, who accepts a task and sends feedback with a photo; the desk closes the case', async () => {
    const c = await reportCase(chief, grid.point, { categoryCode: category.code, title: '井盖松动', address: '现场测试地址' })
    const filed = await chief(`/cases/${c.id}/transitions`, { method: 'POST', body: { action: 'file', version: c.version } })
    await chief(`/cases/${c.id}/transitions`, { method: 'POST', body: { action: 'dispatch', version: filed['version'], assignee: { kind: 'unit', id: category.unitId } } })

    await page.goto(`${server.url}/m`)
    await page.getByTestId('field-signin').waitFor()
    await shot('1-signin')
    await page.getByTestId('field-username').fill('e2e-field')
    await page.getByTestId('field-password').fill(PASSWORD)
    await page.getByTestId('field-terminal-id').fill(terminalId)
    await page.getByTestId('field-signin-submit').tap()
    const task = page.locator(`[data-testid="field-task"][data-case-id="${c.id}"]`)
    await task.waitFor()
    await shot('2-tasks')
    await task.getByTestId('field-accept').tap()
    await page.locator(`[data-testid="field-task"][data-case-id="${c.id}"][data-state="in_progress"]`).waitFor()

    await task.getByTestId('field-open').tap()
    await page.locator('[data-testid="field-map"][data-state="drawing"], [data-testid="field-map"][data-state="ready"]').waitFor({ timeout: 60_000 })
    await page.getByTestId('field-step-notes').fill('已紧固井盖，现场恢复正常')
    await page.getByTestId('field-photo-input').setInputFiles({ name: 'site.jpg', mimeType: 'image/jpeg', buffer: await jpeg(1) })
    await page.locator('[data-testid="field-photos"] img').waitFor()
    await shot('3-feedback')
    await page.getByTestId('field-step-send').tap()
    await page.getByTestId('field-tab-outbox').tap()
    const item = page.locator('[data-testid="field-outbox-item"][data-kind="step"]')
    await item.locator('[data-testid="field-outbox-result"]').waitFor()
    expect(await item.getByTestId('field-outbox-photos').textContent()).toBe('已接收 1/1 张照片')

    const after = await chief(`/cases/${c.id}`)
    expect(after['state']).toBe('pending_check')
    const feedback = (after['history'] as { action: string; photos: string[] }[]).find((e) => e.action === 'feedback')
    expect(feedback?.photos).toHaveLength(1)
    await checkerSeesPhoto(c.id)
    const closed = await chief(`/cases/${c.id}/transitions`, { method: 'POST', body: { action: 'close', version: after['version'] } })
    expect(closed['state']).toBe('closed')
    expect(problems.all()).toEqual([])
  })

  it('keeps a report made offline through an offline reload and sends it exactly once when the network returns', async () => {
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 60_000 })
    // Online once more under the service worker, as a worker's second start of the day would be.
    await page.reload()
    await page.getByTestId('field-app').waitFor()
    const before = await countCases()

    await browser.context.setOffline(true)
    await page.getByTestId('field-online').filter({ hasText: '离线' }).waitFor()
    await page.getByTestId('field-tab-report').tap()
    await page.getByTestId('field-category-option').first().tap()
    await page.getByTestId('field-use-gps').tap()
    await page.getByTestId('field-report-fix').filter({ hasText: '精度' }).waitFor()
    await page.getByTestId('field-description').fill('人行道地砖破损两处')
    await page.getByTestId('field-photo-input').setInputFiles([
      { name: 'a.jpg', mimeType: 'image/jpeg', buffer: await jpeg(2) },
      { name: 'b.jpg', mimeType: 'image/jpeg', buffer: await jpeg(3) },
    ])
    await page.locator('[data-testid="field-photos"] img').nth(1).waitFor()
    await shot('4-report-offline')
    await page.getByTestId('field-report-save').tap()
    await page.getByTestId('field-outbox').waitFor()
    const queued = page.locator('[data-testid="field-outbox-item"][data-kind="report"][data-status="queued"]')
    await queued.waitFor()
    expect(await queued.getByTestId('field-outbox-photos').textContent()).toBe('已接收 0/2 张照片')

    await page.reload()
    await page.getByTestId('field-app').waitFor()
    await page.getByTestId('field-tab-outbox').tap()
    await page.locator('[data-testid="field-outbox-item"][data-kind="report"][data-status="queued"]').waitFor()
    await shot('5-outbox-offline')
    expect(await countCases()).toBe(before)

    await browser.context.setOffline(false)
    const sent = page.locator('[data-testid="field-outbox-item"][data-kind="report"][data-status="sent"]')
    await sent.locator('[data-testid="field-outbox-result"]').waitFor({ timeout: 60_000 })
    expect(await sent.getByTestId('field-outbox-photos').textContent()).toBe('已接收 2/2 张照片')
    await shot('6-outbox-sent')
    await page.reload()
    await page.getByTestId('field-app').waitFor()
    await new Promise((r) => setTimeout(r, 2000))
    expect(await countCases()).toBe(before + 1)
    const reported = ((await chief('/cases?source=terminal&limit=200'))['items'] as { id: string; code: string; description: string }[]).find((x) => x.description === '人行道地砖破损两处')
    expect(reported).toBeDefined()
    const full = await chief(`/cases/${reported!.id}`)
    expect((full['history'] as { action: string; photos: string[] }[])[0]?.photos).toHaveLength(2)
    expect(problems.consoleErrors.concat(problems.pageErrors)).toEqual([])
  })

  it('refuses an HTML file named .jpg and a 30 MB file with a clear message, storing nothing', async () => {
    await page.getByTestId('field-tab-report').tap()
    const big = path.join(tmp, 'huge.jpg')
    const bytes = Buffer.alloc(30 * 1024 * 1024)
    bytes.set([0xff, 0xd8, 0xff, 0xe0])
    await writeFile(big, bytes)
    const blobsBefore = await page.evaluate(countBlobs)
    const uploads = problems.requests.filter((u) => u.endsWith('/api/v1/photos')).length
    await page.getByTestId('field-photo-input').setInputFiles({ name: 'notice.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('<!doctype html><html><body>not a photo</body></html>') })
    await page.getByTestId('field-photo-refused').filter({ hasText: '不是照片' }).waitFor()
    await page.getByTestId('field-photo-input').setInputFiles(big)
    await page.getByTestId('field-photo-refused').filter({ hasText: '超过 10 MB' }).waitFor()
    await page.getByTestId('field-photo-refused').last().scrollIntoViewIfNeeded()
    await shot('7-refused')
    expect(await page.locator('[data-testid="field-photos"] img').count()).toBe(0)
    expect(await page.evaluate(countBlobs)).toBe(blobsBefore)
    expect(problems.requests.filter((u) => u.endsWith('/api/v1/photos')).length).toBe(uploads)
    expect(problems.consoleErrors.concat(problems.pageErrors)).toEqual([])
  })

  it('reports the worker\'s position once on duty, which the center then sees with the handset\'s id, and stops at 下班', async () => {
    await page.getByTestId('field-duty').tap()
    await page.getByTestId('field-duty-state').filter({ hasText: '上班中' }).waitFor()
    await shot('8-on-duty')
    const mine = async () => ((await chief('/positions'))['items'] as { name: string; terminalId: string | null; onDuty: boolean }[]).find((p) => p.name === '网格员甲')
    await expect.poll(mine, { timeout: 30_000 }).toMatchObject({ terminalId, onDuty: true })
    await page.getByTestId('field-duty').tap()
    await page.getByTestId('field-duty-state').filter({ hasText: '已下班' }).waitFor()
    await expect.poll(mine, { timeout: 30_000 }).toBeUndefined()
    expect(problems.consoleErrors.concat(problems.pageErrors)).toEqual([])
  })
})

/**
 * The checker at the desk (1600×900) sees the feedback's photo from this server — its thumbnail,
 * the watermarked copy in the full view — and what its receipt flags: the test's JPEG carries no
 * EXIF, so nothing vouches for its time or place.
 */
async function checkerSeesPhoto(caseId: string): Promise<void> {
  await server.wall.auth.createUser({ username: 'e2e-field-checker', displayName: '受理员乙', role: 'intake', password: PASSWORD })
  const desk = await launchBrowser()
  try {
    await signInAs(desk.context, server.url, 'e2e-field-checker', PASSWORD)
    const p = await desk.context.newPage()
    await p.setViewportSize({ width: 1600, height: 900 })
    const seen = watchPage(p, { ignore: [/\/relay\//, /\/api\/v1\/cameras\/[^/]+\/stream/] })
    await p.goto(`${server.url}/desk?case=${caseId}`)
    const thumb = p.locator('[data-testid="drawer-thumb"][data-kind="photo"]')
    await thumb.locator('img').waitFor()
    expect(await thumb.locator('img').getAttribute('src')).toMatch(/^\/api\/v1\/photos\/ph_[0-9a-f]{24}\/thumb$/)
    await p.waitForFunction(() => [...document.querySelectorAll<HTMLImageElement>('[data-testid="drawer-thumb"][data-kind="photo"] img')].every((img) => img.naturalWidth > 0))
    expect(await thumb.getByTestId('drawer-photo-flags').getAttribute('data-flags')).toBe('no_time no_place')
    await thumb.click()
    const full = p.getByTestId('drawer-lightbox-image')
    expect(await full.getAttribute('src')).toMatch(/\/evidence$/)
    await p.waitForFunction(() => (document.querySelector<HTMLImageElement>('[data-testid="drawer-lightbox-image"]')?.naturalWidth ?? 0) > 0)
    await p.screenshot({ path: path.join(SHOTS, '9-desk-photo.png') })
    expect(seen.consoleErrors.concat(seen.pageErrors)).toEqual([])
  } finally {
    await desk.close()
  }
}

/** Photo bytes kept in the outbox's IndexedDB (runs in the page). */
function countBlobs(): Promise<number> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('field-outbox')
    open.onerror = () => reject(open.error)
    open.onsuccess = () => {
      const req = open.result.transaction('blobs').objectStore('blobs').count()
      req.onsuccess = () => {
        open.result.close()
        resolve(req.result)
      }
      req.onerror = () => reject(req.error)
    }
  })
}
