import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { lowContrastTexts, runAxe } from './support/axe'
import { launchBrowser, watchPage, type LaunchedBrowser, type PageProblems } from './support/browser'
import { type ApiCall, type ReportedCase, type TestGrid, apiCaller, testCategories, testGrids } from './support/cases'
import { startTestServer, type TestServer } from './support/server'
import { signInAs } from './support/signIn'

/**
 * The case drawer's steps and contents (issue 14, points 3, 4 and 7) at a 1600×900 desk: a duty
 * chief closes a hotline case, calls the reporter back and evaluates it, while a wall page follows;
 * 推送上墙 changes the wall and the rest of the desk's work does not; revealing a number asks why
 * and the audit log keeps the purpose; a snapshot attached as evidence opens in the full view.
 */
let server: TestServer
let browser: LaunchedBrowser
let chief: ApiCall
let admin: ApiCall
let grids: TestGrid[]
let category: string
const PASSWORD = 'drawer-e2e-password-1'

beforeAll(async () => {
  server = await startTestServer()
  chief = apiCaller(server.url, await server.tokenFor('duty_chief'))
  admin = apiCaller(server.url, await server.tokenFor('admin'))
  grids = await testGrids(chief)
  // Not urgent: an urgent case would raise an alarm, which changes the wall by design.
  category = (await testCategories(chief)).find((c) => !c.urgent)!.code
  await server.wall.auth.createUser({ username: 'e2e-drawer-duty', displayName: '值班长甲', role: 'duty_chief', password: PASSWORD })
  browser = await launchBrowser()
  await signInAs(browser.context, server.url, 'e2e-drawer-duty', PASSWORD)
}, 180_000)

afterAll(async () => {
  await browser?.close()
  await server?.close()
})

/** A hotline call with a reporter, in grid `i`. */
async function hotline(i: number, address: string): Promise<ReportedCase> {
  const body = { source: 'hotline', categoryCode: category, title: `事件 ${address}`, address, location: grids[i % grids.length]!.point, reporterName: '王女士', reporterPhone: '13800001234' }
  const c = await chief('/cases', { method: 'POST', body })
  return { id: String(c['id']), code: String(c['code']), version: Number(c['version']) }
}
const step = (c: ReportedCase, action: string, extra: Record<string, unknown> = {}) =>
  chief(`/cases/${c.id}/transitions`, { method: 'POST', body: { action, version: c.version, ...extra } }).then((b) => ({ ...c, version: Number(b['version']) }))

const wallVersion = async () => Number((await chief('/walls/main'))['version'])
const wallTiles = async () => (await chief('/walls/main'))['tiles'] as (string | null)[]

/** Texts of the drawer's sections this test covers drawn under 16 px, with their size. */
const ownSmallTexts = (page: Page) =>
  page.$$eval('[data-testid="drawer-step-form"] *, [data-testid="drawer-evidence"] *, [data-testid="drawer-push"] *, [data-testid="drawer-reveal-form"] *, [data-testid="drawer-lightbox"] *, [data-testid="drawer-reporter"]', (els) =>
    els.flatMap((el) => {
      const own = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim() !== '')
      const size = parseFloat(getComputedStyle(el).fontSize)
      return own && el.getClientRects().length > 0 && size < 16 ? [`${el.textContent!.trim().slice(0, 20)}: ${size}px`] : []
    }),
  )
/** The drawer at a desk monitor: none of these sections' text under 16 px, no serious axe finding, no low-contrast text. */
async function expectLegible(page: Page): Promise<void> {
  expect(await ownSmallTexts(page)).toEqual([])
  expect(await runAxe(page)).toEqual([])
  expect(await lowContrastTexts(page)).toEqual([])
}

