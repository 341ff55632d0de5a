import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { lowContrastTexts, runAxe } from './support/axe'
import { launchBrowser, watchPage, type LaunchedBrowser, type PageProblems } from './support/browser'
import { startTestServer, type TestServer } from './support/server'
import { signInAs, signInAsDisplay } from './support/signIn'

/**
 * axe-core on the sign-in page and on the wall, as a wall display and as a dispatcher's console, in
 * both languages: no serious or critical violation (contrast, names, roles, the language toggle's
 * name against its visible text). No camera origin runs here: the tiles' stream requests fail, and
 * that is not what this test looks at.
 */
let server: TestServer
let display: LaunchedBrowser
let dispatcher: LaunchedBrowser
const PASSWORD = 'axe-e2e-password-1'
const NO_ORIGIN = [/\/relay\//, /\/api\/v1\/cameras\/[\w-]+\/stream/, /status of 502/]

beforeAll(async () => {
  server = await startTestServer()
  await server.wall.auth.createUser({ username: 'axe-dispatch', displayName: '派遣员', role: 'dispatcher', password: PASSWORD })
  // A case in the feed and on the map, so their rows and markers are looked at too.
  await server.wall.auth.createUser({ username: 'axe-intake', displayName: '受理员', role: 'intake', password: null })
  const token = await server.tokenFor('integration')
  const categories = (await (await fetch(`${server.url}/api/v1/categories`, { headers: { authorization: `Bearer ${token}` } })).json()) as { items: { code: string; urgent: boolean }[] }
  const cameras = (await (await fetch(`${server.url}/api/v1/cameras`, { headers: { authorization: `Bearer ${token}` } })).json()) as { items: { id: string; location: unknown }[] }
  const res = await fetch(`${server.url}/api/v1/cases`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'x-on-behalf-of': 'intake/axe-intake', 'idempotency-key': 'axe-1' },
    body: JSON.stringify({ source: 'hotline', categoryCode: categories.items.find((c) => !c.urgent)!.code, title: '无障碍检查', location: cameras.items[0]!.location, address: '鼓楼东大街' }),
  })
  expect(res.status, await res.text()).toBe(201)
  // Nine tiles, so their bars and badges are looked at too (they fail to play: no origin).
  const dispatch = await server.tokenFor('dispatcher')
  for (const command of [{ type: 'setLayout', layout: '9' }, { type: 'fillTiles', cameraIds: cameras.items.slice(0, 9).map((c) => c.id) }]) {
    const sent = await fetch(`${server.url}/api/v1/walls/main/commands`, { method: 'POST', headers: { authorization: `Bearer ${dispatch}`, 'content-type': 'application/json' }, body: JSON.stringify({ command }) })
    expect(sent.ok).toBe(true)
  }
  display = await launchBrowser()
  await signInAsDisplay(display.context, server.url, server.displayToken('main'))
  dispatcher = await launchBrowser()
  await signInAs(dispatcher.context, server.url, 'axe-dispatch', PASSWORD)
}, 240_000)

afterAll(async () => {
  await display?.close()
  await dispatcher?.close()
  await server?.close()
})

async function open(browser: LaunchedBrowser, path: string, ignore: RegExp[]): Promise<{ page: Page; problems: PageProblems }> {
  const page = await browser.context.newPage()
  await page.setViewportSize({ width: 1920, height: 1080 })
  await page.addInitScript(() => localStorage.removeItem('wall.locale'))
  const problems = watchPage(page, { ignore })
  await page.goto(`${server.url}${path}`)
  return { page, problems }
}

async function wallReady(page: Page): Promise<void> {
  await page.waitForFunction(() => window.__wallDiagnostics?.mapLoaded === true && window.__wallDiagnostics.caseCount > 0, null, { timeout: 90_000 })
  await page.locator('[data-testid="case-feed"] li').first().waitFor()
}

/** Nothing serious from axe, and no text under AA contrast on a solid fill. */
async function expectAccessible(page: Page): Promise<void> {
  expect(await runAxe(page)).toEqual([])
  expect(await lowContrastTexts(page)).toEqual([])
}

/** Both checks in Chinese, then again after the language toggle, in English. */
async function bothLanguages(page: Page, english: string): Promise<void> {
  await expectAccessible(page)
  // The toggle's accessible name starts with what it shows, so "click EN" works by voice.
  const toggle = page.getByTestId('language-toggle')
  const shown = ((await toggle.textContent()) ?? '').trim()
  expect(shown).not.toBe('')
  expect(await toggle.getAttribute('aria-label')).toMatch(new RegExp(`^${shown} `))
  await toggle.click()
  await page.waitForFunction(() => document.documentElement.lang === 'en')
  await page.getByText(english).first().waitFor()
  await expectAccessible(page)
}

describe('accessibility (axe-core)', () => {
  it('would see a nameless button and pale text: the checks can fail', async () => {
    const { page, problems } = await open(display, '/wall/main', NO_ORIGIN)
    await wallReady(page)
    await page.evaluate(() => {
      const bad = document.createElement('div')
      bad.id = 'axe-fixture'
      const button = document.createElement('button')
      const pale = document.createElement('p')
      pale.textContent = '对比度不足'
      // Through the CSSOM: the page's CSP refuses style attributes. A sheet over the whole page, so
      // axe can tell the background (over the wall's gradients it could only say "review").
      pale.style.color = '#5b6b80'
      Object.assign(bad.style, { position: 'fixed', inset: '0', backgroundColor: '#4a5568', zIndex: '2147483647' })
      bad.append(button, pale)
      document.body.append(bad)
    })
    expect((await runAxe(page)).map((f) => f.rule)).toEqual(expect.arrayContaining(['button-name', 'color-contrast']))
    expect(await lowContrastTexts(page)).toEqual([expect.stringContaining('对比度不足')])
    await page.evaluate(() => document.getElementById('axe-fixture')?.remove())
    expect(problems.all()).toEqual([])
    await page.close()
  }, 120_000)

  it('finds nothing serious on the sign-in page, in either language', async () => {
    const anonymous = await launchBrowser()
    try {
      // The visitor's own 401 from /auth/me is the expected answer.
      const { page, problems } = await open(anonymous, '/signin', [/\/api\/v1\/auth\/me/, /status of 401/])
      await page.getByTestId('sign-in').waitFor()
      await bothLanguages(page, 'Sign in')
      expect(problems.all()).toEqual([])
    } finally {
      await anonymous.close()
    }
  }, 60_000)

  it('finds nothing serious on the wall as a wall display shows it, in either language', async () => {
    const { page, problems } = await open(display, '/wall/main', NO_ORIGIN)
    await wallReady(page)
    await bothLanguages(page, 'Gulou Street Grid Command Center')
    expect(problems.all()).toEqual([])
    await page.close()
  }, 120_000)

  it('finds nothing serious on the dispatcher console, with its controls and the camera list', async () => {
    const { page, problems } = await open(dispatcher, '/wall/main', NO_ORIGIN)
    await wallReady(page)
    await page.getByTestId('wall-controls').waitFor()
    await expectAccessible(page)
    await page.getByRole('tab', { name: '探头列表' }).click()
    await page.locator('[data-testid="camera-list"] li').first().waitFor()
    await expectAccessible(page)
    expect(problems.all()).toEqual([])
    await page.close()
  }, 120_000)
})
