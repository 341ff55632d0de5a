import { z } from 'zod'
import type { CaseState } from '../schemas/case'
import { Id, type TimeLimit } from '../schemas/reference'
import { MAX_TILES } from './wallLayout'

/*
 * The alarm queue of one wall: the rules both the server (which decides) and the wall (which
 * shows the waiting list) follow. One alarm holds the wall at a time; every other urgent case
 * waits here, most urgent first, then oldest first, until the held one is acknowledged or times
 * out, an operator picks it from the list, or its case no longer waits for anyone.
 */

/** Waiting alarms a wall keeps; past this the lowest-ranked is dropped (its case stays in the feed). */
export const MAX_ALARM_QUEUE = 20
/** Urgency of an alarm whose category is not known: behind every category with a limit. */
export const UNKNOWN_URGENCY_MINUTES = 365 * 24 * 60

const Instant = z.iso.datetime()

/** What an alarm is about, as it waits and as it holds the wall. */
export const AlarmCall = z.object({
  caseId: Id,
  /** Human case number, e.g. GL-20261128-0042. */
  code: z.string().min(1).max(64),
  label: z.string().trim().min(1).max(120),
  /** The alarmed area's cameras, best first. */
  cameraIds: z.array(Id).min(1).max(MAX_TILES),
  /** The 小类's time limit in calendar minutes (urgencyMinutes): fewer is more urgent. */
  urgencyMinutes: z.number().int().min(0).max(UNKNOWN_URGENCY_MINUTES),
  /** When the case was reported: between equally urgent alarms, the older goes first. */
  reportedAt: Instant,
  /** How long it holds the wall, unacknowledged, once it is on it. */
  holdSeconds: z.number().int().min(5).max(3600),
})
export type AlarmCall = z.infer<typeof AlarmCall>

export const QueuedAlarm = AlarmCall.extend({ queuedAt: Instant })
export type QueuedAlarm = z.infer<typeof QueuedAlarm>

export const AlarmQueue = z.array(QueuedAlarm).max(MAX_ALARM_QUEUE)
export type AlarmQueue = z.infer<typeof AlarmQueue>

// Rough calendar minutes per unit of each clock: eight office hours spread over a whole day, a
// working week of five days in seven. Only the order matters: 1 urgent hour before 4 working hours.
const CALENDAR_MINUTES: Record<TimeLimit['kind'], number> = {
  urgent_hours: 60,
  working_hours: 180,
  working_days: 2016,
  natural_days: 1440,
}

/** How urgent a category's alarm is: its time limit in calendar minutes (fewer first). */
export function urgencyMinutes(limit: TimeLimit | null | undefined): number {
  if (!limit) return UNKNOWN_URGENCY_MINUTES
  return Math.min(UNKNOWN_URGENCY_MINUTES, Math.round(limit.amount * CALENDAR_MINUTES[limit.kind]))
}

/** Queue order: more urgent first, then older first; the case id makes the order total. */
export function compareAlarms(a: AlarmCall, b: AlarmCall): number {
  return a.urgencyMinutes - b.urgencyMinutes || Date.parse(a.reportedAt) - Date.parse(b.reportedAt) || a.caseId.localeCompare(b.caseId)
}

/** Put an alarm in its place (once per case); past MAX_ALARM_QUEUE the lowest-ranked falls off. */
export function enqueueAlarm(queue: readonly QueuedAlarm[], call: AlarmCall, now: Date): QueuedAlarm[] {
  if (queue.some((q) => q.caseId === call.caseId)) return [...queue]
  const entry: QueuedAlarm = { ...call, queuedAt: now.toISOString() }
  return [...queue, entry].sort(compareAlarms).slice(0, MAX_ALARM_QUEUE)
}

/** The queue without that case's alarm. */
export function withoutAlarm(queue: readonly QueuedAlarm[], caseId: string): QueuedAlarm[] {
  return queue.filter((q) => q.caseId !== caseId)
}

/** The alarm to bring up next, and the queue left behind it. */
export function takeNextAlarm(queue: readonly QueuedAlarm[]): { next: QueuedAlarm | null; rest: QueuedAlarm[] } {
  const [next, ...rest] = [...queue].sort(compareAlarms)
  return { next: next ?? null, rest }
}

/** States in which an urgent case still waits for the center to send someone: its alarm is live. */
const AWAITING_DISPATCH: readonly CaseState[] = ['pending_filing', 'prefiling_check', 'pending_dispatch']

/**
 * Whether a waiting alarm should leave the queue: its case is dispatched, closed, declined or
 * merged, so someone already acts on it. (The alarm on the wall stays until acknowledged or timed
 * out: the officers are looking at it, and its cameras show the response arrive.)
 */
export function alarmLeavesQueue(c: { state: CaseState }): boolean {
  return !AWAITING_DISPATCH.includes(c.state)
}
