import { nearestCameras } from '@shared/wall/nearestCameras'
import { urgencyMinutes } from '@shared/wall/alarmQueue'
import { type WallState, applyWallCommand, expireAlarm, initialWallState } from '@shared/wall/wallState'
import { beijingMidnight, BEIJING_OFFSET_MS } from '@shared/rules/beijingTime'
import { loadConfig } from '../server/src/config'
import { createCaseLocator } from '../server/src/cases/caseLocator'
import { loadDemoConfig } from '../server/src/demo/demoConfig'
import { generateGulou } from '../server/src/demo/gulou/generateGulou'
import { createRandom } from '../server/src/demo/gulou/random'
import { urgentArrivalsOfDay } from '../server/src/demo/sim/simLive'
import { REPORT_DAY, URGENT_PER_DAY, newReport } from '../server/src/demo/sim/simPolicy'
import { buildSimWorld } from '../server/src/demo/sim/simWorld'
import { createSqliteReferenceRepository } from '../server/src/reference/referenceRepository'
import { openDatabase } from '../server/src/store/database'

/**
 * `npm run bench -- alarm-share`: how much of the time an alarm holds the wall at the demo's
 * default settings, on a simulated clock (seconds, not hours).
 *
 * The urgent reports come from the live simulation's own generator (urgentArrivalsOfDay, then
 * newReport for the place), each takes the cameras the server would give it (nearestCameras with
 * ALARM_CAMERAS and ALARM_RADIUS_M; none within reach, no alarm), and the wall is the product's
 * own reducer: applyWallCommand for each takeover, expireAlarm for the hold. Nobody acknowledges
 * (a demo wall runs unattended), so each alarm holds its full ALARM_HOLD_SECONDS from the moment
 * it reaches the wall; waiting alarms are not taken out when their case is dispatched, so the
 * figures are an upper bound. The routine reports (SIM_RATE a minute) never raise an alarm.
 *
 * The line to meet (issue 13): at most 25 % of the time held over 10 minutes, taken as the 95th
 * percentile of every 10-minute window of BENCH_ALARM_DAYS simulated days (default 56).
 */

const DAYS = Number(process.env['BENCH_ALARM_DAYS'] ?? 56)
const WINDOW_MS = 10 * 60_000
const DAY = 86_400_000
const LIMIT = 0.25

const config = loadConfig({})
const demo = loadDemoConfig({})
const db = openDatabase(':memory:')
const reference = createSqliteReferenceRepository(db)
reference.replaceAll(generateGulou(), 'bench')
const world = buildSimWorld(reference, createCaseLocator(reference))
const cameras = reference.cameras()

type Interval = [number, number]

type Random = ReturnType<typeof createRandom>

/** The live simulation's urgent reports of `days` days from `start`: the report's day. */
function reportDayTimes(rng: Random, start: number, days: number): number[] {
  return Array.from({ length: days }, (_, d) => urgentArrivalsOfDay(rng, start + d * DAY)).flat()
}

/** For comparison: urgent reports at the demo's pace (SIM_RATE a minute, the report's urgent share of them). */
function demoPaceTimes(rng: Random, start: number, days: number): number[] {
  const gap = 60_000 / (demo.sim.reportsPerMinute * REPORT_DAY.urgentShare)
  const out: number[] = []
  for (let at = start - Math.log(1 - rng.next()) * gap; at < start + days * DAY; at -= Math.log(1 - rng.next()) * gap) out.push(at)
  return out
}

/** Those reports with the cameras each would take. */
function urgentReports(times: (rng: Random) => number[], seed: number) {
  const rng = createRandom(seed)
  const out: { at: number; caseId: string; cameraIds: string[]; urgency: number }[] = []
  for (const at of times(rng)) {
    const { body } = newReport(world, rng, 'urgent')
    const ranked = nearestCameras([body.location.lng, body.location.lat], cameras, { count: config.alarm.cameras, maxDistanceMeters: config.alarm.radiusMeters })
    out.push({ at, caseId: `u${out.length}`, cameraIds: ranked.map((r) => r.id), urgency: urgencyMinutes(world.category(body.categoryCode).timeLimit) })
  }
  return out
}

