import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BRIEFING_PAGES } from '../client/src/features/briefing/briefingPages'
import { beijingDay } from '../shared/rules/beijingTime'
import { type Call, caller, demoFacts, reportBody } from '../server/src/cases/caseTestHelpers'
import { launchBrowser, saveScreenshot, watchPage, type LaunchedBrowser } from './support/browser'
import { startTestServer, type TestServer } from './support/server'
import { signInAs } from './support/signIn'

/**
 * The notice page of the briefing (通报) as a leader reads it at 1920×1080: the five sections, text
 * at 24 px or more, a number that lists exactly the cases it counts (each opening the desk's
 * drawer), 复制全文, and the English text after switching language.
 */
let server: TestServer
let browser: LaunchedBrowser
let call: Call
const PASSWORD = 'notice-e2e-password-1'
const today = beijingDay(new Date())
const NO_ORIGIN = [/\/relay\//, /\/api\/v1\/cameras\/[\w-]+\/stream/, /status of 502/]
const REPORTS = 3

beforeAll(async () => {
  server = await startTestServer()
  call = caller(server.url, await server.tokenFor('integration'))
  const facts = await demoFacts(call)
  for (let i = 0; i < REPORTS; i++) {
    const res = await call('POST', '/api/v1/cases', { as: 'grid_worker', body: reportBody(facts, { location: facts.grids[i]!.point }) })
    expect(res.status).toBe(201)
  }
  await server.wall.auth.createUser({ username: 'e2e-notice-leader', displayName: '领导', role: 'leader', password: PASSWORD })
  browser = await launchBrowser()
  await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url })
  await signInAs(browser.context, server.url, 'e2e-notice-leader', PASSWORD)
}, 300_000)

afterAll(async () => {
  await browser?.close()
  await server?.close()
})

describe('the briefing notice', () => {
  it("writes today's 通报 at 24 px or more, and a number lists the cases behind it", async () => {
    const page = await browser.context.newPage()
    await page.setViewportSize({ width: 1920, height: 1080 })
    const problems = watchPage(page, { ignore: NO_ORIGIN })
    await page.goto(`${server.url}/briefing?from=${today}&to=${today}&scope=street&page=${BRIEFING_PAGES.indexOf('notice')}`)
    const notice = page.getByTestId('briefing-notice')
    await notice.locator('[data-section="overdue"]').waitFor({ timeout: 60_000 })
    expect(await notice.locator('h3').allTextContents()).toEqual(['一、总体情况', '二、案件来源', '三、部件与事件', '四、排名情况', '五、超期与推诿'])
    const smallest = await notice.evaluate((root) =>
      Math.min(...[...root.querySelectorAll('*')].filter((el) => el.textContent!.trim() !== '').map((el) => parseFloat(getComputedStyle(el).fontSize))),
    )
    expect(smallest).toBeGreaterThanOrEqual(24)

    const reports = notice.locator('[data-figure="reports"]')
    expect(await reports.textContent()).toContain(`${REPORTS}件`)
    await reports.click()
    const links = page.getByTestId('notice-cases').getByTestId('notice-case')
    await expect.poll(() => links.count()).toBe(REPORTS)
    expect(await links.first().getAttribute('href')).toMatch(/^\/desk\?case=[\w-]+$/)
    await saveScreenshot(page, 'briefing-notice')

    await page.getByTestId('notice-copy').click()
    await expect.poll(() => page.getByTestId('notice-copy').textContent()).toBe('已复制')
    const copied = await page.evaluate(() => navigator.clipboard.readText())
    expect(copied).toContain(`共受理案件${REPORTS}件`)

    // In English the server writes it again in English.
    await page.getByTestId('language-toggle').click()
    await expect.poll(() => notice.locator('h3').first().textContent()).toBe('1. Overall')
    expect(await notice.locator('[data-figure="reports"]').textContent()).toContain(`${REPORTS}`)
    await page.getByTestId('language-toggle').click()
    await expect.poll(() => notice.locator('h3').first().textContent()).toBe('一、总体情况')
    expect(problems.all()).toEqual([])
    await page.close()
  }, 180_000)
})
