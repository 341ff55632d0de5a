import type { Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { launchBrowser, saveScreenshot, watchPage, type LaunchedBrowser, type PageProblems } from './support/browser'
import { signInAsDisplay } from './support/signIn'
import { startTileStreams, type TileStreams } from './support/tileStreams'

/**
 * The operations wall in a real Chromium, signed in as a wall display: 16 tiles play, an urgent
 * case takes over tiles and the map within a second, acknowledging restores the wall, two screens
 * of one wall stay in step, a camera dragged onto a tile plays, an offline camera says so, and a
 * reload brings the same wall back. The dispatcher's console is a second page on another host
 * name (localhost vs 127.0.0.1), so it has a session of its own.
 */
let browser: LaunchedBrowser
let streams: TileStreams
let dispatcherToken: string
let gatewayToken: string

beforeAll(async () => {
  streams = await startTileStreams({ playable: 17 })
  browser = await launchBrowser()
  await signInAsDisplay(browser.context, streams.server.url, streams.server.displayToken('main'))
  dispatcherToken = await streams.server.tokenFor('dispatcher')
  gatewayToken = await streams.server.tokenFor('integration')
}, 300_000)

afterAll(async () => {
  await browser?.close()
  await streams?.close()
})

async function api(path: string, init: { method?: string; body?: unknown; token?: string; headers?: Record<string, string> } = {}) {
  const res = await fetch(`${streams.server.url}/api/v1${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${init.token ?? dispatcherToken}`, 'content-type': 'application/json', ...init.headers },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  })
  const body = (await res.json()) as Record<string, unknown>
  if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(body)}`)
  return body
}
const push = (command: unknown) => api('/walls/main/commands', { method: 'POST', body: { command } })
const categoryList = async () => (await api('/categories')).items as { code: string; urgent: boolean; unitId: string }[]
/** A point inside the first grid, so a report there resolves to it. */
async function gridCenter(): Promise<{ lng: number; lat: number }> {
  const grids = (await api('/grids')).features as { geometry: { coordinates: number[][][] } }[]
  const ring = grids[0]!.geometry.coordinates[0]!
  return { lng: (ring[0]![0]! + ring[2]![0]!) / 2, lat: (ring[0]![1]! + ring[2]![1]!) / 2 }
}
/** A case reported through the gateway and filed by intake: it waits for dispatch. */
async function waitingCase(title: string, categoryCode: string): Promise<{ id: string; code: string }> {
  const asIntake = { token: gatewayToken, headers: { 'x-on-behalf-of': 'intake/intake-1' } }
  const body = { source: 'hotline', categoryCode, title, location: await gridCenter(), address: '鼓楼东大街' }
  const created = await api('/cases', { method: 'POST', body, ...asIntake })
  await api(`/cases/${String(created['id'])}/transitions`, { method: 'POST', body: { action: 'file', version: created['version'] }, ...asIntake })
  return { id: String(created['id']), code: String(created['code']) }
}

/** Each test starts from a wall without an alarm (held or waiting) or a tour, whatever the one before left behind. */
async function resetWall(): Promise<void> {
  type Wall = { alarm: { caseId: string } | null; tour: unknown }
  let wall = (await api('/walls/main')) as Wall
  // Acknowledging brings up the next waiting alarm: until none is left.
  while (wall.alarm) wall = (await push({ type: 'acknowledgeAlarm', caseId: wall.alarm.caseId })) as Wall
  if (wall.tour) await push({ type: 'stopTour' })
}

async function openWall(width = 1920, height = 1080, ignore: RegExp[] = []): Promise<{ page: Page; problems: PageProblems }> {
  const base = streams.server.url
  const page = await browser.context.newPage()
  await page.setViewportSize({ width, height })
  await page.addInitScript(() => localStorage.removeItem('wall.locale'))
  // A tile whose camera changes (alarm, tour, drop) destroys its player at once, cancelling a segment in flight.
  const teardown = /\/relay\/\S+: net::ERR_ABORTED$/
  const problems = watchPage(page, { ignore: [...streams.expectedFailures, teardown, ...ignore] })
  await page.goto(`${base}/wall/main`)
  await page.waitForFunction(() => window.__wallDiagnostics?.mapLoaded === true, null, { timeout: 90_000 })
  return { page, problems }
}

/** Relay requests for cameras outside the playable set: the demo fleet's offline ones among them answer 502. */
const otherCameras = () => new RegExp(`/relay/(?!(?:${streams.playable.join('|')})/)`)

/** The dispatcher's console: a person's session on another host name (localhost), so it has a cookie of its own. */
async function openConsole(ignore: RegExp[] = []): Promise<{ page: Page; problems: PageProblems }> {
  const page = await browser.context.newPage()
  await page.setViewportSize({ width: 1920, height: 1080 })
  const problems = watchPage(page, { ignore: [...streams.expectedFailures, ...ignore, /\/api\/v1\/auth\/me/, /status of 401/] })
  const base = streams.server.url.replace('127.0.0.1', 'localhost')
  const login = await page.request.post(`${base}/api/v1/auth/login`, { data: { username: 'e2e-dispatch', password: await dispatcherPassword() } })
  expect(login.ok()).toBe(true)
  await page.goto(`${base}/wall/main`)
  return { page, problems }
}

const cellCameras = (page: Page) => page.$$eval('[data-testid="wall-cell"]', (els) => els.map((el) => el.getAttribute('data-camera-id') ?? ''))
const playingTimes = (page: Page) =>
  page.$$eval('[data-testid="wall-cell"] [data-testid="camera-tile"]', (els) =>
    els.map((el) => ({ id: el.getAttribute('data-camera-id'), status: el.getAttribute('data-status'), time: el.querySelector('video')?.currentTime ?? -1 })),
  )

describe('the operations wall', () => {
  beforeEach(resetWall)
  // A test that failed half-way leaves its pages playing; the next one should not pay for them.
  afterEach(async () => {
    for (const page of browser.context.pages()) if (page.url().startsWith('http')) await page.close().catch(() => {})
  })

  it('loads signed in as a wall display and plays 16 tiles', async () => {
    await push({ type: 'setLayout', layout: '16' })
    await push({ type: 'fillTiles', cameraIds: streams.playable.slice(0, 16) })
    const { page, problems } = await openWall()
    expect(await page.$('[data-testid="wall-controls"]')).toBeNull()
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="camera-tile"][data-status="playing"]').length === 16, null, { timeout: 90_000 })
    const before = await playingTimes(page)
    await page.waitForTimeout(3000)
    const after = await playingTimes(page)
    for (const tile of after) {
      const was = before.find((b) => b.id === tile.id)!
      expect(tile.time - was.time, `${tile.id} advanced`).toBeGreaterThan(1)
    }
    // A chart with nothing to show says so, and draws nothing behind the notice.
    const charts = await page.$$eval('figure.kpi-chart', (els) =>
      els.map((el) => ({ empty: el.getAttribute('data-empty') === 'true', notice: el.textContent?.includes('暂无数据') ?? false, canvas: getComputedStyle(el.querySelector('.kpi-chart__canvas')!).visibility })),
    )
    expect(charts.filter((c) => c.empty).length, 'a fresh store has empty charts').toBeGreaterThan(0)
    for (const chart of charts) expect(chart).toEqual(chart.empty ? { empty: true, notice: true, canvas: 'hidden' } : { empty: false, notice: false, canvas: 'visible' })
    await saveScreenshot(page, 'wall-1920x1080.png')
    expect(problems.all()).toEqual([])
    await page.close()
  }, 180_000)

  it('shows a new urgent case on the map and in alarm tiles within a second, and acknowledging restores the tour', async () => {
    await push({ type: 'setLayout', layout: '9' })
    await push({ type: 'startTour', tour: { id: 'e2e-tour', name: '测试轮巡', cameraIds: streams.playable.slice(0, 9), dwellSeconds: 600 } })
    // The alarm's cameras are whichever are nearest the case: the demo fleet has offline ones among them.
    const { page, problems } = await openWall(1920, 1080, [otherCameras()])
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="wall-cell"]').length === 9)
    const tour = await cellCameras(page)
    const categories = await categoryList()
    const location = await gridCenter()
    const started = Date.now()
    const created = await api('/cases', {
      method: 'POST',
      token: gatewayToken,
      headers: { 'x-on-behalf-of': 'intake/intake-1' },
      body: { source: 'hotline', categoryCode: categories.find((c) => c.urgent)!.code, title: '燃气泄漏', location, address: '鼓楼东大街' },
    })
    const caseId = created['id'] as string
    // Stamped in the page on the first frame that shows both, so the test's own polling is not counted.
    const seenAt = await page.waitForFunction(
      (id) => document.querySelector('[data-testid="alarm-label"]') !== null && (window.__wallDiagnostics?.caseIds?.().includes(id) ?? false) && Date.now(),
      caseId,
      { polling: 'raf', timeout: 5000 },
    )
    const took = ((await seenAt.jsonValue()) as number) - started
    expect(took).toBeLessThan(1000)
    const held = (await api('/walls/main')) as { alarm: { cameraIds: string[]; tiles: number[] } }
    const shown = await cellCameras(page)
    expect(held.alarm.tiles.map((i) => shown[i])).toEqual(held.alarm.cameraIds.slice(0, held.alarm.tiles.length))
    expect(await page.textContent('[data-testid="alarm-label"]')).toContain('燃气泄漏')

    // The case leaves the open cases while its alarm holds the tiles: the banner stays, by the alarm's own label.
    const asIntake = { token: gatewayToken, headers: { 'x-on-behalf-of': 'intake/intake-1' } }
    await api(`/cases/${caseId}/transitions`, { method: 'POST', body: { action: 'reject', version: created['version'], reason: '重复来电' }, ...asIntake })
    await page.waitForFunction((id) => window.__wallDiagnostics?.caseIds?.().includes(id) === false, caseId, { timeout: 5000 })
    expect(await page.textContent('[data-testid="alarm-banner"]')).toContain('燃气泄漏')

    await push({ type: 'acknowledgeAlarm', caseId })
    await page.waitForFunction(() => document.querySelector('[data-testid="alarm-label"]') === null, null, { timeout: 3000 })
    expect(await cellCameras(page)).toEqual(tour)
    await push({ type: 'stopTour' })
    expect(problems.all()).toEqual([])
    await page.close()
  }, 120_000)

  it('keeps two screens of one wall in step, plays a camera dragged onto a tile, and restores the wall on reload', async () => {
    await push({ type: 'setLayout', layout: '4' })
    const screen = await openWall()
    const { page: consolePage, problems: consoleProblems } = await openConsole()
    await consolePage.waitForSelector('[data-testid="wall-controls"]', { timeout: 90_000 })

    // Stamped in the screen's page the moment it shows 9 tiles, against the server's commit of the change.
    await screen.page.evaluate(() => {
      const w = window as unknown as { __syncedAt?: number }
      new MutationObserver((_m, observer) => {
        if (document.querySelectorAll('[data-testid="wall-cell"]').length !== 9) return
        w.__syncedAt = Date.now()
        observer.disconnect()
      }).observe(document.body, { childList: true, subtree: true })
    })
    await consolePage.click('[data-testid="wall-controls"] button[data-layout="9"]')
    await screen.page.waitForFunction(() => (window as unknown as { __syncedAt?: number }).__syncedAt !== undefined, null, { timeout: 5000 })
    const syncedAt = await screen.page.evaluate(() => (window as unknown as { __syncedAt: number }).__syncedAt)
    const committed = Date.parse(((await api('/walls/main')) as { updatedAt: string }).updatedAt)
    expect(syncedAt - committed).toBeLessThan(1000)

    const camera = streams.playable[16]!
    await consolePage.getByRole('tab', { name: '探头列表' }).click()
    await consolePage.fill('[data-testid="camera-list"] input', camera)
    await consolePage.dragAndDrop(`[data-testid="camera-list"] li[data-camera-id="${camera}"]`, '[data-testid="wall-cell"][data-tile="4"]')
    await screen.page.waitForSelector(`[data-testid="wall-cell"][data-tile="4"] [data-camera-id="${camera}"][data-status="playing"]`, { timeout: 30_000 })

    const layoutBefore = await cellCameras(screen.page)
    await screen.page.reload()
    await screen.page.waitForFunction(() => document.querySelectorAll('[data-testid="wall-cell"]').length === 9, null, { timeout: 60_000 })
    await screen.page.waitForFunction((c) => document.querySelector('[data-testid="wall-cell"][data-tile="4"]')?.getAttribute('data-camera-id') === c, camera)
    expect(await cellCameras(screen.page)).toEqual(layoutBefore)
    expect(screen.problems.all()).toEqual([])
    expect(consoleProblems.all()).toEqual([])
    await consolePage.close()
    await screen.page.close()
  }, 180_000)

  it('shows an offline camera as offline on its tile and on the map', async () => {
    await push({ type: 'setTile', tile: 0, cameraId: streams.offline })
    const { page, problems } = await openWall()
    await page.waitForSelector(`[data-testid="wall-cell"][data-tile="0"] [data-camera-id="${streams.offline}"][data-status="offline"]`, { timeout: 60_000 })
    await page.waitForFunction((id) => window.__wallDiagnostics?.cameraStatus?.(id) === 'offline', streams.offline, { timeout: 60_000 })
    expect(problems.all()).toEqual([])
    await page.close()
  }, 120_000)

  it('lets a dispatcher send a waiting case to its responsible unit from the case feed, and says so when someone else was first', async () => {
    const category = (await categoryList()).find((c) => !c.urgent)!
    const first = await waitingCase('派遣测试：先派', category.code)
    const second = await waitingCase('派遣测试：被抢先', category.code)
    const { page: consolePage, problems: consoleProblems } = await openConsole([otherCameras()])
    const row = (title: string) => consolePage.locator('[data-testid="case-feed"] li', { hasText: title })

    await row('派遣测试：先派').locator('[data-testid="feed-dispatch"]').click({ timeout: 90_000 })
    const unit = consolePage.locator('[data-testid="dispatch-dialog"] [data-testid="dispatch-unit"]')
    await unit.waitFor({ timeout: 10_000 })
    expect(await unit.inputValue(), 'the responsible unit of the 小类 comes first').toBe(`unit:${category.unitId}`)
    expect(await unit.locator('option[value^="team:"]').count(), "the grid's service teams are offered too").toBeGreaterThan(0)
    await saveScreenshot(consolePage, 'dispatch-dialog.png')
    await consolePage.click('[data-testid="dispatch-send"]')
    await consolePage.locator('[data-testid="dispatch-dialog"]').waitFor({ state: 'detached', timeout: 10_000 })
    expect(await consolePage.textContent('[data-testid="wall-notice"]')).toContain(first.code)
    const sent = (await api(`/cases/${first.id}`)) as { state: string; assignee: unknown; history: { action: string; actorRole: string }[] }
    expect(sent).toMatchObject({ state: 'dispatched', assignee: { kind: 'unit', id: category.unitId } })
    expect(sent.history.at(-1)).toMatchObject({ action: 'dispatch', actorRole: 'dispatcher' })
    await row('派遣测试：先派').locator('[data-testid="feed-dispatch"]').waitFor({ state: 'detached', timeout: 5000 })

    // Another dispatcher sends the second case while this dialog is open: it says so, and will not send.
    await row('派遣测试：被抢先').locator('[data-testid="feed-dispatch"]').click()
    await unit.waitFor()
    const version = ((await api(`/cases/${second.id}`)) as { version: number }).version
    await api(`/cases/${second.id}/transitions`, { method: 'POST', body: { action: 'dispatch', version, assignee: { kind: 'unit', id: category.unitId } } })
    await consolePage.locator('[data-testid="dispatch-moved"]').waitFor({ timeout: 5000 })
    expect(await consolePage.isDisabled('[data-testid="dispatch-send"]')).toBe(true)
    await consolePage.keyboard.press('Escape')
    await consolePage.locator('[data-testid="dispatch-dialog"]').waitFor({ state: 'detached', timeout: 5000 })

    // English labels are longer: the address and channel give way, the code, time and state a row is read by never do.
    await consolePage.getByTestId('language-toggle').click()
    await row('派遣测试：被抢先').getByText('Dispatched').waitFor({ timeout: 5000 })
    const clipped = await consolePage.$$eval('[data-testid="case-feed"] li', (rows) =>
      rows.flatMap((li) => {
        const meta = li.querySelector('.feed__meta')!.getBoundingClientRect()
        return [...li.querySelectorAll<HTMLElement>('.feed__code, .feed__time, .feed__state')]
          .filter((el) => el.getBoundingClientRect().right > meta.right + 0.5 || el.scrollWidth > el.clientWidth + 1)
          .map((el) => el.textContent)
      }),
    )
    expect(clipped).toEqual([])
    expect(consoleProblems.all()).toEqual([])
    await consolePage.close()
  }, 180_000)

  it('attaches a snapshot only to the case whose alarm holds its tile; any other tile\'s stays on the PC', async () => {
    await push({ type: 'setLayout', layout: '9' })
    await push({ type: 'fillTiles', cameraIds: streams.playable.slice(0, 9) })
    const { page, problems } = await openConsole([otherCameras()])
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="wall-cell"]').length === 9, null, { timeout: 90_000 })
    // The urgent case lies on a playable camera, so the alarm's first tile shows (and plays) that camera.
    const cameras = (await api('/cameras')).items as { id: string; location: { lng: number; lat: number } }[]
    const spot = cameras.find((c) => c.id === streams.playable[0])!.location
    const urgent = (await categoryList()).find((c) => c.urgent)!
    const created = await api('/cases', {
      method: 'POST',
      token: gatewayToken,
      headers: { 'x-on-behalf-of': 'intake/intake-1' },
      body: { source: 'hotline', categoryCode: urgent.code, title: '证据测试', location: spot, address: '鼓楼东大街' },
    })
    const caseId = String(created['id'])
    await page.locator('[data-testid="alarm-label"]').first().waitFor({ timeout: 10_000 })
    const held = (await api('/walls/main')) as { alarm: { cameraIds: string[]; tiles: number[] } }
    expect(held.alarm.cameraIds[0]).toBe(streams.playable[0])
    const cells = page.locator('[data-testid="wall-cell"]')
    const playing = (i: number) => cells.nth(i).locator('[data-testid="camera-tile"][data-status="playing"]').waitFor({ timeout: 60_000 })
    /** Snapshot tile i once it plays; a tile that has no picture yet says so, and is tried again. */
    const snap = async (i: number, expected: RegExp) => {
      await playing(i)
      for (let attempt = 0; attempt < 10; attempt++) {
        await cells.nth(i).hover()
        await cells.nth(i).locator('[data-testid="tile-snapshot"]').click()
        const notice = page.getByTestId('wall-notice')
        await notice.waitFor({ timeout: 10_000 })
        const text = (await notice.textContent()) ?? ''
        await notice.click()
        if (expected.test(text)) return
        // The console may be in either language (an earlier test switches it).
        expect(text).toMatch(/截图失败|Snapshot failed/)
        await page.waitForTimeout(500)
      }
      throw new Error(`tile ${i} never gave a snapshot`)
    }
    const evidence = async () => ((await api(`/cases/${caseId}/evidence`)).items as unknown[]).length

    // A tile outside the alarm, while the alarm is open: saved on this PC, attached to nothing.
    const outside = [...Array(9).keys()].find((i) => !held.alarm.tiles.includes(i))!
    await snap(outside, /截图已保存|Snapshot saved/)
    expect(await evidence()).toBe(0)

    // The alarm's own tile: evidence of its case.
    await snap(held.alarm.tiles[0]!, new RegExp(String(created['code'])))
    expect(await evidence()).toBe(1)
    expect(problems.all()).toEqual([])
    await page.close()
  }, 180_000)

  it('fills a 3840×2160 wall the same way (screenshot)', async () => {
    await push({ type: 'setLayout', layout: '1+5' })
    await push({ type: 'fillTiles', cameraIds: streams.playable.slice(0, 6) })
    // The large tile plays the main stream, which the fleet encodes on first request: have it ready, so this measures the wall.
    await streams.warm(streams.playable.slice(0, 1), 'main')
    // Growing to the large tile, a tile drops its sub-stream request for the main one: that abort is the switch.
    const { page, problems } = await openWall(3840, 2160, [/\/stream\?quality=sub: net::ERR_ABORTED/])
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="camera-tile"][data-status="playing"]').length === 6, null, { timeout: 90_000 })
    // The large tile is big enough on this screen for the main stream.
    expect(await page.getAttribute('[data-testid="wall-cell"][data-tile="0"] [data-testid="camera-tile"]', 'data-quality')).toBe('main')
    await saveScreenshot(page, 'wall-3840x2160.png')
    expect(problems.all()).toEqual([])
    await page.close()
  }, 180_000)
})

let password: string | null = null
/** A person account for the console page, created once through the admin API. */
async function dispatcherPassword(): Promise<string> {
  if (password) return password
  const admin = await fetch(`${streams.server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: streams.server.adminPassword }) })
  const cookie = admin.headers.get('set-cookie')!.split(';')[0]!
  const { csrfToken } = (await admin.json()) as { csrfToken: string }
  const res = await fetch(`${streams.server.url}/api/v1/users`, {
    method: 'POST',
    headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'e2e-dispatch', displayName: '派遣员', role: 'dispatcher' }),
  })
  password = ((await res.json()) as { password: string }).password
  return password
}
