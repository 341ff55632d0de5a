import { BEIJING_OFFSET_MS } from '@shared/rules/beijingTime'
import { openCasesAt, type ReplayCaseAt } from '@shared/rules/replayState'
import type { ReplayTimeline } from '@shared/schemas/replay'
import { caseGroup, CASE_GROUPS, type CaseFeature, type CaseGroup } from '../../map/caseFeatures'

/**
 * The open set at T changes only when T passes a step, so a frame asks how many steps lie at or
 * before T (a binary search over every step time, sorted once) and redraws only when that moved.
 */
export function createFrameIndex(timeline: ReplayTimeline) {
  const times = Float64Array.from(timeline.cases.flatMap(([, , , steps]) => steps.map(([at]) => at))).sort()
  let lastKey = -1
  let lastOpen: ReplayCaseAt[] = []
  const stepsUpTo = (t: number): number => {
    let lo = 0
    let hi = times.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (times[mid]! <= t) lo = mid + 1
      else hi = mid
    }
    return lo
  }
  return {
    /** The cases open at T and whether they differ from the last frame asked. */
    frame(t: number): { open: ReplayCaseAt[]; changed: boolean } {
      const key = stepsUpTo(t)
      if (key === lastKey) return { open: lastOpen, changed: false }
      lastKey = key
      lastOpen = openCasesAt(timeline.cases, t)
      return { open: lastOpen, changed: true }
    },
  }
}

/** The map feature of a replayed case: coloured by the step it waits at, like the wall's markers. */
export function replayFeature(c: ReplayCaseAt): CaseFeature {
  return {
    type: 'Feature',
    id: c.id,
    properties: { id: c.id, group: caseGroup(c.state), urgent: false, overdue: false, atRisk: false },
    geometry: { type: 'Point', coordinates: [c.lng, c.lat] },
  }
}

/** How many of the open cases wait at each step, for the legend. */
export function groupCounts(open: readonly ReplayCaseAt[]): Record<CaseGroup, number> {
  const counts = Object.fromEntries(CASE_GROUPS.map((g) => [g, 0])) as Record<CaseGroup, number>
  for (const c of open) counts[caseGroup(c.state)] += 1
  return counts
}

/** An instant as the Beijing wall clock reads it: day YYYY-MM-DD and time HH:mm. */
export function beijingClock(t: number): { day: string; time: string } {
  const iso = new Date(t + BEIJING_OFFSET_MS).toISOString()
  return { day: iso.slice(0, 10), time: iso.slice(11, 16) }
}

/** The replay's clock: at the period's very end, its last day's 24:00 rather than the next day's 00:00. */
export function replayClock(t: number, timeline: Pick<ReplayTimeline, 'to' | 'endAt'> | null): { day: string; time: string } {
  const clock = beijingClock(t)
  return timeline && t === timeline.endAt && clock.time === '00:00' ? { day: timeline.to, time: '24:00' } : clock
}
