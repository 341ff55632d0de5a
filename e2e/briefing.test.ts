import { readFile } from 'node:fs/promises'
import ExcelJS from 'exceljs'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BRIEFING_PAGES, PRINTED_PAGES } from '../client/src/features/briefing/briefingPages'
import { presetRange } from '../client/src/features/briefing/briefingQuery'
import { DEFAULT_HOLIDAYS } from '../server/src/cases/holidayCalendar'
import { createLogger } from '../server/src/core/logger'
import { startDemoSimulation } from '../server/src/demo/startDemo'
import type { Simulation } from '../server/src/demo/sim/simulation'
import { launchBrowser, saveScreenshot, watchPage, type LaunchedBrowser } from './support/browser'
import { startTestServer, type TestServer } from './support/server'
import { signInAs, signInAsDisplay } from './support/signIn'

/**
 * The briefing test of issue 15: the demo back-fills enough days to cover last month, a leader
 * signs in at 1920×1080, lands on /briefing, opens LAST MONTH, walks every page by key without a
 * console error with no text under 24 px (charts included), then takes away the PDF (one printed
 * page per briefing page but the replay, counted from its page objects) and the rankings' XLSX
 * (every grid listed). No camera origin runs.
 */
let server: TestServer
let browser: LaunchedBrowser
let simulation: Simulation
let token: string
const PASSWORD = 'briefing-e2e-password-1'
const NO_ORIGIN = [/\/relay\//, /\/api\/v1\/cameras\/[\w-]+\/stream/, /status of 502/]
const lastMonth = presetRange('lastMonth', Date.now())
/** Back to the first of last month, and a day more for the 环比 to have cases too. */
const BACKFILL_DAYS = Math.ceil((Date.now() - Date.parse(`${lastMonth.from}T00:00:00+08:00`)) / 86_400_000) + 1

beforeAll(async () => {
  server = await startTestServer()
  const port = Number(new URL(server.url).port)
  simulation = await startDemoSimulation(server.wall, { address: '127.0.0.1', family: 'IPv4', port }, {
    sim: { enabled: true, reportsPerMinute: 0.01, backfillDays: BACKFILL_DAYS },
    holidays: DEFAULT_HOLIDAYS,
    log: createLogger('silent'),
  })
  await simulation.ready
  token = await server.tokenFor('leader')
  await server.wall.auth.createUser({ username: 'e2e-briefing-leader', displayName: '领导', role: 'leader', password: PASSWORD })
  browser = await launchBrowser()
  await signInAs(browser.context, server.url, 'e2e-briefing-leader', PASSWORD)
}, 600_000)

afterAll(async () => {
  await browser?.close()
  await simulation?.stop()
  await server?.close()
})

async function api(path: string): Promise<Response> {
  const res = await fetch(`${server.url}/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } })
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`)
  return res
}

/** The smallest text on the page: every element holding text, and every text a chart drew on its canvas. */
async function smallestText(page: Page): Promise<{ px: number; where: string }> {
  return page.evaluate(() => {
    let smallest = { px: Infinity, where: '' }
    for (const el of document.querySelectorAll('[data-testid="briefing"] *')) {
      const own = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim() !== '')
      if (!own || (el as HTMLElement).offsetParent === null) continue
      const px = parseFloat(getComputedStyle(el).fontSize)
      if (px < smallest.px) smallest = { px, where: el.textContent!.trim().slice(0, 40) }
    }
    const charts = window.__chartDiagnostics
    // Only the briefing's charts: on a wall, the wall's own lie beneath it.
    const inBriefing = (name: string) => document.querySelector(`[data-testid="briefing"] [data-chart="${name}"]`) !== null
    for (const name of (charts?.charts() ?? []).filter(inBriefing)) {
      for (const text of charts!.texts(name) ?? []) if (text.fontPx < smallest.px) smallest = { px: text.fontPx, where: `${name}: ${text.text}` }
    }
    return smallest
  })
}

