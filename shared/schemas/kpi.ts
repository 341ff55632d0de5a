import { z } from 'zod'
import { Assignee, CaseSource, CaseState } from './case'
import { queryInt } from './query'

/**
 * The KPI API (docs/domain.md "KPIs (and how to compute them honestly)"), shared by server and wall.
 *
 * Periods are Beijing calendar days and cases count by the day they were REPORTED (a cohort):
 * a range's figures describe the cases reported in it, each in its state as of now. So a past
 * period's figures keep maturing while its cases are worked on, and "open and overdue" means
 * open and overdue now, not at the end of the range. The comparisons (环比 the same-length period
 * just before, 同比 the same dates a year before) use the same definition, so they compare alike.
 */

export const KpiGroupBy = z.enum(['grid', 'community', 'category', 'source', 'unit', 'day'])
export type KpiGroupBy = z.infer<typeof KpiGroupBy>

const IsoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day is YYYY-MM-DD (Beijing calendar)')

export const KpiQuery = z.object({
  /** First day, inclusive. Default: 29 days before `to`. */
  from: IsoDay.optional(),
  /** Last day, inclusive. Default: today in Beijing. */
  to: IsoDay.optional(),
  groupBy: KpiGroupBy.optional(),
  /**
   * Most groups returned, largest first (a ranking rarely shows more; a year of units, teams and
   * workers is ~1,600 groups and a megabyte). Every day of the range is returned for `day`.
   */
  limit: queryInt(1, 5000).default(100),
})
export type KpiQuery = z.infer<typeof KpiQuery>

const Count = z.number().int().min(0)

/** Raw counts behind the rates, so a reader can check every figure. */
export const KpiCounts = z.object({
  reports: Count,
  /** Reports that are not duplicates merged into another case. */
  validReports: Count,
  /** Reports past the filing step now (pending dispatch … evaluated), self-handled ones included. */
  filed: Count,
  notAccepted: Count,
  /** Dispatch actions (a case dispatched again after a return counts again). */
  dispatches: Count,
  /** Returns by the unit to the dispatcher (回退). */
  returns: Count,
  /** Cases whose unit has fed back at least once. */
  handled: Count,
  /** Handling is due: fed back, or its handling limit has run out. */
  handlingDue: Count,
  handledOnTime: Count,
  /** Cases that failed a check at least once (返工). */
  reworked: Count,
  /** Approved extensions. */
  extensions: Count,
  /** Closing is due: closed, or filed, not suspended and past the whole-case limit. */
  closeDue: Count,
  /** Closed or evaluated. */
  closed: Count,
  closedOnTime: Count,
  closedLate: Count,
  /** Open now and past the limit of the running step or of the whole case. */
  openOverdue: Count,
  /** Hotline follow-up calls made (an unsatisfied call and the next one count as two). */
  followUps: Count,
  /** Follow-up calls that found the caller satisfied or fairly satisfied. */
  satisfiedFollowUps: Count,
  evaluated: Count,
})
export type KpiCounts = z.infer<typeof KpiCounts>

/** Ratios 0..1; null when the denominator is zero (no figure rather than a made-up 100%). */
const Rate = z.number().min(0).max(1).nullable()

export const KpiRates = z.object({
  /** 立案率 filed / valid reports */
  filing: Rate,
  /** 按期处置率 handled on time / handling due */
  onTimeHandling: Rate,
  /** 结案率 closed / closing due (suspended cases are not due) */
  closure: Rate,
  /** 按期结案率 closed on time / (closed + open and overdue) */
  onTimeClosure: Rate,
  /** 返工率 cases failing a check / cases handled */
  rework: Rate,
  /** 回退率 returns / dispatches */
  return: Rate,
  /** 延期率 extensions / filed (can exceed 1 in theory: a case may be extended twice) */
  extension: z.number().min(0).nullable(),
  /** 满意率 (satisfied + fairly satisfied) / follow-up calls */
  satisfaction: Rate,
})
export type KpiRates = z.infer<typeof KpiRates>

