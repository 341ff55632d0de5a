import os from 'node:os'
import type { PlayerRecord } from '../client/src/features/video/videoDiagnostics'
import { type KioskPage, launchKiosk } from './kioskChromium'
import { type MemorySample, describeMemory, sampleMemory } from './pageMemory'
import { startTileStreams } from '../e2e/support/tileStreams'

/**
 * The wall's players in a real headless Chromium, through the real stream API and relay in front of
 * the simulated fleet (see e2e/support/tileStreams.ts):
 *
 * 1. Time to first frame: for 20 cameras one after another, from the tile asking the API for its
 *    stream to the first decoded frame on screen (requestVideoFrameCallback). Target p95 ≤ 1.5 s.
 * 2. 36 sub-stream tiles in one page for TILES_BENCH_SECONDS (300 by default): every tile's
 *    currentTime must advance in every 10 s window; dropped frames, recoveries, and the renderer's
 *    memory at start, after 1 min and at the end. Target: growth < 10 % after the first minute.
 *
 * Chromium runs as on a wall PC (kioskChromium.ts, see wall.bench.ts for why not under Playwright).
 *
 * Environment: TILES_BENCH_SECONDS, TILES_BENCH_TTFF (cameras, 20), TILES_BENCH_TILES (36),
 * TILE_ORIGIN=stand-in (one-clip origin instead of the fleet).
 */
const SECONDS = Number(process.env['TILES_BENCH_SECONDS'] ?? 300)
const TTFF_CAMERAS = Number(process.env['TILES_BENCH_TTFF'] ?? 20)
const TILES = Number(process.env['TILES_BENCH_TILES'] ?? 36)
const WINDOW_MS = 10_000

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.ceil((p / 100) * values.length) - 1)] ?? NaN

const players = (page: KioskPage) => page.evaluate(() => window.__videoDiagnostics?.players() ?? [])

async function timeToFirstFrame(page: KioskPage, base: string, ids: string[]): Promise<number[]> {
  const times: number[] = []
  for (const id of ids) {
    await page.goto(`${base}/?view=tiles&quality=sub&cameras=${id}`)
    await page.waitForFunction(() => window.__videoDiagnostics?.players()[0]?.firstFrameAt != null, undefined, 30_000)
    const [p] = await players(page)
    times.push(p!.firstFrameAt! - p!.requestedAt)
  }
  return times
}

interface Sample extends MemorySample {
  players: PlayerRecord[]
  times: Map<string, number>
}

async function sampleWall(page: KioskPage, pid: number): Promise<Sample> {
  const memory = await sampleMemory(pid, page)
  const times = new Map(
    await page.evaluate(() =>
      Array.from(document.querySelectorAll('[data-testid="camera-tile"]'), (el) => [el.getAttribute('data-camera-id') ?? '', el.querySelector('video')?.currentTime ?? -1] as [string, number]),
    ),
  )
  return { ...memory, players: await players(page), times }
}

const streams = await startTileStreams({ playable: Math.max(TILES, TTFF_CAMERAS) })
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
// Signed in as a wall PC is: the display token in the first URL's fragment, then the session cookie.
const first = streams.playable[0]!
const chrome = await launchKiosk(`${streams.server.url}/?view=tiles&quality=sub&cameras=${first}#display-token=${streams.server.displayToken()}`, { width: 1920, height: 1080 })
try {
  console.log(`origin: ${streams.kind}; load average at start ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} on ${os.cpus().length} CPUs`)
  const page = chrome.page
  await page.waitForFunction(() => window.__videoDiagnostics?.players()[0]?.firstFrameAt != null, undefined, 60_000)

  const ttff = await timeToFirstFrame(page, streams.server.url, streams.playable.slice(0, TTFF_CAMERAS))
  console.log(`time to first frame over ${ttff.length} cameras: p50 ${percentile(ttff, 50).toFixed(0)} ms, p95 ${percentile(ttff, 95).toFixed(0)} ms, max ${Math.max(...ttff).toFixed(0)} ms (target p95 ≤ 1500 ms)`)

  // Let the relay drop the cameras of the first part, so the wall starts from the same state as a fresh one.
  await page.goto('about:blank')
  const ids = streams.playable.slice(0, TILES)
  await page.goto(`${streams.server.url}/?view=tiles&quality=sub&cameras=${ids.join(',')}`)
  await page.waitForFunction((n) => (window.__videoDiagnostics?.players() ?? []).filter((p) => p.firstFrameAt != null).length === n, ids.length, 120_000)
  const start = await sampleWall(page, chrome.pid)
  console.log(`${ids.length} tiles playing; memory at start: ${describeMemory(start)}`)

  let previous = start
  let minute: Sample | null = null
  const stuck: string[] = []
  while (Date.now() - start.at < SECONDS * 1000) {
    await sleep(WINDOW_MS)
    const now = await sampleWall(page, chrome.pid)
    for (const id of ids) if (!((now.times.get(id) ?? -1) > (previous.times.get(id) ?? -1))) stuck.push(`${id}@${Math.round((now.at - start.at) / 1000)}s`)
    const minutes = Math.floor((now.at - start.at) / 60_000)
    if (minutes > Math.floor((previous.at - start.at) / 60_000)) {
      // Every minute, so a slow climb shows as a trend rather than hiding between two points.
      minute ??= now
      console.log(`after ${minutes} min: ${describeMemory(now)}`)
    }
    previous = now
  }
  const end = previous
  const dropped = end.players.reduce((a, p) => a + p.droppedFrames, 0)
  const total = end.players.reduce((a, p) => a + p.totalFrames, 0)
  const latencies = end.players.map((p) => p.latencySeconds).filter((l): l is number => l !== null)
  console.log(`at end (${Math.round((end.at - start.at) / 1000)} s): ${describeMemory(end)}`)
  console.log(`tiles not advancing in a ${WINDOW_MS / 1000} s window: ${stuck.length ? stuck.join(', ') : 'none'}`)
  console.log(`frames: ${total} decoded, ${dropped} dropped (${((100 * dropped) / Math.max(1, total)).toFixed(2)} %); recoveries ${end.players.reduce((a, p) => a + p.recoveries, 0)}`)
  console.log(`latency now: p50 ${percentile(latencies, 50).toFixed(1)} s, max ${Math.max(...latencies).toFixed(1)} s; hls.js instances alive ${await page.evaluate(() => window.__videoDiagnostics?.live())}`)
  if (minute) {
    const growth = (a: number, b: number) => `${(((b - a) / a) * 100).toFixed(1)} %`
    console.log(`growth after the first minute: JS heap ${growth(minute.js, end.js)}, renderer RSS ${growth(minute.renderer, end.renderer)} (target < 10 %)`)
  }
  console.log(`console errors: ${page.errors.length}${page.errors.length ? ` (first: ${page.errors[0]})` : ''}; load average at end ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`)
} finally {
  await chrome.close()
  await streams.close()
}
