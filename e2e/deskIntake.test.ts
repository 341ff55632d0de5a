import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { indexCategories, searchCategories } from '../client/src/features/intake/categorySearch'
import { indexPlaces, searchPlaces, type Place } from '../client/src/features/intake/placeSearch'
import { CommunityCollection, GridCollection, RoadCollection } from '../shared/schemas/api'
import { Case } from '../shared/schemas/case'
import { CaseWithHistory } from '../shared/schemas/caseApi'
import { Category, Market } from '../shared/schemas/reference'
import { lowContrastTexts, runAxe } from './support/axe'
import { launchBrowser, saveScreenshot, watchPage, type LaunchedBrowser } from './support/browser'
import { type ApiCall, apiCaller } from './support/cases'
import { startTestServer, type TestServer } from './support/server'
import { signInAs } from './support/signIn'

/**
 * Registering a call at the desk (issue 14, point 2), as an intake operator does it all day: F2,
 * the category by pinyin initials, the place by pinyin initials, the caller, Ctrl+Enter. The test
 * counts every key and click it uses and holds them to a budget; then a second call at the same
 * place shows the first as a possible duplicate and 合并 folds it in; a double click files once.
 */
let server: TestServer
let browser: LaunchedBrowser
let chief: ApiCall
let category: Category
let categoryKeys: string
let place: Place
let placeKeys: string
const PASSWORD = 'desk-intake-e2e-password-1'

/** The fewest leading initials that put `target` first, as a trained operator knows them. */
function shortestKeys<T>(initials: string, first: (q: string) => T | undefined, target: T): string | null {
  for (let n = 1; n <= initials.length; n++) if (first(initials.slice(0, n)) === target) return initials.slice(0, n)
  return null
}

beforeAll(async () => {
  server = await startTestServer()
  chief = apiCaller(server.url, await server.tokenFor('duty_chief'))
  const [cats, grids, communities, roads, markets] = await Promise.all([
    chief('/categories'), chief('/grids'), chief('/communities'), chief('/roads'), chief('/markets'),
  ])
  const categories = Category.array().parse(cats['items'])
  const catIndex = indexCategories(categories)
  const places = indexPlaces({
    grids: GridCollection.parse(grids),
    communities: CommunityCollection.parse(communities),
    roads: RoadCollection.parse(roads),
    markets: Market.array().parse(markets['items']),
  })
  // Not urgent (an urgent case raises the wall's alarm); the one an operator reaches in the fewest keys.
  const catChoices = categories
    .filter((c) => !c.urgent)
    .flatMap((c) => {
      const keys = shortestKeys(catIndex.find((e) => e.category.code === c.code)!.initials, (q) => searchCategories(catIndex, q)[0]?.code, c.code)
      return keys ? [{ c, keys }] : []
    })
    .sort((a, b) => a.keys.length - b.keys.length)
  ;({ c: category, keys: categoryKeys } = catChoices[0]!)
  const roadChoices = places
    .filter((p) => p.kind === 'road' && p.gridId !== null)
    .flatMap((p) => {
      const keys = shortestKeys(p.initials, (q) => searchPlaces(places, q)[0], p)
      return keys ? [{ p, keys }] : []
    })
    .sort((a, b) => a.keys.length - b.keys.length)
  ;({ p: place, keys: placeKeys } = roadChoices[0]!)
  await server.wall.auth.createUser({ username: 'e2e-intake', displayName: '受理员甲', role: 'intake', password: PASSWORD })
  browser = await launchBrowser()
  await signInAs(browser.context, server.url, 'e2e-intake', PASSWORD)
}, 180_000)

afterAll(async () => {
  await browser?.close()
  await server?.close()
})

/** The page's keyboard and mouse, counting every key pressed (a typed character is one) and every click. */
function countingInput(page: Page) {
  let count = 0
  return {
    get count() {
      return count
    },
    press: async (key: string) => {
      count += key.split('+').length
      await page.keyboard.press(key)
    },
    type: async (text: string) => {
      count += [...text].length
      await page.keyboard.type(text)
    },
    click: async (selector: string) => {
      count++
      await page.click(selector)
    },
  }
}

