import type {
  EvaluationIndicator,
  EvaluationMethodInput,
  IndicatorKey,
  IndicatorScore,
  RankingLevel,
  RankingRow,
  SubjectFacts,
} from '../schemas/evaluation'

/**
 * Scoring of the evaluation (考核评比) as pure functions: the server ranks with them and the
 * what-if view re-ranks the same facts with other weights, so both always agree.
 *
 * A subject's score is 100 × Σ wᵢ·pᵢ / Σ wᵢ over the indicators it is scored on, where pᵢ is the
 * rate (higher is better) or 1 − rate (lower is better), capped to 0..1. An indicator with fewer
 * cases in its denominator than its minimum sample is left out and the others carry its weight,
 * rather than a guess; a subject with fewer valid cases than the method's minimum is listed
 * unranked (样本不足), so one perfect case never tops a list.
 */

/**
 * The defaults of docs/domain.md: the 12345 hotline's platform indicators plus 漏报, which Kunming
 * weighs at 17 of its points. Satisfaction has a smaller minimum: only hotline cases get a follow-up call.
 */
export const DEFAULT_METHOD: EvaluationMethodInput = {
  name: '默认考核办法',
  minCases: 10,
  indicators: [
    { key: 'onTimeClosure', weight: 25, direction: 'higher', minSample: 5 },
    { key: 'closure', weight: 15, direction: 'higher', minSample: 5 },
    { key: 'rework', weight: 10, direction: 'lower', minSample: 5 },
    { key: 'return', weight: 10, direction: 'lower', minSample: 5 },
    { key: 'extension', weight: 8, direction: 'lower', minSample: 5 },
    { key: 'satisfaction', weight: 15, direction: 'higher', minSample: 3 },
    { key: 'missed', weight: 17, direction: 'lower', minSample: 5 },
  ],
}

export const INDICATOR_LABELS: Record<IndicatorKey, { zh: string; en: string }> = {
  onTimeClosure: { zh: '按期结案率', en: 'On-time closure' },
  closure: { zh: '结案率', en: 'Closure' },
  rework: { zh: '返工率', en: 'Rework' },
  return: { zh: '回退率', en: 'Returns' },
  extension: { zh: '延期率', en: 'Extensions' },
  satisfaction: { zh: '满意率', en: 'Satisfaction' },
  missed: { zh: '漏报率', en: 'Missed reports' },
}

/** 漏报 is about who finds a grid's problems: a unit or a worker is not answerable for it. */
export function indicatorApplies(key: IndicatorKey, level: RankingLevel): boolean {
  return key !== 'missed' || level === 'grid' || level === 'community'
}

type Method = Pick<EvaluationMethodInput, 'minCases' | 'indicators'>

const round1 = (x: number) => Math.round(x * 10) / 10
const percent = (rate: number) => `${(rate * 100).toFixed(1)}%`

function points(rate: number, indicator: EvaluationIndicator): number {
  const r = Math.min(1, Math.max(0, rate))
  return indicator.direction === 'higher' ? r : 1 - r
}

/** Each indicator of the method scored for one subject, and the subject's score (null if nothing scored). */
export function scoreSubject(subject: SubjectFacts, method: Method, level: RankingLevel): { score: number | null; indicators: IndicatorScore[] } {
  const byKey = new Map(subject.facts.map((f) => [f.key, f]))
  const scored = method.indicators.filter((i) => {
    const f = byKey.get(i.key)
    return i.weight > 0 && indicatorApplies(i.key, level) && f !== undefined && f.denominator >= i.minSample
  })
  const totalWeight = scored.reduce((sum, i) => sum + i.weight, 0)
  const indicators = method.indicators.map((i): IndicatorScore => {
    const f = byKey.get(i.key) ?? { key: i.key, numerator: 0, denominator: 0 }
    const rate = f.denominator > 0 ? f.numerator / f.denominator : null
    const counts = scored.includes(i) && rate !== null && totalWeight > 0
    const lost = counts ? round1((100 * i.weight * (1 - points(rate, i))) / totalWeight) : 0
    return { key: i.key, numerator: f.numerator, denominator: f.denominator, rate, scored: counts, lost }
  })
  if (totalWeight === 0) return { score: null, indicators }
  const earned = scored.reduce((sum, i) => {
    const f = byKey.get(i.key)!
    return sum + i.weight * points(f.numerator / f.denominator, i)
  }, 0)
  return { score: round1((100 * earned) / totalWeight), indicators }
}

function deductionsOf(indicators: IndicatorScore[]): string[] {
  return indicators
    .filter((i) => i.scored && i.lost > 0)
    .sort((a, b) => b.lost - a.lost || a.key.localeCompare(b.key))
    .map((i) => `${INDICATOR_LABELS[i.key].zh} ${percent(i.rate!)}（${i.numerator}/${i.denominator}）扣 ${i.lost.toFixed(1)} 分`)
}

/**
 * Rank subjects: the ranked by score, ties by more cases (the surer figure), then by id, so the
 * same facts always give the same order; the unranked follow by sample, then id.
 */
export function rankSubjects(subjects: readonly SubjectFacts[], method: Method, level: RankingLevel): RankingRow[] {
  const rows = subjects.map((s): RankingRow => {
    const { score, indicators } = scoreSubject(s, method, level)
    const enough = s.sample >= method.minCases && score !== null
    const reason = s.sample < method.minCases ? `样本不足（${s.sample} < ${method.minCases} 件）` : '样本不足（无可计分指标）'
    return {
      rank: null,
      subject: { id: s.id, name: s.name },
      sample: s.sample,
      score: enough ? score : null,
      indicators,
      deductions: enough ? deductionsOf(indicators) : [reason],
    }
  })
  const byId = (a: RankingRow, b: RankingRow) => (a.subject.id < b.subject.id ? -1 : a.subject.id > b.subject.id ? 1 : 0)
  const ranked = rows.filter((r) => r.score !== null).sort((a, b) => b.score! - a.score! || b.sample - a.sample || byId(a, b))
  const unranked = rows.filter((r) => r.score === null).sort((a, b) => b.sample - a.sample || byId(a, b))
  ranked.forEach((r, i) => (r.rank = i + 1))
  return [...ranked, ...unranked]
}

/** How each subject's rank moved from `before` to `after` (positive: up); null when either is unranked. */
export function rankChanges(before: readonly RankingRow[], after: readonly RankingRow[]): Map<string, number | null> {
  const was = new Map(before.map((r) => [r.subject.id, r.rank]))
  return new Map(
    after.map((r) => {
      const old = was.get(r.subject.id) ?? null
      return [r.subject.id, old === null || r.rank === null ? null : old - r.rank]
    }),
  )
}
