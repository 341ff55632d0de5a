import { accessSync, constants } from 'node:fs'
import { type Browser, chromium } from 'playwright-core'
import { createError } from '../core/appError'
import type { PdfConfig } from './pdfConfig'

/** What the print page sets once everything on it has drawn (client/src/features/briefing/briefingReady.ts). */
export const READY_SELECTOR = 'body[data-briefing-ready="1"]'
const FLAGS = ['--no-sandbox', '--disable-gpu', '--enable-unsafe-swiftshader', '--disable-background-networking']

export interface PdfJob {
  /** The page to print, on the server's own loopback address. */
  url: string
  /** Starts the session the page signs in with (when the render's turn comes) and ends it after. */
  session: () => { cookie: { name: string; value: string }; end: () => void }
}

/** Missing or not executable: a 503 that names what to install, before anything is launched. */
function requireChromium(path: string): void {
  try {
    accessSync(path, constants.X_OK)
  } catch {
    throw createError('NOT_READY', `the PDF needs Chromium at ${path}, which is missing: install it (apt-get install chromium) or set CHROMIUM_PATH`)
  }
}

async function withTimeout<T>(work: Promise<T>, ms: number, onTimeout: () => void): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      onTimeout()
      reject(createError('NOT_READY', `the briefing's PDF took longer than ${Math.round(ms / 1000)} s; try a shorter period or again later`))
    }, ms)
  })
  try {
    return await Promise.race([work, timeout])
  } finally {
    clearTimeout(timer)
  }
}

/** How a render starts Chromium: playwright-core's launch (tests hand in a stand-in). */
export type LaunchBrowser = (options: { executablePath: string; headless: boolean; args: string[] }) => Promise<Pick<Browser, 'newContext' | 'close'>>

/**
 * Prints the briefing's print page to an A4 landscape PDF with the system's Chromium. One render
 * at a time: each Chromium takes hundreds of megabytes and both cores for seconds, so a second
 * request waits its turn (and its own timeout counts from its start).
 */
export function createPdfRenderer(config: PdfConfig, launch: LaunchBrowser = (o) => chromium.launch(o)) {
  let queue: Promise<unknown> = Promise.resolve()

  async function renderNow(job: PdfJob): Promise<Buffer> {
    requireChromium(config.chromiumPath)
    const session = job.session()
    const browser = await launch({ executablePath: config.chromiumPath, headless: true, args: FLAGS }).catch((e: unknown) => {
      session.end()
      throw e
    })
    const work = (async () => {
      const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } })
      await context.addCookies([{ ...session.cookie, url: new URL(job.url).origin, httpOnly: true, sameSite: 'Strict' }])
      const page = await context.newPage()
      await page.goto(job.url)
      await page.waitForSelector(READY_SELECTOR, { state: 'attached', timeout: 0 })
      return page.pdf({ format: 'A4', landscape: true, printBackground: true })
    })()
    try {
      return await withTimeout(work, config.timeoutMs, () => void browser.close().catch(() => {}))
    } finally {
      await browser.close().catch(() => {})
      session.end()
    }
  }

  return {
    /** Queued behind any render in progress. */
    render(job: PdfJob): Promise<Buffer> {
      const next = queue.then(() => renderNow(job))
      queue = next.catch(() => undefined)
      return next
    },
  }
}
export type PdfRenderer = ReturnType<typeof createPdfRenderer>
