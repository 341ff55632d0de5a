import { z } from 'zod'
import { LngLat } from './geo'
import { Id } from './reference'

/**
 * Where grid workers and unit field staff are (issue 16): a terminal on duty reports its fix every
 * 30 s; the center's roles see who is on duty and how old each fix is. Positions are personal data:
 * kept a configured number of days, never written to the log, shown to the center's roles only.
 */

export const POSITION_INTERVAL_MS = 30_000
/** A fix older than this is shown greyed (the worker may be indoors, or the handset asleep). */
export const POSITION_STALE_MS = 5 * 60_000
/** A worker whose last fix is older than this is no longer shown as on duty at all. */
export const POSITION_OFF_DUTY_MS = 30 * 60_000

/** What a terminal sends (`POST /api/v1/positions`); `onDuty: false` ends the shift and hides the worker. */
export const PositionReport = z.strictObject({
  location: LngLat,
  /** The fix's accuracy radius in metres, as the phone reports it. */
  accuracyM: z.number().min(0).max(100_000),
  /** When the phone took the fix (UTC); a fix from the future or older than a day is refused. */
  at: z.iso.datetime({ offset: true }),
  onDuty: z.boolean().default(true),
})
export type PositionReport = z.infer<typeof PositionReport>

/** One worker's last fix as the center sees it (`GET /api/v1/positions`, and the `worker:position` broadcast). */
export const WorkerPosition = z.object({
  /** The person: an account id, or a registry worker id when a gateway reports for them. */
  workerId: z.string(),
  name: z.string(),
  gridId: Id.nullable(),
  terminalId: Id.nullable(),
  location: LngLat,
  accuracyM: z.number(),
  at: z.iso.datetime(),
  onDuty: z.boolean(),
  /** The open case this worker is on now (the most urgent assigned to them), if any. */
  task: z.object({ caseId: Id, code: z.string(), title: z.string() }).nullable(),
})
export type WorkerPosition = z.infer<typeof WorkerPosition>

export const WorkerPositionList = z.object({ items: z.array(WorkerPosition) })
export type WorkerPositionList = z.infer<typeof WorkerPositionList>

/** Age of a fix at `now`, for greying and for the on-duty cut. */
export function positionAgeMs(position: Pick<WorkerPosition, 'at'>, now: Date): number {
  return Math.max(0, now.getTime() - Date.parse(position.at))
}
export const isStalePosition = (p: Pick<WorkerPosition, 'at'>, now: Date) => positionAgeMs(p, now) > POSITION_STALE_MS