/** Mean elapsed (wall-clock) minutes; null when no case has reached the step. */
const Minutes = z.number().min(0).nullable()

export const KpiAverages = z.object({
  /** Report to first filing. */
  toFileMinutes: Minutes,
  /** First filing to first dispatch. */
  toDispatchMinutes: Minutes,
  /** First dispatch to the last feedback. */
  toHandleMinutes: Minutes,
  /** Report to closing. */
  toCloseMinutes: Minutes,
  /** Evaluation score 1-5. */
  evaluationScore: z.number().min(1).max(5).nullable(),
})
export type KpiAverages = z.infer<typeof KpiAverages>

export const KpiFigures = z.object({
  counts: KpiCounts,
  rates: KpiRates,
  /** 超期件: open and overdue now + closed late. */
  overdue: Count,
  averages: KpiAverages,
  byState: z.record(CaseState, Count),
})
export type KpiFigures = z.infer<typeof KpiFigures>

export const KpiGroup = z.object({
  /** Grid / community / unit id, category code, source, or day (YYYY-MM-DD); "-" for never dispatched. */
  key: z.string(),
  label: z.string(),
  figures: KpiFigures,
})
export type KpiGroup = z.infer<typeof KpiGroup>

export const KpiPeriod = z.object({ from: IsoDay, to: IsoDay, figures: KpiFigures })
export type KpiPeriod = z.infer<typeof KpiPeriod>

export const KpiReport = z.object({
  from: IsoDay,
  to: IsoDay,
  days: z.number().int().positive(),
  groupBy: KpiGroupBy.nullable(),
  /** When "now" was for the as-of-now figures (open and overdue, counts by state). */
  asOf: z.iso.datetime(),
  /** The event sequence number the figures include every change up to. */
  seq: z.number().int().min(0),
  total: KpiFigures,
  /** One per key with cases in the range, by reports, largest first, at most `limit`; for `day`, every day in order. */
  groups: z.array(KpiGroup),
  /** How many keys had cases (before `limit`). */
  groupsTotal: z.number().int().min(0),
  /** Intake by channel. */
  byChannel: z.array(z.object({ source: CaseSource, reports: Count })),
  /** The five categories with most reports. */
  topCategories: z.array(z.object({ code: z.string(), name: z.string(), reports: Count })),
  /** 环比: the same number of days just before `from`. */
  previous: KpiPeriod,
  /** 同比: the same days one year earlier. */
  yearBefore: KpiPeriod,
})
export type KpiReport = z.infer<typeof KpiReport>

/**
 * The `kpi:changed` push, at most once a second and only after a change: today's and this
 * month's figures, which is what the wall shows live. A view of another range refetches.
 */
export const KpiChanged = z.object({
  seq: z.number().int().min(0),
  asOf: z.iso.datetime(),
  today: KpiPeriod,
  month: KpiPeriod,
})
export type KpiChanged = z.infer<typeof KpiChanged>

export const KpiBouncesQuery = z.object({
  /** First day, inclusive. Default: 29 days before `to`. */
  from: IsoDay.optional(),
  /** Last day, inclusive. Default: today in Beijing. */
  to: IsoDay.optional(),
})
export type KpiBouncesQuery = z.infer<typeof KpiBouncesQuery>

/**
 * 推诿 (bounced cases, shared/rules/caseBounce.ts) as a KPI: per handler, the bounced cases reported
 * in [from, to] whose path passed through it (bouncesByHandler); and every bounced case open now, so
 * the wall's feed can badge it (the feed's cases carry no history).
 */
export const KpiBounces = z.object({
  from: IsoDay,
  to: IsoDay,
  /** Bounced cases reported in the range. */
  bounced: Count,
  byHandler: z.array(z.object({ assignee: Assignee, label: z.string(), bounced: Count })),
  /** Open now and bounced, whenever reported, with its path A → B → A, each handler named. */
  open: z.array(z.object({ id: z.string(), path: z.array(Assignee.extend({ name: z.string() })) })),
})
export type KpiBounces = z.infer<typeof KpiBounces>