const STREAM_FAILURES = [/\/relay\//, /\/api\/v1\/cameras\/[^/]+\/stream/]

async function openDesk(at = '/desk'): Promise<{ page: Page; problems: PageProblems }> {
  const page = await browser.context.newPage()
  await page.setViewportSize({ width: 1600, height: 900 })
  await page.addInitScript(() => localStorage.removeItem('wall.locale'))
  // The drawer's nearest cameras play where a camera origin runs; none does here, which is not this test's subject.
  const problems = watchPage(page, { ignore: STREAM_FAILURES })
  await page.goto(`${server.url}${at}`)
  await page.waitForSelector('[data-testid="desk"]')
  return { page, problems }
}

async function openWall(): Promise<{ page: Page; problems: PageProblems }> {
  const page = await browser.context.newPage()
  await page.setViewportSize({ width: 1600, height: 900 })
  // The demo cameras' origin does not run here: pushed tiles find their streams unavailable, which is not this test's subject.
  const problems = watchPage(page, { ignore: STREAM_FAILURES })
  await page.goto(`${server.url}/wall/main`)
  await page.waitForFunction(() => window.__wallDiagnostics?.mapLoaded === true, null, { timeout: 90_000 })
  return { page, problems }
}

const chooseQueue = (page: Page, queue: string) => page.click(`[data-testid="desk-queue"][data-queue="${queue}"]`)
const row = (id: string) => `[data-testid="desk-row"][data-case-id="${id}"]`
const drawerOf = (id: string) => `[data-testid="desk-drawer"][data-case-id="${id}"]`
const events = (page: Page) => page.$$eval('[data-testid="drawer-event"]', (els) => els.map((el) => el.textContent!.replace(/\s+/g, ' ').trim()))
const action = (page: Page, a: string) => page.click(`[data-testid="drawer-action"][data-action="${a}"]`)

/**
 * Clicks a row and times, inside the page, until the drawer shows its history and, where the drawer
 * has a suggestion section, its candidates. Returns that time and the drawer's own measure.
 */
async function openTimed(page: Page, id: string): Promise<{ seen: number; measured: number }> {
  const seen = await page.evaluate(
    (caseId) =>
      new Promise<number>((resolve) => {
        performance.clearMeasures('desk:drawer-open')
        const start = performance.now()
        document.querySelector<HTMLElement>(`[data-testid="desk-row"][data-case-id="${caseId}"]`)!.click()
        const shown = () => {
          const drawer = document.querySelector(`[data-testid="desk-drawer"][data-case-id="${caseId}"]`)
          const suggestion = drawer?.querySelector('[data-testid="drawer-suggestion"]')
          const ready = drawer?.querySelector('[data-testid="drawer-history"]') && (!suggestion || suggestion.querySelector('[data-testid="suggestion-candidate"]'))
          if (ready) resolve(performance.now() - start)
          else requestAnimationFrame(shown)
        }
        shown()
      }),
    id,
  )
  await page.waitForFunction(() => performance.getEntriesByName('desk:drawer-open').length > 0)
  const measured = await page.evaluate(() => performance.getEntriesByName('desk:drawer-open')[0]!.duration)
  return { seen, measured }
}

describe('the case drawer', () => {
  it('closes, calls back and evaluates a hotline case, each step asking only what it needs, while the wall follows', async () => {
    const c = await step(await hotline(0, '鼓楼东大街 21 号'), 'file_self_handled', { notes: '受理员电话指导，已自行处置' })
    const wall = await openWall()
    await wall.page.waitForSelector(`[data-testid="feed-row"][data-case-id="${c.id}"]`, { timeout: 15_000 })
    const { page, problems } = await openDesk()
    await chooseQueue(page, 'pending_check')
    await page.waitForSelector(row(c.id), { timeout: 15_000 })
    const opened = await openTimed(page, c.id)
    console.warn(`[deskDrawer] drawer open (history and actions): ${opened.measured.toFixed(0)} ms by the drawer's measure, ${opened.seen.toFixed(0)} ms seen by the test (target ≤ 300 ms)`)
    expect(opened.measured).toBeLessThan(5000)
    await page.waitForSelector(drawerOf(c.id))

    // 结案 needs nothing: one click.
    await action(page, 'close')
    await expect.poll(() => page.textContent('[data-testid="drawer-state"]'), { timeout: 10_000 }).toBe('已结案')
    // The wall's feed lets the closed case go.
    await wall.page.waitForSelector(`[data-testid="feed-row"][data-case-id="${c.id}"]`, { state: 'detached', timeout: 10_000 })

    // 回访 asks for the caller's satisfaction; 不满意 says it reopens the case and asks why.
    await page.waitForSelector('[data-testid="drawer-action"][data-action="follow_up"]')
    expect(await page.$('[data-testid="drawer-action"][data-action="evaluate"]')).toBeNull()
    await action(page, 'follow_up')
    expect(await page.$$eval('[data-testid="drawer-satisfaction"]', (els) => els.map((el) => el.textContent!.trim()))).toEqual(['满意', '基本满意', '不满意'])
    expect(await page.$('[data-testid="drawer-reason"]')).toBeNull()
    expect(await page.isDisabled('[data-testid="drawer-send"]')).toBe(true)
    await page.click('[data-testid="drawer-satisfaction"][data-satisfaction="unsatisfied"]')
    expect(await page.textContent('[data-testid="drawer-reopen-warning"]')).toContain('重新打开')
    await page.fill('[data-testid="drawer-reason"]', '路灯仍不亮')
    await expectLegible(page)
    await page.click('[data-testid="drawer-satisfaction"][data-satisfaction="satisfied"]')
    expect(await page.$('[data-testid="drawer-reason"]')).toBeNull()
    expect(await page.$('[data-testid="drawer-reopen-warning"]')).toBeNull()
    await page.click('[data-testid="drawer-send"]')
    await page.waitForSelector('[data-testid="drawer-action"][data-action="evaluate"]', { timeout: 10_000 })
    expect(await page.$('[data-testid="drawer-action"][data-action="follow_up"]')).toBeNull()

    // 评价 asks for a 1-5 score on big buttons.
    await action(page, 'evaluate')
    expect(await page.$$eval('[data-testid="drawer-score"]', (els) => els.map((el) => el.textContent!.trim()))).toEqual(['1', '2', '3', '4', '5'])
    await page.click('[data-testid="drawer-score"][data-score="4"]')
    await expectLegible(page)
    await page.click('[data-testid="drawer-send"]')
    await expect.poll(() => page.textContent('[data-testid="drawer-state"]'), { timeout: 10_000 }).toBe('已评价')

    // The history names each step with who took it; the server holds what was chosen.
    await expect.poll(() => events(page).then((e) => e.length), { timeout: 10_000 }).toBe(5)
    const history = await events(page)
    expect(history.slice(0, 3)).toEqual([expect.stringMatching(/值班长 · 评价 → 已评价/), expect.stringMatching(/值班长 · 回访 → 已结案/), expect.stringMatching(/值班长 · 结案 → 已结案/)])
    expect(await chief(`/cases/${c.id}`)).toMatchObject({ state: 'evaluated', satisfaction: 'satisfied', evaluationScore: 4 })
    expect(await page.$$eval('[data-testid="drawer-action"]', (els) => els.length)).toBe(0)

    expect(problems.all()).toEqual([])
    expect(wall.problems.all()).toEqual([])
    await Promise.all([page.close(), wall.page.close()])
  }, 180_000)

  it('pushes a case onto the wall; opening, dispatching and moving the desk map leave the wall as it was', async () => {
    const c = await step(await hotline(5, '新西路 18 号'), 'file')
    const wall = await openWall()
    const { page, problems } = await openDesk()
    await page.waitForFunction(() => window.__wallDiagnostics?.mapLoaded === true, null, { timeout: 90_000 })
    const versionBefore = await wallVersion()
    const tilesBefore = await wallTiles()

    // Desk work: open the case (timed with its suggestion), move the desk's map, dispatch.
    await chooseQueue(page, 'pending_dispatch')
    await page.waitForSelector(row(c.id), { timeout: 15_000 })
    const opened = await openTimed(page, c.id)
    console.warn(`[deskDrawer] drawer open (history, actions, suggestion): ${opened.measured.toFixed(0)} ms by the drawer's measure (history), ${opened.seen.toFixed(0)} ms seen by the test with the suggestion (target ≤ 300 ms)`)
    expect(opened.seen).toBeLessThan(5000)
    const zoomBefore = await page.evaluate(() => window.__wallDiagnostics!.zoom())
    const map = (await page.$('[data-testid="desk"] [data-testid="grid-map"] canvas'))!
    const box = (await map.boundingBox())!
    await page.mouse.move(box.x + box.width / 3, box.y + box.height / 2)
    await page.mouse.wheel(0, -600)
    await expect.poll(() => page.evaluate(() => window.__wallDiagnostics!.zoom()), { timeout: 10_000 }).toBeGreaterThan(zoomBefore)
    await page.waitForSelector(drawerOf(c.id))

    // 推送上墙: the wall's map shows the case with its popup, its tiles fill with the cameras nearest it.
    await page.waitForSelector('[data-testid="drawer-push-wall"] option[value="main"]', { state: 'attached' })
    expect(await page.inputValue('[data-testid="drawer-push-wall"]')).toBe('main')
    expect(await wallVersion()).toBe(versionBefore)
    await page.click('[data-testid="drawer-push-case"]')
    expect(await page.textContent('[data-testid="drawer-push-done"]', { timeout: 10_000 })).toBe('已推送到 main')
    expect(await wallVersion()).toBe(versionBefore + 2)
    const pushed = await wallTiles()
    expect(pushed).not.toEqual(tilesBefore)
    expect(pushed[0]).toBeTruthy()
    await expectLegible(page)
    await wall.page.waitForSelector(`[data-testid="case-popup"][data-case-id="${c.id}"]`, { timeout: 10_000 })
    await expect
      .poll(() => wall.page.$$eval('[data-testid="wall-cell"] [data-testid="camera-tile"]', (els) => els.map((el) => el.getAttribute('data-camera-id'))), { timeout: 10_000 })
      .toEqual(pushed.filter((id) => id !== null))

    // Cameras only: one command, the tiles alone.
    await page.click('[data-testid="drawer-push-cameras"]')
    await expect.poll(wallVersion, { timeout: 10_000 }).toBe(versionBefore + 3)

    // Dispatching from the drawer is desk work: the wall's version stays.
    const afterPush = await wallVersion()
    await action(page, 'dispatch')
    await page.waitForSelector(`[data-testid="dispatch-dialog"][data-case-id="${c.id}"]`)
    await page.waitForSelector('[data-testid="dispatch-send"]:not([disabled])')
    await page.click('[data-testid="dispatch-send"]')
    await page.waitForSelector('[data-testid="dispatch-dialog"]', { state: 'detached' })
    await expect.poll(() => page.textContent('[data-testid="drawer-state"]'), { timeout: 10_000 }).toBe('待处置')
    await page.mouse.move(box.x + box.width / 3, box.y + box.height / 2)
    await page.mouse.wheel(0, 600)
    expect(await wallVersion()).toBe(afterPush)

    expect(problems.all()).toEqual([])
    expect(wall.problems.all()).toEqual([])
    await Promise.all([page.close(), wall.page.close()])
  }, 180_000)

  it('reveals the reporter’s number for a stated purpose, in this drawer only, and the audit log keeps the purpose', async () => {
    const c = await step(await hotline(9, '果园西路 6 号'), 'file')
    const { page, problems } = await openDesk()
    await chooseQueue(page, 'pending_dispatch')
    await page.click(row(c.id))
    await page.waitForSelector(drawerOf(c.id))
    expect(await page.textContent('[data-testid="drawer-reporter"]')).toBe('王女士 138****1234')

    await page.click('[data-testid="drawer-reveal"]')
    await expectLegible(page)
    expect(await page.$$eval('[data-testid="drawer-reveal-purpose"] option', (els) => els.map((el) => el.textContent!.trim()))).toEqual(['回访', '核实情况', '联系处置', '其他（请说明）'])
    // 其他 needs words of its own.
    await page.selectOption('[data-testid="drawer-reveal-purpose"]', 'other')
    expect(await page.isDisabled('[data-testid="drawer-reveal-send"]')).toBe(true)
    await page.selectOption('[data-testid="drawer-reveal-purpose"]', 'verify')
    await page.fill('[data-testid="drawer-reveal-note"]', '核对井盖位置')
    await page.click('[data-testid="drawer-reveal-send"]')
    await expect.poll(() => page.textContent('[data-testid="drawer-reporter"]'), { timeout: 10_000 }).toBe('王女士 13800001234')

    const audit = await admin('/audit?action=case.reveal_phone')
    const entries = audit['items'] as { target: string; details: { purpose: string } }[]
    expect(entries.find((e) => e.target === c.id)?.details.purpose).toBe('核实情况：核对井盖位置')

    // Closed and opened again, the drawer shows the number masked: it was never kept.
    await page.click('[data-testid="drawer-close"]')
    await page.click(row(c.id))
    await page.waitForSelector(drawerOf(c.id))
    expect(await page.textContent('[data-testid="drawer-reporter"]')).toBe('王女士 138****1234')
    expect(await page.evaluate(() => document.body.innerHTML.includes('13800001234'))).toBe(false)

    expect(problems.all()).toEqual([])
    await page.close()
  }, 120_000)

  it('shows the request an approval answers beside its buttons, and the suspension 恢复 ends', async () => {
    // The 小类's responsible unit, and a handler of that unit who asks for more time, then for a suspension.
    const unitId = ((await chief('/categories'))['items'] as { code: string; unitId: string }[]).find((x) => x.code === category)!.unitId
    const handlerUser = await server.wall.auth.createUser({ username: 'e2e-drawer-unit', displayName: '承办人', role: 'unit_handler', password: null, unitId })
    const handler = apiCaller(server.url, server.wall.auth.issueApiToken(handlerUser.id, 600_000))
    let c = await step(await step(await hotline(24, '安康胡同 2 号'), 'file'), 'dispatch', { assignee: { kind: 'unit', id: unitId } })
    const byHandler = async (action: string, reason?: string) => {
      c = { ...c, version: Number((await handler(`/cases/${c.id}/transitions`, { method: 'POST', body: { action, version: c.version, reason } }))['version']) }
    }
    await byHandler('accept')
    await byHandler('request_extension', '等待燃气公司配合施工')

    // No queue lists a case waiting for an approval: the wall feed's 在受理台打开 link opens it.
    const { page, problems } = await openDesk(`/desk?case=${c.id}`)
    await page.waitForSelector(drawerOf(c.id))
    const request = await page.waitForSelector('[data-testid="drawer-request"]', { timeout: 10_000 })
    expect(await request.textContent()).toMatch(/单位.*申请延期.*等待燃气公司配合施工/)
    const offered = await page.$$eval('[data-testid="drawer-action"]', (els) => els.map((el) => el.getAttribute('data-action')))
    expect(offered).toEqual(expect.arrayContaining(['approve_extension', 'reject_extension']))
    await action(page, 'approve_extension')
    await page.waitForSelector('[data-testid="drawer-done"]')
    await page.waitForSelector('[data-testid="drawer-request"]', { state: 'detached', timeout: 10_000 })

    c = { ...c, version: Number((await chief(`/cases/${c.id}`))['version']) }
    await byHandler('request_suspension', '等待产权单位答复')
    await page.waitForSelector('[data-testid="drawer-action"][data-action="approve_suspension"]', { timeout: 10_000 })
    expect(await page.textContent('[data-testid="drawer-request"]')).toContain('等待产权单位答复')
    await action(page, 'approve_suspension')
    await expect.poll(() => page.textContent('[data-testid="drawer-state"]'), { timeout: 10_000 }).toBe('挂账')
    // 恢复 ends the suspension: the drawer shows what it was waiting for.
    await page.waitForSelector('[data-testid="drawer-action"][data-action="resume"]')
    expect(await page.textContent('[data-testid="drawer-request"]')).toContain('等待产权单位答复')
    await action(page, 'resume')
    await expect.poll(() => page.textContent('[data-testid="drawer-state"]'), { timeout: 10_000 }).toBe('处置中')
    expect(await page.$('[data-testid="drawer-request"]')).toBeNull()

    expect(problems.all()).toEqual([])
    await page.close()
  }, 120_000)

  it('shows the case a flagged duplicate repeats, opens it from its code, and merges the duplicate in one click', async () => {
    const first = await hotline(20, '鼓楼东大街 60 号')
    const second = await hotline(20, '鼓楼东大街 60 号对面')
    expect((await chief(`/cases/${second.id}`))['duplicateOf']).toBe(first.id)
    const { page, problems } = await openDesk()
    await chooseQueue(page, 'duplicates')
    await page.click(row(second.id))
    await page.waitForSelector(drawerOf(second.id))
    expect(await page.textContent('[data-testid="drawer-duplicate"]')).toContain(first.code)

    await page.click('[data-testid="drawer-duplicate-link"]')
    await page.waitForSelector(drawerOf(first.id))
    expect(await page.$('[data-testid="drawer-duplicate"]')).toBeNull()

    await page.click(row(second.id))
    await page.waitForSelector(drawerOf(second.id))
    await action(page, 'merge')
    await expect.poll(() => page.textContent('[data-testid="drawer-state"]'), { timeout: 10_000 }).toBe('已合并')
    expect((await chief(`/cases/${first.id}`))['mergedReports']).toMatchObject([{ caseId: second.id }])

    expect(problems.all()).toEqual([])
    await page.close()
  }, 120_000)

  it('shows a case’s evidence snapshot as a thumbnail and in a full view that Esc closes', async () => {
    const c = await step(await hotline(13, '鼓楼西街 3 号'), 'file')
    const empty = await step(await hotline(14, '鼓楼西街 5 号'), 'file')
    const camera = ((await chief('/cameras'))['items'] as { id: string; name: string }[])[0]!
    const { page, problems } = await openDesk()
    // A real JPEG, drawn and encoded by the browser, attached through the API.
    const jpeg = (colour: string) =>
      page.evaluate((fill) => {
        const canvas = document.createElement('canvas')
        canvas.width = 320
        canvas.height = 180
        const g = canvas.getContext('2d')!
        g.fillStyle = fill
        g.fillRect(0, 0, 320, 180)
        g.fillStyle = '#fff'
        g.fillRect(100, 60, 120, 60)
        return canvas.toDataURL('image/jpeg', 0.8)
      }, colour)
    for (const colour of ['#2a6', '#a26']) {
      await chief(`/cases/${c.id}/evidence`, { method: 'POST', body: { cameraId: camera.id, takenAt: new Date().toISOString(), image: await jpeg(colour) } })
    }

    await chooseQueue(page, 'pending_dispatch')
    await page.click(row(empty.id))
    await page.waitForSelector(drawerOf(empty.id))
    expect(await page.textContent('[data-testid="drawer-evidence-empty"]', { timeout: 10_000 })).toBe('此事件没有照片或取证截图')

    await page.click(row(c.id))
    await page.waitForSelector(drawerOf(c.id))
    await expect.poll(() => page.$$eval('[data-testid="drawer-thumb"][data-kind="evidence"]', (els) => els.length), { timeout: 10_000 }).toBe(2)
    const thumb = (await page.$('[data-testid="drawer-thumb"]'))!
    expect(await thumb.textContent()).toContain(camera.name)
    await page.waitForFunction(() => [...document.querySelectorAll<HTMLImageElement>('[data-testid="drawer-thumb"] img')].every((img) => img.naturalWidth === 320))

    // Enter on the thumbnail opens the full view; Esc closes it and leaves the drawer open.
    await thumb.focus()
    await page.keyboard.press('Enter')
    await page.waitForSelector('[data-testid="drawer-lightbox"][open]')
    await page.waitForFunction(() => (document.querySelector<HTMLImageElement>('[data-testid="drawer-lightbox-image"]')?.naturalWidth ?? 0) === 320)
    const caption = () => page.textContent('[data-testid="drawer-lightbox-caption"]')
    expect(await caption()).toMatch(new RegExp(`^1 / 2 · .*${camera.name}`))
    // ←/→ step through the pictures and wrap round.
    await expectLegible(page)
    await page.keyboard.press('ArrowRight')
    await expect.poll(caption).toMatch(/^2 \/ 2/)
    await page.keyboard.press('ArrowRight')
    await expect.poll(caption).toMatch(/^1 \/ 2/)
    await page.keyboard.press('ArrowLeft')
    await expect.poll(caption).toMatch(/^2 \/ 2/)
    await page.keyboard.press('Escape')
    await page.waitForSelector('[data-testid="drawer-lightbox"]', { state: 'detached' })
    expect(await page.$(drawerOf(c.id))).not.toBeNull()
    // Focus is back on the thumbnail of the picture last shown (the second).
    await expect.poll(() => page.evaluate(() => [...document.querySelectorAll('[data-testid="drawer-thumb"]')].indexOf(document.activeElement!))).toBe(1)

    expect(problems.all()).toEqual([])
    await page.close()
  }, 120_000)
})
