import { z } from 'zod'
import { queryInt } from './query'

/**
 * Evaluation (考核评比, docs/domain.md "Briefings and evaluation"): grids, communities, units and
 * grid workers ranked by a weighted sum of per-case rates. The method is versioned: every ranking
 * names the version it was scored with, and a change is a new version, never an edit.
 *
 * Rates are per case over the cases REPORTED on the days [from, to] (Beijing), each in its state as
 * of now, exactly as the KPI API counts them (shared/schemas/kpi.ts), so a ranking's figures add up
 * to the KPI figures of the same period.
 */

const IsoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day is YYYY-MM-DD (Beijing calendar)')

export const IndicatorKey = z.enum([
  /** 按期结案率: closed on time / (closed + open and overdue). */
  'onTimeClosure',
  /** 结案率: closed / closing due. */
  'closure',
  /** 返工率: cases failing a check / cases handled. */
  'rework',
  /** 回退率: returns / dispatches. */
  'return',
  /** 延期率: approved extensions / filed cases. */
  'extension',
  /** 满意率: satisfied or fairly satisfied follow-up calls / follow-up calls. */
  'satisfaction',
  /** 漏报率: a grid's cases found first by anyone but its own workers / its valid cases (grids and communities only). */
  'missed',
])
export type IndicatorKey = z.infer<typeof IndicatorKey>

/** `higher`: a higher rate earns more points; `lower`: a lower rate does. */
export const IndicatorDirection = z.enum(['higher', 'lower'])
export type IndicatorDirection = z.infer<typeof IndicatorDirection>

export const EvaluationIndicator = z.object({
  key: IndicatorKey,
  /** Points of 100; the weights of a method sum to 100. */
  weight: z.number().min(0).max(100),
  direction: IndicatorDirection,
  /** Fewest cases in the rate's denominator for it to be scored; below, it is left out and the rest reweighted. */
  minSample: z.number().int().min(1).max(10000),
})
export type EvaluationIndicator = z.infer<typeof EvaluationIndicator>

const WEIGHT_SUM_TOLERANCE = 0.01

const indicatorList = z
  .array(EvaluationIndicator)
  .min(1)
  .max(IndicatorKey.options.length)
  .refine((list) => new Set(list.map((i) => i.key)).size === list.length, 'each indicator appears once')
  .refine(
    (list) => Math.abs(list.reduce((sum, i) => sum + i.weight, 0) - 100) <= WEIGHT_SUM_TOLERANCE,
    'the weights sum to 100',
  )

/** A new version of the method, as an administrator or leader sends it. */
export const EvaluationMethodInput = z.object({
  name: z.string().trim().min(1).max(80),
  /** Fewest valid cases a subject needs to be ranked at all; below, it is listed unranked (样本不足). */
  minCases: z.number().int().min(1).max(10000),
  indicators: indicatorList,
})
export type EvaluationMethodInput = z.infer<typeof EvaluationMethodInput>

export const EvaluationMethod = EvaluationMethodInput.extend({
  version: z.number().int().min(1),
  createdAt: z.iso.datetime(),
  /** Who made it ('system' for the built-in defaults). */
  createdBy: z.string(),
})
export type EvaluationMethod = z.infer<typeof EvaluationMethod>

export const EvaluationMethods = z.object({
  /** The version rankings use unless a query names another. */
  current: z.number().int().min(1),
  /** Newest first. */
  methods: z.array(EvaluationMethod),
})
export type EvaluationMethods = z.infer<typeof EvaluationMethods>

export const RankingLevel = z.enum(['grid', 'community', 'unit', 'worker'])
export type RankingLevel = z.infer<typeof RankingLevel>

/**
 * 部件 (components) and 事件 (events) are ranked apart (docs/domain.md fairness rules): their closure
 * rates differ widely, so a grid full of 部件 would look worse than its work. `all` mixes them.
 */
export const RankingKind = z.enum(['all', 'component', 'event'])
export type RankingKind = z.infer<typeof RankingKind>

