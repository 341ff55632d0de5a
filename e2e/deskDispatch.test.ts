import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { lowContrastTexts, runAxe } from './support/axe'
import { launchBrowser, saveScreenshot, watchPage, type LaunchedBrowser } from './support/browser'
import { type ApiCall, type ReportedCase, type TestGrid, apiCaller, reportCase, testGrids } from './support/cases'
import { startTestServer, type TestServer } from './support/server'
import { signInAs } from './support/signIn'

/**
 * Dispatch at the desk (issue 14, points 5 and 6): the suggestion explains itself and dispatches in
 * two clicks while a wall in another page follows; two operators racing on one case are told who
 * acted first; a case bounced A → B → A shows its path on the duty chief's 推诿 queue and a badge
 * in the wall's feed, whose 在受理台打开 opens it in the desk's drawer.
 */
let server: TestServer
let dispatcher: LaunchedBrowser
let duty: LaunchedBrowser
let chief: ApiCall
let grids: TestGrid[]
let category: { code: string; unitId: string }
const PASSWORD = 'desk-dispatch-e2e-1'
const DESK = { width: 1600, height: 900 }
// No camera origin runs here: the wall's tiles and the drawer's nearest cameras cannot play, which is not what these tests look at.
const NO_ORIGIN = [/\/relay\//, /\/api\/v1\/cameras\/[\w-]+\/stream/]
// A 409 is the expected answer to the operator who came second; any other problem still fails a test.
const CONFLICT = [/transitions: HTTP 409/, /status of 409 \(Conflict\)/]

beforeAll(async () => {
  server = await startTestServer()
  chief = apiCaller(server.url, await server.tokenFor('duty_chief'))
  grids = await testGrids(chief)
  // Not urgent: an urgent case raises an alarm, which is not what these tests look at.
  category = ((await chief('/categories')).items as { code: string; urgent: boolean; unitId: string }[]).find((c) => !c.urgent)!
  await server.wall.auth.createUser({ username: 'dispatch', displayName: '派遣员甲', role: 'dispatcher', password: PASSWORD })
  await server.wall.auth.createUser({ username: 'duty', displayName: '值班长乙', role: 'duty_chief', password: PASSWORD })
  dispatcher = await launchBrowser()
  duty = await launchBrowser()
  await signInAs(dispatcher.context, server.url, 'dispatch', PASSWORD)
  await signInAs(duty.context, server.url, 'duty', PASSWORD)
}, 180_000)

afterAll(async () => {
  await dispatcher?.close()
  await duty?.close()
  await server?.close()
})

/** Reported and filed through the API: it waits for dispatch (待派遣). */
async function waiting(i: number, address: string): Promise<ReportedCase> {
  const c = await reportCase(chief, grids[i % grids.length]!.point, { categoryCode: category.code, title: `事件 ${address}`, address })
  await chief(`/cases/${c.id}/transitions`, { method: 'POST', body: { action: 'file', version: c.version } })
  return { ...c, version: c.version + 1 }
}

async function deskPage(browser: LaunchedBrowser, ignore: RegExp[] = []) {
  const page = await browser.context.newPage()
  await page.setViewportSize(DESK)
  const problems = watchPage(page, { ignore: [...NO_ORIGIN, ...ignore] })
  return { page, problems }
}

/** Texts inside `scope` drawn under the desk's 16 px floor, with their size. */
const smallTexts = (page: Page, scope: string) =>
  page.$$eval(`${scope} *`, (els) =>
    els.flatMap((el) => {
      const own = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim() !== '')
      const size = parseFloat(getComputedStyle(el).fontSize)
      return own && el.getClientRects().length > 0 && size < 16 ? [`${el.textContent!.trim().slice(0, 20)}: ${size}px`] : []
    }),
  )
const row = (id: string) => `[data-testid="desk-row"][data-case-id="${id}"]`
const stateOf = (page: Page) => page.textContent('[data-testid="drawer-state"]')

