import { z } from 'zod'
import { CaseSource, CaseState } from './case'
import { KpiAverages, KpiBounces, KpiFigures, KpiPeriod } from './kpi'

/**
 * The briefing (会商研判, docs/domain.md "Briefings and evaluation"): one period and one scope's
 * summary, the written notice (通报) made from it, and its PDF.
 *
 * A period is Beijing calendar days [from, to] and cases count by the day they were reported, each
 * in its state as of now, exactly as the KPI API counts them: the headline figures ARE the KPI
 * API's for the same range and scope (GET /api/v1/kpi), never a second formula.
 */

const IsoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day is YYYY-MM-DD (Beijing calendar)')

/**
 * `street` (the default), `community:<id>` or `grid:<id>` (ids from the reference API). A scoped
 * account (community station, unit, grid worker) is narrowed to its own scope whatever it asks.
 */
export const BriefingScope = z
  .string()
  .regex(/^(street|community:[A-Za-z0-9_-]{1,64}|grid:[A-Za-z0-9_-]{1,64})$/, 'a scope is street, community:<id> or grid:<id>')
export type BriefingScope = z.infer<typeof BriefingScope>

export const BriefingQuery = z.object({
  /** First day, inclusive. Default: 29 days before `to`. */
  from: IsoDay.optional(),
  /** Last day, inclusive. Default: today in Beijing. */
  to: IsoDay.optional(),
  scope: BriefingScope.default('street'),
})
export type BriefingQuery = z.infer<typeof BriefingQuery>

const Count = z.number().int().min(0)
const LngLat = z.tuple([z.number(), z.number()])

/** The loop's funnel over the period's reports, each step a count of cases (KpiCounts names). */
export const FunnelStep = z.enum(['reports', 'validReports', 'filed', 'handled', 'closed', 'evaluated'])
export type FunnelStep = z.infer<typeof FunnelStep>

export const BriefingCategory = z.object({
  code: z.string(),
  name: z.string(),
  reports: Count,
  /** Reports per day of the period, in order from `from` (length = days). */
  daily: z.array(Count),
})
export type BriefingCategory = z.infer<typeof BriefingCategory>

/** A case named in a list (overdue, bounced): enough to show a row and open /desk?case=<id>. */
export const BriefingCase = z.object({
  id: z.string(),
  code: z.string(),
  title: z.string(),
  categoryCode: z.string(),
  gridId: z.string().nullable(),
  state: CaseState,
  createdAt: z.iso.datetime(),
  /** The whole-case limit it is past (overdue list); null when not set. */
  dueAt: z.iso.datetime().nullable(),
})
export type BriefingCase = z.infer<typeof BriefingCase>

export const BriefingSummary = z.object({
  from: IsoDay,
  to: IsoDay,
  days: z.number().int().positive(),
  /** The scope the figures are of (a scoped account's own, whatever it asked). */
  scope: BriefingScope,
  scopeName: z.string(),
  asOf: z.iso.datetime(),
  seq: z.number().int().min(0),
  /** The KPI API's figures for the range and scope, with 环比 (previous) and 同比 (yearBefore). */
  total: KpiFigures,
  previous: KpiPeriod,
  yearBefore: KpiPeriod,
  funnel: z.array(z.object({ step: FunnelStep, count: Count })),
  /** Where the time goes: mean minutes of each step (the KPI averages). */
  stepMinutes: KpiAverages,
  /** Intake by channel, with its share of the reports (0..1; null when there are none). */
  byChannel: z.array(z.object({ source: CaseSource, reports: Count, share: z.number().min(0).max(1).nullable() })),
  /** The categories with most reports, 部件 (component) and 事件 (event) apart, at most five each. */
  topCategories: z.object({ component: z.array(BriefingCategory), event: z.array(BriefingCategory) }),
  /** 部件 / 事件 / other kinds' report totals (the notice's 三、部件与事件). */
  byKind: z.object({ component: Count, event: Count, other: Count }),
  hotspots: z.object({
    /** Grids with most reports, at most ten. */
    grids: z.array(z.object({ id: z.string(), name: z.string(), reports: Count, openOverdue: Count })),
    /** Places that keep coming back: ≥ 3 reports of one 小类 within ~50 m, most first, at most ten. */
    repeatPlaces: z.array(
      z.object({ location: LngLat, categoryCode: z.string(), categoryName: z.string(), reports: Count, caseIds: z.array(z.string()) }),
    ),
    /** Every report's point [lng, lat] rounded to 5 decimals (~1 m), for a heat map. */
    points: z.array(LngLat),
  }),
  /** Open now and past the whole-case limit or the running step's ("99.94% closed" hides these). */
  overdue: z.object({ count: Count, cases: z.array(BriefingCase) }),
  /** 推诿 over the period (GET /api/v1/kpi/bounces), within the scope. */
  bounced: KpiBounces.pick({ bounced: true, byHandler: true, open: true }),
})
export type BriefingSummary = z.infer<typeof BriefingSummary>

export const NoticeLang = z.enum(['zh', 'en'])
export type NoticeLang = z.infer<typeof NoticeLang>

export const NoticeQuery = BriefingQuery.extend({ lang: NoticeLang.default('zh') })
export type NoticeQuery = z.infer<typeof NoticeQuery>

/**
 * The cases behind a number, as GET /api/v1/cases query parameters (CaseListQuery): `from`/`to`
 * are the period's Beijing midnights as instants. `caseIds` instead when no list filter says it
 * (bounced cases, repeat places), at most 200.
 */
export const NoticeFilter = z.object({
  state: z.array(CaseState).optional(),
  gridId: z.string().optional(),
  communityId: z.string().optional(),
  categoryCode: z.string().optional(),
  source: CaseSource.optional(),
  overdue: z.boolean().optional(),
  from: z.iso.datetime().optional(),
  to: z.iso.datetime().optional(),
  caseIds: z.array(z.string()).max(200).optional(),
})
export type NoticeFilter = z.infer<typeof NoticeFilter>

export const NoticeSegment = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('text'), text: z.string() }),
  z.object({
    kind: z.literal('number'),
    value: z.number(),
    /** As shown: "1,234", "93.72%", "上升 2.1 个百分点". */
    text: z.string(),
    /** The cases behind it; null for a figure no case list shows (a rate's change, a mean). */
    filter: NoticeFilter.nullable(),

    /** Which figure it is: a KpiCounts / KpiRates name (reports, closure …) or a summary path; for tests and charts. */
    figure: z.string().optional(),
  }),
])
export type NoticeSegment = z.infer<typeof NoticeSegment>

export const NoticeSectionKey = z.enum(['overall', 'sources', 'categories', 'ranking', 'overdue'])
export type NoticeSectionKey = z.infer<typeof NoticeSectionKey>

export const NoticeSection = z.object({
  key: NoticeSectionKey,
  /** "一、总体情况" / "1. Overall". */
  title: z.string(),
  /** Paragraphs, each a list of segments to join. */
  paragraphs: z.array(z.array(NoticeSegment)),
})
export type NoticeSection = z.infer<typeof NoticeSection>

export const BriefingNotice = z.object({
  from: IsoDay,
  to: IsoDay,
  scope: BriefingScope,
  lang: NoticeLang,
  title: z.string(),
  sections: z.array(NoticeSection),
})
export type BriefingNotice = z.infer<typeof BriefingNotice>
