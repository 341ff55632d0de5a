import { z } from 'zod'
import { BriefingScope } from './briefing'
import { CaseState } from './case'
import { Id } from './reference'

/**
 * The replay (回放) of a past period on the map (issue 15, "Replay"). The period is Beijing calendar
 * days, like the KPI API; the scope is the street, one community or one grid.
 *
 * The answer is a compact timeline, since a month of the street is thousands of cases: every case
 * that was open at some instant of the period, its location, and each change of its state up to the
 * period's end, as [epoch ms, state] pairs. Which cases are open at an instant T, and in which
 * state, is shared/rules/replayState.ts: the client draws it, the tests check it.
 */

const IsoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day is YYYY-MM-DD (Beijing calendar)')

/** The longest period one replay covers: a month, which already plays for 31 s at 1 day/s. */
export const REPLAY_MAX_DAYS = 31

/** The briefing's scope: `street`, `community:<id>` or `grid:<id>`. */
export const ReplayScope = BriefingScope
export type ReplayScope = z.infer<typeof ReplayScope>

export const ReplayQuery = z.object({
  /** First day, inclusive (Beijing). */
  from: IsoDay,
  /** Last day, inclusive (Beijing); at most REPLAY_MAX_DAYS days after `from` counted inclusively. */
  to: IsoDay,
  scope: ReplayScope.default('street'),
})
export type ReplayQuery = z.infer<typeof ReplayQuery>

const EpochMs = z.number().int()

/** One change of a case's state: when (epoch ms) and the state it entered. */
export const ReplayStep = z.tuple([EpochMs, CaseState])
export type ReplayStep = z.infer<typeof ReplayStep>

/**
 * One case: [id, lng, lat, steps]. Steps are oldest first, the first one the report; those after the
 * period's end are left out, so a replay of last month never shows what happened since.
 */
export const ReplayCase = z.tuple([Id, z.number(), z.number(), z.array(ReplayStep)])
export type ReplayCase = z.infer<typeof ReplayCase>

export const ReplayTimeline = z.object({
  from: IsoDay,
  to: IsoDay,
  scope: ReplayScope,
  /** Beijing midnight starting `from`, epoch ms. */
  startAt: EpochMs,
  /** The end of the replay, epoch ms: Beijing midnight after `to`, or the answer's now if that is earlier. */
  endAt: EpochMs,
  cases: z.array(ReplayCase),
})
export type ReplayTimeline = z.infer<typeof ReplayTimeline>
