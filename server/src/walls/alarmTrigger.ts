import type { Case } from '@shared/schemas/case'
import { alarmLeavesQueue } from '@shared/wall/alarmQueue'
import type { CaseService } from '../cases/caseService'
import type { WallService } from './wallService'

/** How recent a report must be to take over the walls: older ones arriving now are history. */
export const ALARM_FRESH_MS = 10 * 60_000

/**
 * Whether a change is a new urgent report that takes over the walls' alarm tiles. Only the
 * report itself (version 1) counts, and only when it is recent by the case clock: a back-fill or
 * an import writes urgent cases of last month, which must not ring today.
 */
export function triggersAlarm(c: Case, now: Date): boolean {
  return c.version === 1 && c.urgent && now.getTime() - Date.parse(c.createdAt) < ALARM_FRESH_MS
}

/**
 * Route new urgent reports to the walls, take dispatched and closed cases out of their queues,
 * and expire held alarms each second; returns the stop.
 */
export function startAlarmTrigger(deps: { cases: Pick<CaseService, 'onChange'>; walls: Pick<WallService, 'alarm' | 'caseChanged' | 'tick'>; now: () => Date }): () => void {
  const stopFeed = deps.cases.onChange((change) => {
    if (triggersAlarm(change.case, deps.now())) deps.walls.alarm(change.case)
    else if (change.case.urgent && alarmLeavesQueue(change.case)) deps.walls.caseChanged(change.case)
  })
  const timer = setInterval(() => deps.walls.tick(), 1000)
  timer.unref()
  return () => {
    stopFeed()
    clearInterval(timer)
  }
}
