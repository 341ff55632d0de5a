import type { KioskPage } from './kioskChromium'
import type {} from '../client/src/features/kpi/useChart'
import type {} from '../client/src/features/map/wallDiagnostics'

/**
 * What bench/wall.bench.ts installs in the wall page before its own scripts run: the load stamps
 * of the tiles, a long-task counter, and an urgent-case probe that stamps, frame by frame and in
 * the page, when a new case reaches the map and when the alarm tiles show. Timing in the page
 * keeps Node round-trips out of the figures.
 */
export interface WallBenchPage {
  /** performance.now() (ms from navigation start) when the first / the expected number of tiles played. */
  firstPlayingMs: number | null
  allPlayingMs: number | null
  longTasks: { count: number; totalMs: number; maxMs: number }
  probe: Probe | null
  startProbe(): void
  stopProbe(): void
}

export interface Probe {
  /** Added to performance.timeOrigin + performance.now() to get the Date.now() clock Node reads. */
  clockOffsetMs: number
  /** Epoch ms when a case id not on the map at the start was first seen in caseIds(). */
  seenAt: Record<string, number>
  /** Every change of (alarm label, tiles' cameras) while the probe runs, epoch ms. */
  frames: { at: number; label: string; cells: string[] }[]
}

declare global {
  interface Window {
    __wallBench?: WallBenchPage
  }
}

/** Runs in the page, at document start. */
function installWallBench(expectedTiles: number): void {
  const epoch = () => performance.timeOrigin + performance.now()
  const bench: WallBenchPage = {
    firstPlayingMs: null,
    allPlayingMs: null,
    longTasks: { count: 0, totalMs: 0, maxMs: 0 },
    probe: null,
    startProbe() {
      const d = window.__wallDiagnostics
      const known = new Set(d?.caseIds() ?? [])
      const probe: Probe = { clockOffsetMs: Date.now() - epoch(), seenAt: {}, frames: [] }
      bench.probe = probe
      // caseIds() sorts a couple of thousand ids: read it only on frames where the layer updated.
      const signal = () => {
        const diag = window.__wallDiagnostics
        const ring = diag?.caseUpdateDurations ?? []
        return `${diag?.caseCount}|${diag?.lastCaseUpdateMs}|${ring.length}|${ring[0]}`
      }
      let last = signal()
      let lastFrame = ''
      const frame = () => {
        if (bench.probe !== probe) return
        const at = epoch() + probe.clockOffsetMs
        const now = signal()
        if (now !== last) {
          last = now
          for (const id of window.__wallDiagnostics?.caseIds() ?? []) if (!known.has(id) && probe.seenAt[id] === undefined) probe.seenAt[id] = at
        }
        const label = document.querySelector('[data-testid="alarm-label"]')?.textContent ?? ''
        const cells = Array.from(document.querySelectorAll('[data-testid="wall-cell"]'), (el) => el.getAttribute('data-camera-id') ?? '')
        const key = `${label}|${cells.join(',')}`
        if (key !== lastFrame && probe.frames.length < 500) {
          lastFrame = key
          probe.frames.push({ at, label, cells })
        }
        requestAnimationFrame(frame)
      }
      requestAnimationFrame(frame)
    },
    stopProbe() {
      bench.probe = null
    },
  }
  window.__wallBench = bench

  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      bench.longTasks.count++
      bench.longTasks.totalMs += entry.duration
      bench.longTasks.maxMs = Math.max(bench.longTasks.maxMs, entry.duration)
    }
  }).observe({ type: 'longtask', buffered: true })

  const giveUpAt = performance.now() + 180_000
  const watchTiles = () => {
    const playing = document.querySelectorAll('[data-testid="camera-tile"][data-status="playing"]').length
    if (playing > 0 && bench.firstPlayingMs === null) bench.firstPlayingMs = performance.now()
    if (playing >= expectedTiles) bench.allPlayingMs = performance.now()
    if (bench.allPlayingMs === null && performance.now() < giveUpAt) requestAnimationFrame(watchTiles)
  }
  requestAnimationFrame(watchTiles)
}

/** The script for every document of the bench's page (launchKiosk installs it before the wall's own). */
export const wallBenchScript = (expectedTiles: number): string => `(${installWallBench.toString()})(${JSON.stringify(expectedTiles)})`

export interface UrgentSeen {
  /** Epoch ms (Node's clock) when the case's marker was in the cases source. */
  caseAt: number
  /** Epoch ms when the alarm label and the alarm cameras were in the tiles. */
  alarmAt: number
}

/**
 * Waits until the page has stamped both sightings of the urgent case. The page stamps them itself,
 * frame by frame, so how often this asks changes when it returns, not the figures.
 */
export async function waitForUrgent(page: KioskPage, expected: { caseId: string; code: string; tiles: number[]; cameraIds: string[] }, timeoutMs: number): Promise<UrgentSeen> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const seen = await page.evaluate(({ caseId, code, tiles, cameraIds }) => {
      const probe = window.__wallBench?.probe
      const caseAt = probe?.seenAt[caseId]
      const shown = probe?.frames.find((f) => f.label.includes(code) && tiles.every((tile, i) => f.cells[tile] === cameraIds[i]))
      return caseAt !== undefined && shown ? { caseAt, alarmAt: shown.at } : null
    }, expected)
    if (seen) return seen
    if (Date.now() > deadline) throw new Error(`urgent case ${expected.code} not seen within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** What the probe saw so far, for a report when the wait timed out. */
export const probeState = (page: KioskPage, caseId: string) =>
  page.evaluate((id) => {
    const probe = window.__wallBench?.probe
    return { caseSeen: probe?.seenAt[id] !== undefined, frames: probe?.frames.map((f) => `${f.label.trim().slice(0, 40)} [${f.cells.join(' ')}]`) ?? [] }
  }, caseId)

export interface CellSample {
  tile: number
  cameraId: string
  status: string | null
  time: number
}

export const sampleCells = (page: KioskPage): Promise<CellSample[]> =>
  page.evaluate(() =>
    Array.from(document.querySelectorAll('[data-testid="wall-cell"]'), (el) => ({
      tile: Number(el.getAttribute('data-tile')),
      cameraId: el.getAttribute('data-camera-id') ?? '',
      status: el.querySelector('[data-testid="camera-tile"]')?.getAttribute('data-status') ?? null,
      time: el.querySelector('video')?.currentTime ?? -1,
    })),
  )

/** The map's case update ring (read, it keeps its 300) and the charts' (emptied on read). */
export const readUpdateTimings = (page: KioskPage) =>
  page.evaluate(() => ({
    map: window.__wallDiagnostics?.caseUpdateDurations ?? [],
    charts: window.__chartDiagnostics?.updates.splice(0) ?? [],
    longTasks: { ...(window.__wallBench?.longTasks ?? { count: 0, totalMs: 0, maxMs: 0 }) },
  }))

/**
 * The entries of a fixed ring read now that were not in the previous read: the previous read,
 * less what the ring dropped off its front, is the start of this one.
 */
export function newInRing(previous: readonly number[], now: readonly number[]): number[] {
  for (let dropped = 0; dropped <= previous.length; dropped++) {
    const kept = previous.length - dropped
    if (kept > now.length) continue
    let same = true
    for (let i = 0; i < kept && same; i++) same = previous[dropped + i] === now[i]
    if (same) return now.slice(kept)
  }
  return [...now]
}