describe('dispatch by the suggestion', () => {
  it('takes two clicks (open the case, accept), and the wall in another page shows the new state', async () => {
    const c = await waiting(0, '鼓楼东大街 21 号')
    const wall = await dispatcher.context.newPage()
    await wall.setViewportSize({ width: 1920, height: 1080 })
    const wallProblems = watchPage(wall, { ignore: NO_ORIGIN })
    await wall.goto(`${server.url}/wall/main`)
    const feedRow = `[data-testid="feed-row"][data-case-id="${c.id}"]`
    await wall.waitForSelector(feedRow, { timeout: 30_000 })
    // The wall notes, in its own page, the moment the case's row says 待处置.
    await wall.evaluate((sel) => {
      const w = window as unknown as { __changedAt?: number }
      const check = () => {
        if (w.__changedAt === undefined && document.querySelector(sel)?.textContent?.includes('待处置')) w.__changedAt = Date.now()
      }
      new MutationObserver(check).observe(document.body, { subtree: true, childList: true, characterData: true })
    }, feedRow)

    const { page, problems } = await deskPage(dispatcher)
    await page.goto(`${server.url}/desk`)
    await page.waitForSelector(row(c.id), { timeout: 15_000 })
    let clicks = 0
    const click = async (selector: string) => {
      clicks++
      await page.click(selector)
    }
    // The drawer's suggestion is read beside its history; how long the two take is printed, not asserted.
    await page.evaluate(() => {
      const w = window as unknown as { __openedIn?: number; __acceptedAt?: number }
      document.addEventListener(
        'click',
        (e) => {
          if ((e.target as Element).closest('[data-testid="desk-row"]')) {
            const t0 = performance.now()
            const obs = new MutationObserver(() => {
              if (document.querySelector('[data-testid="suggestion-accept"]') && document.querySelector('[data-testid="drawer-history"]')) {
                w.__openedIn = performance.now() - t0
                obs.disconnect()
              }
            })
            obs.observe(document.body, { subtree: true, childList: true })
          }
          if ((e.target as Element).closest('[data-testid="suggestion-accept"]')) w.__acceptedAt = Date.now()
        },
        { capture: true },
      )
    })

    await click(row(c.id))
    const top = await page.waitForSelector('[data-testid="suggestion-candidate"]')
    const assignee = await top.getAttribute('data-assignee')
    // The responsible unit comes first, and says why in words.
    expect(assignee).toBe(`unit:${category.unitId}`)
    expect(await page.textContent('[data-testid="suggestion-reasons"]')).toMatch(/^责任单位 · 在办 \d+ 件/)
    expect(await page.$$eval('[data-testid="suggestion-dispatch"]', (els) => els.length)).toBeGreaterThan(0)
    await saveScreenshot(page, 'desk-suggestion-1600x900')
    expect(await smallTexts(page, '[data-testid="drawer-suggestion"]')).toEqual([])
    expect(await runAxe(page)).toEqual([])
    expect(await lowContrastTexts(page)).toEqual([])
    await click('[data-testid="suggestion-accept"]')

    await expect.poll(() => stateOf(page), { timeout: 10_000 }).toBe('待处置')
    expect(clicks).toBe(2)
    const after = await chief(`/cases/${c.id}`)
    expect(after['assignee']).toEqual({ kind: 'unit', id: category.unitId })
    expect(await page.$('[data-testid="drawer-suggestion"]')).toBeNull()

    // Generous hang guard only: the delay itself is reported, not held to a clock.
    await wall.waitForFunction(() => (window as unknown as { __changedAt?: number }).__changedAt !== undefined, null, { timeout: 30_000 })
    const changedAt = await wall.evaluate(() => (window as unknown as { __changedAt: number }).__changedAt)
    const { acceptedAt, openedIn } = await page.evaluate(() => {
      const w = window as unknown as { __openedIn?: number; __acceptedAt: number }
      return { acceptedAt: w.__acceptedAt, openedIn: w.__openedIn ?? null }
    })
    // eslint-disable-next-line no-console -- the measurement is what this test reports
    console.log(`[deskDispatch] drawer with history and suggestion in ${openedIn?.toFixed(0)} ms; click 按建议派遣 → wall shows 待处置 in ${changedAt - acceptedAt} ms`)
    expect(changedAt).toBeGreaterThanOrEqual(acceptedAt)

    expect(problems.all()).toEqual([])
    expect(wallProblems.all()).toEqual([])
    await page.close()
    await wall.close()
  }, 180_000)

  it('lets another candidate be taken with one more click', async () => {
    const c = await waiting(1, '新西路 18 号')
    const { page, problems } = await deskPage(dispatcher)
    await page.goto(`${server.url}/desk`)
    await page.click(row(c.id), { timeout: 15_000 })
    const second = await page.waitForSelector('[data-testid="suggestion-candidate"]:nth-child(2)')
    const assignee = (await second.getAttribute('data-assignee'))!.split(':')
    await page.click('[data-testid="suggestion-candidate"]:nth-child(2) [data-testid="suggestion-dispatch"]')
    await expect.poll(() => stateOf(page), { timeout: 10_000 }).toBe('待处置')
    expect((await chief(`/cases/${c.id}`))['assignee']).toEqual({ kind: assignee[0], id: assignee[1] })
    expect(problems.all()).toEqual([])
    await page.close()
  }, 120_000)
})

