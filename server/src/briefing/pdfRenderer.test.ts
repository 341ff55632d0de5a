import { describe, expect, it } from 'vitest'
import { type LaunchBrowser, createPdfRenderer } from './pdfRenderer'

/** A stand-in Chromium whose page takes `ms` to get ready; it counts how many run at once. */
function fakeChromium(ms: number) {
  const seen = { running: 0, most: 0, launched: 0, closed: 0 }
  const launch: LaunchBrowser = () => {
    seen.launched++
    seen.running++
    seen.most = Math.max(seen.most, seen.running)
    const page = {
      goto: () => Promise.resolve(null),
      waitForSelector: () => new Promise((resolve) => setTimeout(resolve, ms)),
      pdf: () => Promise.resolve(Buffer.from('%PDF-1.4 fake')),
    }
    let open = true
    const browser = {
      newContext: () => Promise.resolve({ addCookies: () => Promise.resolve(), newPage: () => Promise.resolve(page) }),
      // Closing twice is closing once, as with Playwright's.
      close: () => {
        if (open) {
          seen.closed++
          seen.running--
        }
        open = false
        return Promise.resolve()
      },
    }
    return Promise.resolve(browser as never)
  }
  return { launch, seen }
}

// Any executable stands in for Chromium's path: the renderer checks it exists before launching.
const config = (timeoutMs: number) => ({ chromiumPath: process.execPath, timeoutMs })

function job() {
  const sessions = { started: 0, ended: 0 }
  return {
    sessions,
    job: {
      url: 'http://127.0.0.1:1/briefing?print=1',
      session: () => {
        sessions.started++
        return { cookie: { name: 'gulou_session', value: 't' }, end: () => void sessions.ended++ }
      },
    },
  }
}

describe('the PDF renderer', () => {
  it('renders one at a time: a second request waits for the first', async () => {
    const { launch, seen } = fakeChromium(30)
    const renderer = createPdfRenderer(config(5000), launch)
    const jobs = [job(), job(), job()]
    const pdfs = await Promise.all(jobs.map((j) => renderer.render(j.job)))
    expect(pdfs.map((b) => b.toString().slice(0, 5))).toEqual(['%PDF-', '%PDF-', '%PDF-'])
    expect(seen).toMatchObject({ launched: 3, most: 1 })
    expect(jobs.map((j) => j.sessions)).toEqual([{ started: 1, ended: 1 }, { started: 1, ended: 1 }, { started: 1, ended: 1 }])
  })

  it('gives up after its timeout with a 503, closes Chromium and ends the session', async () => {
    const slow = fakeChromium(10_000)
    const renderer = createPdfRenderer(config(5000), slow.launch)
    const j = job()
    const started = Date.now()
    await expect(renderer.render(j.job)).rejects.toMatchObject({ status: 503, message: expect.stringMatching(/longer than 5 s/) as string })
    expect(Date.now() - started).toBeLessThan(9000)
    expect(slow.seen.running).toBe(0)
    expect(j.sessions).toEqual({ started: 1, ended: 1 })
  }, 15_000)

  it('answers 503 naming what to install when Chromium is missing, before any session', async () => {
    const { launch, seen } = fakeChromium(0)
    const renderer = createPdfRenderer({ chromiumPath: '/nonexistent/chromium', timeoutMs: 5000 }, launch)
    const j = job()
    await expect(renderer.render(j.job)).rejects.toMatchObject({ status: 503, message: expect.stringMatching(/apt-get install chromium/) as string })
    expect(seen.launched).toBe(0)
    expect(j.sessions.started).toBe(0)
  })
})