/** When an alarm held the wall, run through the wall's own reducer; nobody acknowledges. */
function heldIntervals(reports: ReturnType<typeof urgentReports>, start: number, end: number): Interval[] {
  let wall: WallState = initialWallState('main', new Date(start))
  const held: Interval[] = []
  let since: number | null = null
  const track = (next: WallState, at: number) => {
    if (!wall.alarm && next.alarm) since = at
    if (wall.alarm && !next.alarm) held.push([since!, at])
    wall = next
  }
  const expireUntil = (t: number) => {
    while (wall.alarm && Date.parse(wall.alarm.expiresAt) <= t) {
      const at = Date.parse(wall.alarm.expiresAt)
      track(expireAlarm(wall, new Date(at)), at)
    }
  }
  for (const r of reports) {
    expireUntil(r.at)
    if (r.cameraIds.length === 0) continue
    const command = { type: 'alarmTakeover' as const, caseId: r.caseId, code: r.caseId, label: r.caseId, cameraIds: r.cameraIds, timeoutSeconds: config.alarm.holdSeconds, urgencyMinutes: r.urgency, reportedAt: new Date(r.at).toISOString() }
    track(applyWallCommand(wall, command, new Date(r.at)), r.at)
  }
  expireUntil(end)
  if (wall.alarm) held.push([since!, end])
  return held
}

/** Share of each 10-minute window from `start` to `end` that the wall was held. */
function windowShares(held: Interval[], start: number, end: number): { from: number; share: number }[] {
  const out: { from: number; share: number }[] = []
  let i = 0
  for (let from = start; from < end; from += WINDOW_MS) {
    const to = from + WINDOW_MS
    while (i < held.length && held[i]![1] <= from) i++
    let ms = 0
    for (let j = i; j < held.length && held[j]![0] < to; j++) ms += Math.min(to, held[j]![1]) - Math.max(from, held[j]![0])
    out.push({ from, share: ms / WINDOW_MS })
  }
  return out
}

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length)
const pct = (x: number) => `${(100 * x).toFixed(1)} %`
const beijingHour = (ms: number) => new Date(ms + BEIJING_OFFSET_MS).getUTCHours()

const started = performance.now()
const start = beijingMidnight(Date.parse('2026-03-02T12:00:00Z'))
const end = start + DAYS * DAY
const reports = urgentReports((rng) => reportDayTimes(rng, start, DAYS), 20_260_301)
const alarms = reports.filter((r) => r.cameraIds.length > 0).length
const held = heldIntervals(reports, start, end)
const windows = windowShares(held, start, end)
const shares = windows.map((w) => w.share)
const office = windows.filter((w) => beijingHour(w.from) >= 8 && beijingHour(w.from) < 18).map((w) => w.share)
const p95 = percentile(shares, 0.95)

console.log(`alarm share at the demo's defaults (SIM_RATE ${demo.sim.reportsPerMinute}/min routine, urgent at the report's day; ALARM_HOLD_SECONDS ${config.alarm.holdSeconds}, no acknowledgement), ${DAYS} simulated days:`)
console.log(`  urgent reports: ${(reports.length / DAYS).toFixed(1)} a day (the report's day: ${URGENT_PER_DAY.toFixed(1)}); alarms (a camera within ${config.alarm.radiusMeters} m): ${(alarms / DAYS).toFixed(1)} a day`)
console.log(`  time held: ${pct(mean(shares))} overall, ${pct(mean(office))} in office hours (08-18)`)
console.log(`  10-minute windows: median ${pct(percentile(shares, 0.5))}, p95 ${pct(p95)}, max ${pct(Math.max(...shares))}; ${pct(shares.filter((s) => s > LIMIT).length / shares.length)} of them above ${pct(LIMIT)}`)
const paced = windowShares(heldIntervals(urgentReports((rng) => demoPaceTimes(rng, start, 2), 7), start, start + 2 * DAY), start, start + 2 * DAY).map((w) => w.share)
console.log(`  had urgent reports kept the demo's pace (${(demo.sim.reportsPerMinute * REPORT_DAY.urgentShare * 20).toFixed(1)} in 20 min), the wall would be held ${pct(mean(paced))} of the time`)
console.log(`  line: p95 of 10-minute windows <= ${pct(LIMIT)}: ${p95 <= LIMIT ? 'met' : 'NOT met'} (${Math.round(performance.now() - started)} ms)`)
process.exitCode = p95 <= LIMIT ? 0 : 1