describe("the wall's dispatch dialog", () => {
  it("offers the grid's workers beside the units and teams, each the suggestion names with its reasons", async () => {
    const c = await waiting(4, '新中街 17 号')
    const page = await dispatcher.context.newPage()
    await page.setViewportSize({ width: 1920, height: 1080 })
    const problems = watchPage(page, { ignore: NO_ORIGIN })
    await page.goto(`${server.url}/wall/main`)
    await page.click(`[data-testid="feed-row"][data-case-id="${c.id}"] [data-testid="feed-dispatch"]`, { timeout: 30_000 })
    await page.waitForSelector('[data-testid="dispatch-send"]:not([disabled])')
    // The responsible unit stays preselected, now with its reasons.
    await page.waitForSelector('[data-testid="dispatch-why"]')
    expect(await page.textContent('[data-testid="dispatch-why"]')).toMatch(/^责任单位 · 在办 \d+ 件/)
    // An <option> is never "visible" to Playwright: wait for it to be there.
    const workers = await page.waitForSelector('[data-testid="dispatch-unit"] optgroup[label^="本网格网格员"] option', { state: 'attached' })
    const value = (await workers.getAttribute('value'))!
    expect(value).toMatch(/^worker:/)
    expect(await workers.textContent()).toMatch(/^\S+ · 本网格网格员 · /)
    await page.selectOption('[data-testid="dispatch-unit"]', value)
    expect(await page.textContent('[data-testid="dispatch-why"]')).toMatch(/^本网格网格员/)
    await page.click('[data-testid="dispatch-send"]')
    await page.waitForSelector('[data-testid="dispatch-dialog"]', { state: 'detached' })
    const [kind, id] = value.split(':')
    await expect.poll(async () => (await chief(`/cases/${c.id}`))['assignee']).toEqual({ kind, id })
    expect(problems.all()).toEqual([])
    await page.close()
  }, 120_000)
})

describe('two operators on one case', () => {
  it('dispatches once: the one who came second is told who acted first and sees the new state', async () => {
    const c = await waiting(2, '果园西路 13 号')
    const first = await deskPage(dispatcher)
    const second = await deskPage(duty, CONFLICT)
    for (const { page } of [first, second]) {
      await page.goto(`${server.url}/desk`)
      // The duty chief opens on 超期: the case is in 待派遣.
      await page.click('[data-testid="desk-queue"][data-queue="pending_dispatch"]')
      await page.click(row(c.id), { timeout: 15_000 })
      await page.waitForSelector('[data-testid="suggestion-accept"]:not([disabled])')
    }
    // Both accept the suggestion they see. The duty chief's request is held on its way until the dispatcher's is through.
    let release!: () => Promise<void>
    const held = new Promise<void>((resolve) => {
      void second.page.route('**/api/v1/cases/*/transitions', (route) => {
        release = () => route.continue()
        resolve()
      })
    })
    await second.page.click('[data-testid="suggestion-accept"]')
    await held
    await first.page.click('[data-testid="suggestion-accept"]')
    await expect.poll(() => stateOf(first.page), { timeout: 10_000 }).toBe('待处置')
    await release()

    const problem = second.page.locator('[data-testid="drawer-problem"]')
    await expect.poll(() => problem.textContent(), { timeout: 10_000 }).toContain('别人已先办理：派遣员')
    expect(await problem.textContent()).toContain('派遣')
    await expect.poll(() => stateOf(second.page)).toBe('待处置')
    expect(await first.page.$('[data-testid="drawer-problem"]')).toBeNull()
    // Dispatched once, and nothing overwritten.
    const history = (await chief(`/cases/${c.id}`))['history'] as { action: string }[]
    expect(history.filter((e) => e.action === 'dispatch')).toHaveLength(1)
    expect(first.problems.all()).toEqual([])
    expect(second.problems.all()).toEqual([])
    await first.page.close()
    await second.page.close()
  }, 180_000)
})