export const RankingQuery = z.object({
  /** First day, inclusive. Default: 29 days before `to`. */
  from: IsoDay.optional(),
  /** Last day, inclusive. Default: today in Beijing. */
  to: IsoDay.optional(),
  level: RankingLevel,
  kind: RankingKind.default('all'),
  /** Only the cases of one community or one grid (ids from the reference API); neither: the street. */
  community: z.string().min(1).max(40).optional(),
  grid: z.string().min(1).max(40).optional(),
  /** Default: the current version. */
  methodVersion: queryInt(1, 1_000_000).optional(),
})
export type RankingQuery = z.infer<typeof RankingQuery>

export const RankingExplainQuery = RankingQuery.extend({
  /** A row's subject id: a grid or community id, `unit:<id>` or `team:<id>`, or `worker:<id>`. */
  subject: z.string().min(1).max(60),
})
export type RankingExplainQuery = z.infer<typeof RankingExplainQuery>

const Count = z.number().int().min(0)

/** The raw counts behind one indicator of one subject: what the what-if view re-scores. */
export const IndicatorFact = z.object({
  key: IndicatorKey,
  numerator: Count,
  denominator: Count,
})
export type IndicatorFact = z.infer<typeof IndicatorFact>

/** A subject's facts: everything its score is computed from. */
export const SubjectFacts = z.object({
  id: z.string(),
  name: z.string(),
  /** Valid cases (merged duplicates left out). */
  sample: Count,
  facts: z.array(IndicatorFact),
})
export type SubjectFacts = z.infer<typeof SubjectFacts>

export const IndicatorScore = IndicatorFact.extend({
  /** numerator / denominator; null when the denominator is 0. */
  rate: z.number().min(0).nullable(),
  /** Whether it counted: the method has it with a weight, the level has it, the denominator meets its minimum. */
  scored: z.boolean(),
  /** Points lost against its share of 100 (0 when not scored). */
  lost: z.number().min(0),
})
export type IndicatorScore = z.infer<typeof IndicatorScore>

export const RankingRow = z.object({
  /** 1..n among the ranked; null when the subject is below the minimum sample (listed, unranked). */
  rank: z.number().int().min(1).nullable(),
  subject: z.object({ id: z.string(), name: z.string() }),
  sample: Count,
  /** 0..100; null when unranked. */
  score: z.number().min(0).max(100).nullable(),
  indicators: z.array(IndicatorScore),
  /** In words, largest first: "按期结案率 82.0%（41/50）扣 3.6 分", or "样本不足（3 < 10 件）". */
  deductions: z.array(z.string()),
})
export type RankingRow = z.infer<typeof RankingRow>

export const Ranking = z.object({
  from: IsoDay,
  to: IsoDay,
  level: RankingLevel,
  kind: RankingKind,
  scope: z.object({ community: z.string().nullable(), grid: z.string().nullable() }),
  method: EvaluationMethod,
  asOf: z.iso.datetime(),
  /** Ranked rows first by rank, then the unranked by sample; every grid / community is listed, even with no case. */
  rows: z.array(RankingRow),
  /** The facts the rows were scored from, one per row, for re-scoring on the client (what-if). */
  facts: z.array(SubjectFacts),
})
export type Ranking = z.infer<typeof Ranking>

export const ExplainCase = z.object({ id: z.string(), code: z.string() })
export type ExplainCase = z.infer<typeof ExplainCase>

/** The cases behind one subject's figures: for each indicator, those that cost it points. */
export const RankingExplanation = z.object({
  subject: z.object({ id: z.string(), name: z.string() }),
  from: IsoDay,
  to: IsoDay,
  kind: RankingKind,
  indicators: z.array(
    IndicatorFact.extend({
      /** Cases counting against it: outside the numerator of a `higher` rate, inside it of a `lower` one. */
      against: z.array(ExplainCase),
      /** How many there are (the list stops at 200). */
      againstTotal: Count,
    }),
  ),
})
export type RankingExplanation = z.infer<typeof RankingExplanation>
