import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateGulou } from '../server/src/demo/gulou/generateGulou'
import { writeReferenceFolder } from '../server/src/demo/gulou/writeReferenceFolder'
import { launchBrowser, saveScreenshot, watchPage, type LaunchedBrowser } from './support/browser'
import { startTestServer, type TestServer } from './support/server'
import { signInAsDisplay } from './support/signIn'

/**
 * Sign-in in a real browser, and names that arrive from outside (a camera platform's camera list,
 * an imported community) rendered as text on every screen: Frigate's CVE-2023-45671 was exactly a
 * camera name that ran as script.
 */
const PAYLOAD = '"><img src=x onerror=alert(1)>'
let server: TestServer
let referenceDir: string
let cameraId: string
let cameraAt: { lng: number; lat: number }

beforeAll(async () => {
  referenceDir = await mkdtemp(path.join(os.tmpdir(), 'wall-e2e-xss-'))
  const data = generateGulou()
  data.cameras[0]!.name = PAYLOAD
  cameraId = data.cameras[0]!.id
  cameraAt = data.cameras[0]!.location
  data.communities[0]!.name = `${PAYLOAD}社区`
  writeReferenceFolder(data, referenceDir)
  server = await startTestServer({ REFERENCE_DIR: referenceDir })
}, 180_000)

afterAll(async () => {
  await server?.close()
  await rm(referenceDir, { recursive: true, force: true })
})

async function withBrowser<T>(work: (b: LaunchedBrowser) => Promise<T>): Promise<T> {
  const browser = await launchBrowser()
  try {
    return await work(browser)
  } finally {
    await browser.close()
  }
}

describe('sign-in', () => {
  it('shows the sign-in page to an anonymous visitor, then the wall after a display token is entered', async () => {
    await withBrowser(async (browser) => {
      const page = await browser.context.newPage()
      await page.setViewportSize({ width: 1920, height: 1080 })
      // The sign-in page's own 401 from /auth/me is the expected answer to an anonymous visitor.
      const problems = watchPage(page, { ignore: [/\/api\/v1\/auth\/(me|display)/, /status of 401/] })
      await page.goto(`${server.url}/`)
      await page.waitForSelector('[data-testid="sign-in"]')
      expect(await page.$('.wall')).toBeNull()
      await page.getByRole('tab', { name: /大屏终端/ }).click()
      await page.fill('input[name="token"]', 'not-a-real-token-but-long-enough')
      await page.getByRole('button', { name: '登录' }).click()
      await page.getByRole('alert').waitFor()
      expect(await page.getByRole('alert').textContent()).toContain('令牌无效')
      await page.fill('input[name="token"]', server.displayToken('main'))
      await page.getByRole('button', { name: '登录' }).click()
      await page.waitForFunction(() => window.__wallDiagnostics?.mapLoaded === true, null, { timeout: 90_000 })
      await saveScreenshot(page, 'signed-in-wall')
      expect(problems.all()).toEqual([])
    })
  }, 150_000)
})

describe('names from outside render as text', () => {
  it('a camera named like markup shows its name literally on its tile and on the wall, and nothing runs', async () => {
    await withBrowser(async (browser) => {
      await signInAsDisplay(browser.context, server.url, server.displayToken('main'))
      const dialogs: string[] = []
      for (const url of [`${server.url}/`, `${server.url}/?view=tiles&cameras=${cameraId}`]) {
        const page = await browser.context.newPage()
        page.on('dialog', (d) => {
          dialogs.push(d.message())
          void d.dismiss()
        })
        // This camera has no stream behind it in this test: only its name matters here.
        const problems = watchPage(page, { ignore: [/\/relay\//, /\/stream/, /status of 50\d/] })
        await page.setViewportSize({ width: 1920, height: 1080 })
        await page.goto(url)
        if (url.includes('view=tiles')) {
          // The tile shows the camera's id until the camera list has loaded, then its name.
          await page.waitForFunction((payload) => document.querySelector('.tile__name')?.textContent === payload, PAYLOAD, { timeout: 10_000 })
          expect(await page.locator('.tile__name').first().textContent()).toBe(PAYLOAD)
        } else {
          await page.waitForFunction(() => window.__wallDiagnostics?.mapLoaded === true, null, { timeout: 90_000 })
        }
        // Had the name been parsed as HTML there would be an <img src="x">, and its error would run.
        expect(await page.$$eval('img', (imgs) => imgs.filter((i) => i.getAttribute('src') === 'x').length)).toBe(0)
        expect(problems.all()).toEqual([])
        await page.close()
      }
      expect(dialogs).toEqual([])
    })
  }, 150_000)

  it('a case titled like markup shows literally in the feed, the alarm banner and the alarm tile, next to the camera of that name', async () => {
    const api = async (token: string, path: string, body: unknown, headers: Record<string, string> = {}) => {
      const res = await fetch(`${server.url}/api/v1${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) })
      if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`)
      return (await res.json()) as Record<string, unknown>
    }
    const desk = await server.tokenFor('dispatcher')
    const gateway = await server.tokenFor('integration')
    await api(desk, '/walls/main/commands', { command: { type: 'setLayout', layout: '4' } })
    await api(desk, '/walls/main/commands', { command: { type: 'fillTiles', cameraIds: [cameraId] } })
    await withBrowser(async (browser) => {
      await signInAsDisplay(browser.context, server.url, server.displayToken('main'))
      const page = await browser.context.newPage()
      const dialogs: string[] = []
      page.on('dialog', (d) => {
        dialogs.push(d.message())
        void d.dismiss()
      })
      const problems = watchPage(page, { ignore: [/\/relay\//, /\/stream/, /status of 50\d/] })
      await page.setViewportSize({ width: 1920, height: 1080 })
      await page.goto(`${server.url}/wall/main`)
      await page.waitForFunction(() => window.__wallDiagnostics?.mapLoaded === true, null, { timeout: 90_000 })
      const categories = ((await (await fetch(`${server.url}/api/v1/categories`, { headers: { authorization: `Bearer ${desk}` } })).json()) as { items: { code: string; urgent: boolean }[] }).items
      const title = `${PAYLOAD}燃气`
      // At the camera itself, so the alarm puts this very camera (and its name) into an alarm tile.
      await api(gateway, '/cases', { source: 'hotline', categoryCode: categories.find((c) => c.urgent)!.code, title, location: cameraAt }, { 'x-on-behalf-of': 'intake/intake-1' })

      await page.waitForSelector('[data-testid="alarm-label"]', { timeout: 10_000 })
      expect(await page.textContent('[data-testid="alarm-label"]')).toContain(title)
      expect(await page.textContent('[data-testid="alarm-banner"]')).toContain(title)
      await page.waitForFunction((t) => document.querySelector('[data-testid="case-feed"]')?.textContent?.includes(t) ?? false, title, { timeout: 5000 })
      await page.waitForFunction((payload) => Array.from(document.querySelectorAll('.tile__name'), (e) => e.textContent).includes(payload), PAYLOAD, { timeout: 10_000 })
      expect(await page.$$eval('.tile__name', (els) => els.map((e) => e.textContent))).toContain(PAYLOAD)
      expect(await page.$$eval('img', (imgs) => imgs.filter((i) => i.getAttribute('src') === 'x').length)).toBe(0)
      await saveScreenshot(page, 'xss-wall-alarm')
      expect(dialogs).toEqual([])
      expect(problems.all()).toEqual([])
    })
  }, 150_000)
})
