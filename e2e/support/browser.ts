import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type BrowserContext, type Page } from 'playwright-core'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
/** Screenshots and other things a person looks at after a run; git-ignored. */
export const ARTIFACTS_DIR = path.join(ROOT, 'artifacts')

export interface LaunchedBrowser {
  context: BrowserContext
  close(): Promise<void>
}

/**
 * A fresh headless Chromium with its own throw-away profile. WebGL runs on SwiftShader (no GPU on
 * CI), and background networking is off so the browser itself makes no requests we did not ask for.
 */
/** The flags every test and bench starts Chromium with: WebGL on SwiftShader, no background networking, autoplay. */
export const CHROMIUM_FLAGS = ['--no-sandbox', '--disable-gpu', '--enable-unsafe-swiftshader', '--disable-background-networking', '--autoplay-policy=no-user-gesture-required']
export const chromiumPath = () => process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export async function launchBrowser(): Promise<LaunchedBrowser> {
  const profileDir = await mkdtemp(path.join(os.tmpdir(), 'wall-e2e-profile-'))
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumPath(),
    headless: true,
    args: CHROMIUM_FLAGS,
  })
  return {
    context,
    async close() {
      await context.close().catch(() => {})
      await rm(profileDir, { recursive: true, force: true })
    },
  }
}

export interface PageProblems {
  consoleErrors: string[]
  pageErrors: string[]
  failedRequests: string[]
  /** Every URL the page asked for, in order, including ones that failed. */
  requests: string[]
  /** Everything above except `requests`, one line each; empty when the page behaved. */
  all(): string[]
}

/**
 * Records what went wrong on a page: console errors, uncaught exceptions, failed requests and HTTP
 * error responses. Attach it before navigating; a test asserts `problems.all()` is empty.
 */
export function watchPage(page: Page, options: { ignore?: RegExp[] } = {}): PageProblems {
  const ignored = (text: string) => (options.ignore ?? []).some((re) => re.test(text))
  const problems: PageProblems = {
    consoleErrors: [],
    pageErrors: [],
    failedRequests: [],
    requests: [],
    all() {
      return [
        ...this.consoleErrors.map((e) => `console error: ${e}`),
        ...this.pageErrors.map((e) => `page error: ${e}`),
        ...this.failedRequests.map((e) => `request failed: ${e}`),
      ]
    },
  }
  page.on('console', (message) => {
    if (message.type() !== 'error') return
    const where = message.location()
    const text = `${message.text()}${where.url ? ` (${where.url}:${where.lineNumber})` : ''}`
    if (!ignored(text)) problems.consoleErrors.push(text)
  })
  page.on('pageerror', (error) => {
    const text = error.stack ?? error.message
    if (!ignored(text)) problems.pageErrors.push(text)
  })
  page.on('request', (request) => {
    problems.requests.push(request.url())
  })
  page.on('requestfailed', (request) => {
    const text = `${request.method()} ${request.url()}: ${request.failure()?.errorText ?? 'failed'}`
    if (!ignored(text)) problems.failedRequests.push(text)
  })
  page.on('response', (response) => {
    if (response.status() < 400) return
    const text = `${response.request().method()} ${response.url()}: HTTP ${response.status()}`
    if (!ignored(text)) problems.failedRequests.push(text)
  })
  return problems
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1'])

/** URLs that left this machine: anything but loopback http(s)/ws(s). data:, blob: and about: stay local. */
export function nonLoopbackRequests(urls: string[]): string[] {
  return urls.filter((raw) => {
    let url: URL
    try {
      url = new URL(raw)
    } catch {
      return true
    }
    if (['data:', 'blob:', 'about:'].includes(url.protocol)) return false
    return !LOOPBACK_HOSTS.has(url.hostname)
  })
}

/** Saves a full-page PNG under artifacts/ and returns its path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  await mkdir(ARTIFACTS_DIR, { recursive: true })
  const file = path.resolve(ARTIFACTS_DIR, name.endsWith('.png') ? name : `${name}.png`)
  await page.screenshot({ path: file, fullPage: false })
  return file
}