/** Texts of the call form and its header button drawn under 16 px, with their size (the drawer has its own test). */
const smallTexts = (page: Page) =>
  page.$$eval('[data-testid="intake"], [data-testid="intake"] *, [data-testid="intake-open"], [data-testid="intake-open"] *', (els) =>
    els.flatMap((el) => {
      const own = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim() !== '')
      const size = parseFloat(getComputedStyle(el).fontSize)
      return own && el.getClientRects().length > 0 && size < 16 ? [`${el.textContent!.trim().slice(0, 20)}: ${size}px`] : []
    }),
  )
const get = async (id: string) => CaseWithHistory.parse(await chief(`/cases/${id}`))
const allCaseIds = async () => ((await chief('/cases?limit=200'))['items'] as { id: string }[]).map((c) => c.id)
const optionsOf = (page: Page, testid: string) => page.$$eval(`[data-testid="${testid}-options"] [role="option"]`, (els) => els.map((el) => el.getAttribute('data-id')))

describe('registering a call at the desk', () => {
  it('files a hotline call by keyboard within the key budget, folds a repeat call into it, and files a double click once', async () => {
    const page = await browser.context.newPage()
    await page.setViewportSize({ width: 1600, height: 900 })
    // The drawer that 打开 opens plays its case's nearest cameras; this test starts no camera origin,
    // so their playlists answer 502. That is the video's own test; anything else still fails this one.
    const problems = watchPage(page, { ignore: [/\/relay\/CAM\d+\//] })
    await page.goto(`${server.url}/desk`)
    await page.waitForSelector('[data-testid="desk-queue"][data-queue="pending_filing"]')
    expect(await page.textContent('[data-testid="intake-open"]')).toContain('F2')
    await page.click('h1')

    // First call: F2, the category's initials and Enter, the road's initials and Enter, the caller, Ctrl+Enter.
    const input = countingInput(page)
    await input.press('F2')
    await page.waitForSelector('[data-testid="intake"]')
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'intake-category-search')
    await input.type(categoryKeys)
    await expect.poll(() => optionsOf(page, 'intake-category-search').then((ids) => ids[0])).toBe(category.code)
    await input.press('Enter')
    expect(await page.textContent('[data-testid="intake-category-chosen"]')).toContain(category.name)
    await input.type(placeKeys)
    await expect.poll(() => optionsOf(page, 'intake-place-search').then((ids) => ids[0])).toBe(`road:${place.id}`)
    await input.press('Enter')
    // The grid comes from the place, and the address and title default from the choices.
    expect(await page.getAttribute('[data-testid="intake-grid"]', 'data-grid-id')).toBe(place.gridId)
    expect(await page.textContent('[data-testid="intake-grid"]')).toMatch(/^网格：.+ · 社区：.+$/)
    expect(await page.inputValue('[data-testid="intake-address"]')).toBe(place.name)
    expect(await page.inputValue('[data-testid="intake-title"]')).toBe(`${category.name} · ${place.name}`)
    await input.type('王女士')
    await input.press('Tab')
    await input.type('13800005678')
    await input.press('Control+Enter')
    const filed = await page.waitForSelector('[data-testid="intake-filed"]')
    const firstId = (await filed.getAttribute('data-case-id'))!
    const first = Case.parse(await chief(`/cases/${firstId}`))
    expect(await filed.textContent()).toContain(`已登记 ${first.code}`)
    expect(await page.textContent('[data-testid="intake-filed-reporter"]')).toBe('王女士 138****5678')
    // Budget: F2 (1) + category initials + Enter + road initials + Enter + 3 characters of the name
    // (one IME pick each) + Tab + 11 digits + Ctrl+Enter (2). At about a second a key around the
    // caller's own words, 30 inputs leave a trained operator well inside 60 s.
    const keysUsed = input.count
    console.warn(`[deskIntake] first call: ${keysUsed} keys and clicks (category "${categoryKeys}", road "${placeKeys}")`)
    expect(keysUsed).toBe(1 + categoryKeys.length + 1 + placeKeys.length + 1 + 3 + 1 + 11 + 2)
    expect(keysUsed).toBeLessThanOrEqual(30)
    expect(first).toMatchObject({ source: 'hotline', state: 'pending_filing', gridId: place.gridId, categoryCode: category.code, reporterPhone: '138****5678' })

    // It waits in 待立案; 打开 opens it in the drawer.
    await expect.poll(() => page.$$eval('[data-testid="desk-row"]', (els) => els.map((el) => el.getAttribute('data-case-id')))).toContain(firstId)
    await page.click('[data-testid="intake-filed-open"]')
    await page.waitForSelector(`[data-testid="desk-drawer"][data-case-id="${firstId}"]`)
    await page.waitForSelector('[data-testid="intake"]', { state: 'detached' })

    // Second call, same place and category: the form kept the channel and offers the recent category first.
    await page.click('[data-testid="intake-open"]')
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'intake-category-search')
    expect(await page.isChecked('[data-testid="intake-channel-hotline"]')).toBe(true)
    await page.check('[data-testid="intake-channel-e_nanny"]')
    await page.focus('[data-testid="intake-category-search"]')
    await expect.poll(() => optionsOf(page, 'intake-category-search').then((ids) => ids[0])).toBe(category.code)
    await page.keyboard.press('Enter')
    await page.keyboard.type(placeKeys)
    await page.keyboard.press('Enter')
    const dup = await page.waitForSelector(`[data-testid="intake-duplicate"][data-case-id="${firstId}"]`)
    expect(await dup.textContent()).toMatch(new RegExp(`${first.code}.*相距 0 米 · \\d+ 分钟前 · 待立案`))
    await page.fill('[data-testid="intake-description"]', '又有人打来说同一处')
    await saveScreenshot(page, 'desk-intake-1600x900')
    // The open form is as legible and accessible as the rest of the desk.
    expect(await smallTexts(page)).toEqual([])
    expect(await runAxe(page)).toEqual([])
    expect(await lowContrastTexts(page)).toEqual([])
    await page.click(`[data-testid="intake-duplicate"][data-case-id="${firstId}"] [data-testid="intake-merge"]`)
    const merged = await page.waitForSelector('[data-testid="intake-filed"]:has-text("已合并到")')
    const secondId = (await merged.getAttribute('data-case-id'))!
    expect(await merged.textContent()).toContain(`已合并到 ${first.code}`)
    const second = await get(secondId)
    expect(second).toMatchObject({ state: 'merged', duplicateOf: firstId, source: 'hotline' })
    expect(second.description).toBe('来电渠道：电子保姆\n又有人打来说同一处')
    expect((await get(firstId)).mergedReports.map((r) => r.caseId)).toEqual([secondId])

    // Third call: a bad phone is refused in its field and nothing typed is lost; then a double click files once.
    await page.keyboard.press('Enter')
    await page.keyboard.type(placeKeys)
    await page.keyboard.press('Enter')
    await page.fill('[data-testid="intake-reporter-phone"]', '12')
    await page.fill('[data-testid="intake-title"]', '第三个来电')
    await page.click('[data-testid="intake-send"]')
    await page.waitForSelector('[data-testid="intake-error-reporterPhone"]')
    expect(await page.inputValue('[data-testid="intake-title"]')).toBe('第三个来电')
    expect(await page.textContent('[data-testid="intake-category-chosen"]')).toContain(category.name)
    await page.fill('[data-testid="intake-reporter-phone"]', '010-6402 1234')
    // A pin on the small map moves the point off the road; the grid shown follows the pin.
    await page.click('[data-testid="intake-pin-toggle"]')
    const pinMap = await page.waitForSelector('[data-testid="intake-pin-map"][data-state="ready"]', { timeout: 90_000 })
    const box = (await pinMap.boundingBox())!
    await page.mouse.click(box.x + box.width / 2 + 40, box.y + box.height / 2 + 20)
    await page.waitForSelector('[data-testid="intake-grid"]')
    const pinnedGrid = await page.getAttribute('[data-testid="intake-grid"]', 'data-grid-id')
    const before = await allCaseIds()
    await page.dblclick('[data-testid="intake-send"]')
    const third = await page.waitForSelector(`[data-testid="intake-filed"]:not([data-case-id="${secondId}"])`)
    const thirdId = (await third.getAttribute('data-case-id'))!
    await expect.poll(async () => (await allCaseIds()).filter((id) => !before.includes(id))).toEqual([thirdId])
    const thirdCase = await get(thirdId)
    expect(thirdCase).toMatchObject({ title: '第三个来电', reporterPhone: '010****1234', gridId: pinnedGrid, address: place.name })
    expect(thirdCase.location).not.toEqual(place.location)

    expect(problems.all()).toEqual([])
    await page.close()
  }, 240_000)
})
