import { tileCount } from './wallLayout'
import type { WallState, WallTour } from './wallState'

/*
 * Tours are computed from the clock, not stepped by a timer: every client and the server agree
 * on the frame from `startedAt` alone, a reconnecting wall shows the right page at once, and a
 * missed tick cannot make walls drift apart.
 */

function pageAt(tour: Pick<WallTour, 'dwellSeconds' | 'startedAt'>, now: Date): number {
  const elapsedMs = Math.max(0, now.getTime() - Date.parse(tour.startedAt))
  return Math.floor(elapsedMs / (tour.dwellSeconds * 1000))
}

/**
 * Camera id per tile at `now`: pages of `tileCount` cameras, one page per dwell, wrapping. The last
 * page is filled from the start of the list rather than left blank: a road of 17 cameras on 16
 * tiles would otherwise show one camera and 15 dark tiles every other dwell. A tour smaller than
 * the wall holds still, each camera once and the rest of the tiles empty.
 */
export function tourFrame(tour: Pick<WallTour, 'cameraIds' | 'dwellSeconds' | 'startedAt'>, tileCount: number, now: Date): (string | null)[] {
  if (tileCount <= 0) return []
  const ids = tour.cameraIds
  if (ids.length <= tileCount) return Array.from({ length: tileCount }, (_, i) => ids[i] ?? null)
  const pages = Math.ceil(ids.length / tileCount)
  const first = (pageAt(tour, now) % pages) * tileCount
  return Array.from({ length: tileCount }, (_, i) => ids[(first + i) % ids.length]!)
}

/** When the page next flips; with a single page the flip shows the same cameras, which is harmless. */
export function nextTourChange(tour: Pick<WallTour, 'dwellSeconds' | 'startedAt'>, now: Date): Date {
  const dwellMs = tour.dwellSeconds * 1000
  return new Date(Date.parse(tour.startedAt) + (pageAt(tour, now) + 1) * dwellMs)
}

/**
 * The instant whose tour frame the wall shows. The tour pauses on alarm: while an alarm holds,
 * the unreserved tiles freeze on the frame at alarm start (or the tour's first frame if the tour
 * started during the alarm), so the operator's surroundings do not rotate under the alarm.
 * Nothing is stored for the pause: after acknowledgement the tour resumes on the page its clock
 * has reached by then, as if it had kept running, which keeps every wall in step from
 * `startedAt` alone rather than carrying paused time in the state.
 */
export function tourFrameTime(state: Pick<WallState, 'tour' | 'alarm'>, now: Date): Date {
  if (!state.tour || !state.alarm) return now
  return new Date(Math.max(Date.parse(state.tour.startedAt), Date.parse(state.alarm.startedAt)))
}

/**
 * What each tile shows at `now`: alarm cameras on reserved tiles, else the tour frame while a
 * tour runs, else the fixed tiles. An alarm past `expiresAt` still shows until the server's
 * expireAlarm lifts it, so every wall changes on the same broadcast.
 */
export function visibleTiles(state: WallState, now: Date): (string | null)[] {
  const n = tileCount(state.layout)
  const shown = state.tour ? tourFrame(state.tour, n, tourFrameTime(state, now)) : state.tiles.slice(0, n)
  const { alarm } = state
  if (alarm) alarm.tiles.forEach((tile, i) => (shown[tile] = alarm.cameraIds[i] ?? null))
  return shown
}