describe('a case bounced between units (推诿)', () => {
  it("shows its path A → B → A on the duty chief's 推诿 queue and a badge in the wall's feed, which opens it at the desk", async () => {
    const units = (await chief('/units')).items as { id: string; name: string }[]
    const a = units.find((u) => u.id === category.unitId)!
    const b = units.find((u) => u.id !== a.id)!
    const handlerOf = async (unitId: string) => {
      const user = await server.wall.auth.createUser({ username: `e2e-bounce-${unitId}`, displayName: '承办人', role: 'unit_handler', password: null, unitId })
      return apiCaller(server.url, server.wall.auth.issueApiToken(user.id, 600_000))
    }
    const handlers = { [a.id]: await handlerOf(a.id), [b.id]: await handlerOf(b.id) }
    const sender = apiCaller(server.url, await server.tokenFor('dispatcher'))
    const c = await waiting(3, '宾阳里 19 号')
    let version = c.version
    const send = async (unitId: string) => {
      const sent = await sender(`/cases/${c.id}/transitions`, { method: 'POST', body: { action: 'dispatch', version, assignee: { kind: 'unit', id: unitId } } })
      version = Number(sent['version'])
    }
    const giveBack = async (unitId: string) => {
      const back = await handlers[unitId]!(`/cases/${c.id}/transitions`, { method: 'POST', body: { action: 'return_to_dispatch', version, reason: '不属本单位职责' } })
      version = Number(back['version'])
    }
    await send(a.id)
    await giveBack(a.id)
    await send(b.id)
    await giveBack(b.id)
    await send(a.id)
    expect((await chief(`/cases/${c.id}`))['state']).toBe('dispatched')

    const { page, problems } = await deskPage(duty)
    await page.goto(`${server.url}/desk`)
    await page.click('[data-testid="desk-queue"][data-queue="bounced"]')
    const path = await page.waitForSelector(`${row(c.id)} [data-testid="desk-row-path"]`, { timeout: 15_000 })
    expect(await path.textContent()).toBe(`流转路径：${a.name} → ${b.name} → ${a.name}`)
    expect(await page.textContent(`${row(c.id)} [data-testid="desk-row-bounced"]`)).toBe('推诿')
    // Each unit's bounce count, over the queue.
    const kpi = await page.$$eval('[data-testid="desk-bounce-unit"]', (els) => els.map((el) => [el.getAttribute('data-assignee'), el.textContent]))
    expect(kpi).toEqual(expect.arrayContaining([[`unit:${a.id}`, `${a.name}1 件`], [`unit:${b.id}`, `${b.name}1 件`]]))
    await saveScreenshot(page, 'desk-bounced-1600x900')
    expect(await smallTexts(page, '[data-testid="desk-bounce-kpi"]')).toEqual([])
    expect(await smallTexts(page, '[data-testid="desk-list"]')).toEqual([])

    expect(problems.all()).toEqual([])
    // Closed rather than navigated away, so the desk's own re-reads are not cut off mid-flight.
    await page.close()

    // The wall's feed badges it; 在受理台打开 opens the case's drawer at the desk.
    const wall = await duty.context.newPage()
    await wall.setViewportSize({ width: 1920, height: 1080 })
    const wallProblems = watchPage(wall, { ignore: NO_ORIGIN })
    await wall.goto(`${server.url}/wall/main`)
    const badge = await wall.waitForSelector(`[data-testid="feed-row"][data-case-id="${c.id}"] [data-testid="feed-bounced"]`, { timeout: 30_000 })
    expect(await badge.textContent()).toBe('推诿')
    expect(await badge.getAttribute('title')).toBe(`${a.name} → ${b.name} → ${a.name}`)
    // A case bounced while the wall is open gets its badge too, from the re-read after cases change.
    const later = await waiting(5, '宾阳里 29 号')
    version = later.version
    const laterSend = async () => {
      version = Number((await sender(`/cases/${later.id}/transitions`, { method: 'POST', body: { action: 'dispatch', version, assignee: { kind: 'unit', id: a.id } } }))['version'])
      version = Number((await handlers[a.id]!(`/cases/${later.id}/transitions`, { method: 'POST', body: { action: 'return_to_dispatch', version, reason: '不属本单位职责' } }))['version'])
    }
    await wall.waitForSelector(`[data-testid="feed-row"][data-case-id="${later.id}"]`, { timeout: 15_000 })
    expect(await wall.$(`[data-testid="feed-row"][data-case-id="${later.id}"] [data-testid="feed-bounced"]`)).toBeNull()
    await laterSend()
    await laterSend()
    await wall.waitForSelector(`[data-testid="feed-row"][data-case-id="${later.id}"] [data-testid="feed-bounced"]`, { timeout: 20_000 })

    await wall.click(`[data-testid="feed-row"][data-case-id="${c.id}"] [data-testid="feed-open-desk"]`)
    await wall.waitForSelector(`[data-testid="desk-drawer"][data-case-id="${c.id}"]`, { timeout: 15_000 })
    expect(new URL(wall.url()).pathname).toBe('/desk')
    expect(await wall.textContent('[data-testid="drawer-bounced"]')).toContain('退回 2 次')
    expect(wallProblems.all()).toEqual([])
    await wall.close()
  }, 180_000)
})
