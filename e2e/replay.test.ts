import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { beijingDay, shiftDay } from '../shared/rules/beijingTime'
import { BRIEFING_PAGES } from '../client/src/features/briefing/briefingPages'
import { DEFAULT_HOLIDAYS } from '../server/src/cases/holidayCalendar'
import { createLogger } from '../server/src/core/logger'
import { startDemoSimulation } from '../server/src/demo/startDemo'
import type { Simulation } from '../server/src/demo/sim/simulation'
import { launchBrowser, saveScreenshot, watchPage, type LaunchedBrowser } from './support/browser'
import { startTestServer, type TestServer } from './support/server'
import { signInAs } from './support/signIn'

/**
 * The replay test of issue 15: two days of demo history are back-filled, a leader opens
 * yesterday's replay on the briefing at 1920×1080, seeks to 14:30 Beijing time, and the map shows
 * exactly the cases open then. The expected set is worked out here from each case's history as
 * GET /api/v1/cases/:id gives it, not by the replay's own rule. No camera origin runs.
 */
let server: TestServer
let browser: LaunchedBrowser
let simulation: Simulation
let token: string
const PASSWORD = 'replay-e2e-password-1'
const NO_ORIGIN = [/\/relay\//, /\/api\/v1\/cameras\/[\w-]+\/stream/, /status of 502/]
const OPEN = new Set(['pending_filing', 'prefiling_check', 'pending_dispatch', 'dispatched', 'in_progress', 'suspended', 'pending_check'])
const yesterday = shiftDay(beijingDay(new Date()), -1)
const T = Date.parse(`${yesterday}T14:30:00+08:00`)

interface Listed {
  items: { id: string }[]
  nextCursor: string | null
}
interface History {
  history: { at: string; to: string }[]
}

async function get<B>(path: string): Promise<B> {
  for (;;) {
    const res = await fetch(`${server.url}/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } })
    // The API's per-address limit is 50 a second: wait for it rather than read faster.
    if (res.status === 429) {
      await new Promise((resolve) => setTimeout(resolve, 1000))
      continue
    }
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`)
    return (await res.json()) as B
  }
}

/** The ids of the cases open at instant `t`, from every case reported before it and its history. */
async function openAt(t: number): Promise<string[]> {
  const ids: string[] = []
  let cursor: string | null = null
  do {
    const page: Listed = await get(`/cases?limit=200&to=${encodeURIComponent(new Date(t + 1).toISOString())}${cursor ? `&cursor=${cursor}` : ''}`)
    ids.push(...page.items.map((c) => c.id))
    cursor = page.nextCursor
  } while (cursor)
  const open: string[] = []
  for (let i = 0; i < ids.length; i += 20) {
    const batch = ids.slice(i, i + 20)
    const histories = await Promise.all(batch.map((id) => get<History>(`/cases/${id}`)))
    histories.forEach((c, j) => {
      const happened = c.history.filter((h) => Date.parse(h.at) <= t)
      const state = happened.at(-1)?.to
      if (state && OPEN.has(state)) open.push(batch[j]!)
    })
  }
  return open.sort()
}

beforeAll(async () => {
  server = await startTestServer()
  const port = Number(new URL(server.url).port)
  simulation = await startDemoSimulation(server.wall, { address: '127.0.0.1', family: 'IPv4', port }, {
    sim: { enabled: true, reportsPerMinute: 0.01, backfillDays: 2 },
    holidays: DEFAULT_HOLIDAYS,
    log: createLogger('silent'),
  })
  await simulation.ready
  token = await server.tokenFor('leader')
  await server.wall.auth.createUser({ username: 'e2e-replay-leader', displayName: '领导', role: 'leader', password: PASSWORD })
  browser = await launchBrowser()
  await signInAs(browser.context, server.url, 'e2e-replay-leader', PASSWORD)
}, 240_000)

afterAll(async () => {
  await browser?.close()
  await simulation?.stop()
  await server?.close()
})

async function seek(page: Page, t: number): Promise<void> {
  await page.getByTestId('replay-scrubber').evaluate((el, at) => {
    const input = el as HTMLInputElement
    input.value = String(at)
    input.dispatchEvent(new Event('input', { bubbles: true }))
  }, t)
  await page.waitForFunction((at) => window.__replayDiagnostics?.ready === true && window.__replayDiagnostics.at === at, t, { timeout: 30_000 })
}

describe("yesterday's replay on the briefing", () => {
  it('shows at 14:30 exactly the cases open then, the clock and the count big, without a console error', async () => {
    const expected = await openAt(T)
    const before = await openAt(T - 60_000)
    expect(expected.length).toBeGreaterThan(10)

    const page = await browser.context.newPage()
    await page.setViewportSize({ width: 1920, height: 1080 })
    const problems = watchPage(page, { ignore: NO_ORIGIN })
    const index = BRIEFING_PAGES.indexOf('replay' as (typeof BRIEFING_PAGES)[number])
    expect(index, 'the briefing lists the replay page').toBeGreaterThanOrEqual(0)
    await page.goto(`${server.url}/briefing?from=${yesterday}&to=${yesterday}&scope=street&page=${index}`)
    await page.getByTestId('replay-scrubber').waitFor({ timeout: 90_000 })
    // The briefing moves on to its next page by itself: hold it on the replay, as a leader would.
    await page.getByTestId('briefing-pause').click()
    await seek(page, T)

    const drawn = await page.evaluate(() => window.__replayDiagnostics!.caseIds())
    expect(drawn).toEqual(expected)
    await expect.poll(() => page.getByTestId('replay-clock').textContent()).toBe('14:30')
    await expect.poll(() => page.getByTestId('replay-open').textContent()).toBe(`在办 ${expected.length} 件`)

    // Every label in words, none a missing message's key (mapLive.legend.groups.intake).
    expect(await page.getByTestId('briefing-replay').innerText()).not.toMatch(/[a-z]+\.[a-z]+\.[a-z]/i)
    // Legible at 4 m: no text of the replay below 24 px.
    const smallest = await page.getByTestId('briefing-replay').evaluate((root) => {
      const sizes = [...root.querySelectorAll('*')]
        .filter((el) => [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim() !== ''))
        .map((el) => parseFloat(getComputedStyle(el).fontSize))
      return Math.min(...sizes)
    })
    expect(smallest).toBeGreaterThanOrEqual(24)

    // A minute earlier: those reported in that minute not yet there, those closed in it still open.
    await seek(page, T - 60_000)
    expect(await page.evaluate(() => window.__replayDiagnostics!.caseIds())).toEqual(before)

    // Playing moves the clock on at the chosen speed (1 day/s) until the period's end.
    await page.getByRole('radio', { name: '1 天/秒' }).click()
    await page.getByTestId('replay-play').click()
    await page.waitForFunction((at) => (window.__replayDiagnostics?.at ?? 0) > at, T, { timeout: 30_000 })

    await saveScreenshot(page, 'briefing-replay')
    expect(problems.all()).toEqual([])
    await page.close()
  }, 240_000)
})