describe("last month's briefing", () => {
  it('lands a leader on /briefing and walks every page by key at 24 px or more, without a console error', async () => {
    const page = await browser.context.newPage()
    await page.setViewportSize({ width: 1920, height: 1080 })
    const problems = watchPage(page, { ignore: NO_ORIGIN })
    await page.goto(server.url)
    await page.waitForURL(/\/briefing/)

    await page.getByTestId('briefing-period').selectOption('lastMonth')
    await page.waitForURL((url) => url.searchParams.get('from') === lastMonth.from && url.searchParams.get('to') === lastMonth.to)
    await page.getByTestId('briefing-pause').click()
    await page.locator('[data-briefing-page="headline"]').waitFor()
    // The figures on screen are the KPI API's for the same days.
    const kpi = (await (await api(`/kpi?from=${lastMonth.from}&to=${lastMonth.to}`)).json()) as { total: { counts: { reports: number } } }
    expect(kpi.total.counts.reports).toBeGreaterThan(1000)
    expect(await page.locator('[data-figure="reports"] .headline__value').textContent()).toBe(kpi.total.counts.reports.toLocaleString('en-US'))

    for (const [i, key] of BRIEFING_PAGES.entries()) {
      if (i > 0) await page.keyboard.press('ArrowRight')
      await page.locator(`[data-briefing-page="${key}"]`).waitFor()
      await expect.poll(() => page.getByTestId('briefing-indicator').textContent()).toBe(`第 ${i + 1} / ${BRIEFING_PAGES.length} 页`)
      await page.waitForFunction(() => document.body.dataset['briefingReady'] === '1', undefined, { timeout: 60_000 })
      const smallest = await smallestText(page)
      expect(smallest.px, `${key}: "${smallest.where}"`).toBeGreaterThanOrEqual(24)
      // Every word is a message, none a bare key.
      expect(await page.getByTestId('briefing').textContent()).not.toMatch(/briefing\.[a-z]/)
      await saveScreenshot(page, `briefing-${key}`)
    }
    // End and Home jump; a number key opens that page; the page is in the URL.
    await page.keyboard.press('Home')
    await page.locator('[data-briefing-page="headline"]').waitFor()
    await page.keyboard.press('3')
    await page.locator(`[data-briefing-page="${BRIEFING_PAGES[2]}"]`).waitFor()
    expect(new URL(page.url()).searchParams.get('page')).toBe('2')

    // One community: the URL names it, the page says so, and its figures are the KPI API's for that community.
    await page.keyboard.press('Home')
    const byCommunity = (await (await api(`/kpi?from=${lastMonth.from}&to=${lastMonth.to}&groupBy=community&limit=100`)).json()) as {
      groups: { key: string; label: string; figures: { counts: { reports: number } } }[]
    }
    const community = byCommunity.groups[0]!
    await page.getByTestId('briefing-scope').selectOption(`community:${community.key}`)
    await page.waitForURL((url) => url.searchParams.get('scope') === `community:${community.key}`)
    await expect.poll(() => page.locator('.briefing-page__meta').textContent()).toContain(community.label)
    expect(await page.locator('[data-figure="reports"] .headline__value').textContent()).toBe(community.figures.counts.reports.toLocaleString('en-US'))

    // 自定义: two days of one's own, kept with the scope.
    await page.getByTestId('briefing-period').selectOption('custom')
    await page.getByTestId('briefing-from').fill(`${lastMonth.from.slice(0, 8)}10`)
    await page.waitForURL((url) => url.searchParams.get('from') === `${lastMonth.from.slice(0, 8)}10` && url.searchParams.get('to') === lastMonth.to)
    expect(new URL(page.url()).searchParams.get('scope')).toBe(`community:${community.key}`)
    await expect.poll(() => page.locator('.briefing-page__meta').textContent()).toContain(`${lastMonth.from.slice(0, 8)}10 ~ ${lastMonth.to}`)
    expect(problems.all()).toEqual([])
    await page.close()
  }, 300_000)

  it('takes away the PDF, one printed page per briefing page', async () => {
    const page = await browser.context.newPage()
    await page.setViewportSize({ width: 1920, height: 1080 })
    const problems = watchPage(page, { ignore: NO_ORIGIN })
    await page.goto(`${server.url}/briefing?from=${lastMonth.from}&to=${lastMonth.to}&scope=street&page=0`)
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 180_000 }), page.getByTestId('briefing-pdf').click()])
    const pdf = await readFile(await download.path())
    expect(pdf.length).toBeGreaterThan(10_000)
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    // Each page is one `/Type /Page` object (the tree's root is `/Type /Pages`).
    const pages = pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g) ?? []
    expect(pages.length).toBe(PRINTED_PAGES.length)
    expect(problems.all()).toEqual([])
    await page.close()
  }, 240_000)

  it('puts the briefing on a wall (上墙) and takes it down: the wall display shows its pages full-screen meanwhile', async () => {
    const display = await launchBrowser()
    try {
      await signInAsDisplay(display.context, server.url, server.displayToken('main'))
      const screen = await display.context.newPage()
      await screen.setViewportSize({ width: 1920, height: 1080 })
      const onScreen = watchPage(screen, { ignore: NO_ORIGIN })
      await screen.goto(`${server.url}/wall/main`)
      await screen.getByTestId('kpi-strip').waitFor({ timeout: 60_000 })
      expect(await screen.getByTestId('wall-briefing').count()).toBe(0)

      const page = await browser.context.newPage()
      await page.setViewportSize({ width: 1920, height: 1080 })
      const problems = watchPage(page, { ignore: NO_ORIGIN })
      await page.goto(`${server.url}/briefing?from=${lastMonth.from}&to=${lastMonth.to}&scope=street&page=1`)
      await page.getByTestId('briefing-pause').click()
      await page.getByTestId('briefing-wall').selectOption('main')
      await page.getByTestId('briefing-show-on-wall').click()
      await page.getByText('已上墙：main').waitFor()

      // The wall shows the same period from the same page, every text 24 px or more.
      await screen.locator('[data-testid="wall-briefing"] [data-briefing-page="funnel"]').waitFor({ timeout: 60_000 })
      expect(await screen.getByTestId('wall-briefing').textContent()).toContain(`${lastMonth.from} ~ ${lastMonth.to}`)
      await screen.waitForFunction(() => document.body.dataset['briefingReady'] === '1', undefined, { timeout: 60_000 })
      expect((await smallestText(screen)).px).toBeGreaterThanOrEqual(24)
      await saveScreenshot(screen, 'briefing-on-wall')

      await page.getByTestId('briefing-take-down').click()
      await page.getByText('已从 main 撤下').waitFor()
      await screen.getByTestId('wall-briefing').waitFor({ state: 'detached', timeout: 30_000 })
      expect(problems.all()).toEqual([])
      expect(onScreen.all()).toEqual([])
      await page.close()
    } finally {
      await display.close()
    }
  }, 240_000)

  it('tells a dispatcher whose page it is', async () => {
    await server.wall.auth.createUser({ username: 'e2e-briefing-dispatch', displayName: '派遣员', role: 'dispatcher', password: PASSWORD })
    const other = await launchBrowser()
    try {
      await signInAs(other.context, server.url, 'e2e-briefing-dispatch', PASSWORD)
      const page = await other.context.newPage()
      const problems = watchPage(page, { ignore: NO_ORIGIN })
      await page.goto(`${server.url}/briefing`)
      await page.getByTestId('briefing-not-yours').waitFor()
      expect(await page.$('[data-testid="briefing"]')).toBeNull()
      expect(await page.getByRole('link', { name: '返回工作页面' }).getAttribute('href')).toBe('/desk')
      expect(problems.all()).toEqual([])
    } finally {
      await other.close()
    }
  }, 120_000)

  it('takes away the rankings as an XLSX that lists every grid', async () => {
    const page = await browser.context.newPage()
    await page.setViewportSize({ width: 1920, height: 1080 })
    const problems = watchPage(page, { ignore: NO_ORIGIN })
    await page.goto(`${server.url}/briefing?from=${lastMonth.from}&to=${lastMonth.to}&scope=street&page=${BRIEFING_PAGES.indexOf('rankings')}`)
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('rankings-xlsx').click()])
    const file = await download.path()
    const book = new ExcelJS.Workbook()
    await book.xlsx.readFile(file)
    const cells = new Set<string>()
    book.worksheets[0]!.eachRow((row) => row.eachCell((cell) => void cells.add(String(cell.value))))
    const grids = (await (await api('/grids')).json()) as { features: { properties: { name: string } }[] }
    expect(grids.features.length).toBe(64)
    expect(grids.features.map((g) => g.properties.name).filter((name) => !cells.has(name))).toEqual([])
    expect(problems.all()).toEqual([])
    await page.close()
  }, 120_000)
})
