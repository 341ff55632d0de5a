import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, saveScreenshot, watchPage, type LaunchedBrowser } from './support/browser'
import { startTestServer, type TestServer } from './support/server'

/** The pages of the client and where a person lands, in a real browser. */
let server: TestServer
let browser: LaunchedBrowser
const PASSWORD = 'pages-e2e-password-1'

beforeAll(async () => {
  server = await startTestServer()
  await server.wall.auth.createUser({ username: 'pages-dispatch', displayName: '派遣员甲', role: 'dispatcher', password: PASSWORD })
  browser = await launchBrowser()
}, 180_000)

afterAll(async () => {
  await browser?.close()
  await server?.close()
})

// An anonymous visitor's own 401 from /auth/me is the expected answer, not a problem.
const ANONYMOUS = { ignore: [/\/api\/v1\/auth\/me/, /status of 401/] }

describe('pages', () => {
  it('shows a proper not-found page for an unknown path, with a way back', async () => {
    const page = await browser.context.newPage()
    await page.setViewportSize({ width: 1920, height: 1080 })
    const problems = watchPage(page, ANONYMOUS)
    await page.goto(`${server.url}/no/such/page`)
    await page.getByTestId('not-found').waitFor()
    expect(await page.getByRole('heading').textContent()).toBe('页面不存在')
    expect(await page.getByTestId('not-found').textContent()).toContain('/no/such/page')
    await saveScreenshot(page, 'not-found-1920x1080')
    await page.getByRole('link', { name: '返回工作页面' }).click()
    // Signed out, the way back is the sign-in page.
    await page.waitForSelector('[data-testid="sign-in"]')
    expect(problems.all()).toEqual([])
    await page.close()
  }, 60_000)

  it('sends a signed-out visitor to sign-in and, once signed in, on to the page they asked for', async () => {
    const page = await browser.context.newPage()
    await page.setViewportSize({ width: 1920, height: 1080 })
    const problems = watchPage(page, ANONYMOUS)
    await page.goto(`${server.url}/desk`)
    await page.waitForSelector('[data-testid="sign-in"]')
    expect(new URL(page.url()).pathname).toBe('/signin')
    expect(new URL(page.url()).searchParams.get('redirect')).toBe('/desk')
    await page.fill('input[name="username"]', 'pages-dispatch')
    await page.fill('input[name="password"]', PASSWORD)
    await page.getByRole('button', { name: '登录' }).click()
    // The desk they asked for, which links to the wall.
    await page.getByTestId('desk').waitFor()
    expect(new URL(page.url()).pathname).toBe('/desk')
    await page.getByRole('link', { name: '指挥大屏' }).click()
    // The desk's own map reports mapLoaded too: wait for the wall's page before waiting for its map.
    await page.waitForURL((url) => url.pathname === '/wall/main', { timeout: 30_000 })
    await page.waitForFunction(() => window.__wallDiagnostics?.mapLoaded === true, null, { timeout: 90_000 })
    expect(new URL(page.url()).pathname).toBe('/wall/main')
    expect(problems.all()).toEqual([])
    await page.close()
  }, 150_000)

  it('lands a signed-in dispatcher on the desk from the root address', async () => {
    const page = await browser.context.newPage()
    const problems = watchPage(page)
    await page.goto(`${server.url}/`)
    await page.waitForURL(/\/desk$/)
    await page.getByTestId('desk').waitFor()
    expect(problems.all()).toEqual([])
    await page.close()
  }, 90_000)
})
