import { rankChanges, rankSubjects } from '@shared/rules/evaluation'
import type { IndicatorKey, Ranking, RankingKind, RankingLevel, RankingRow } from '@shared/schemas/evaluation'

/**
 * The rankings page's decisions as pure functions: which query a briefing scope stands for, the
 * download links, and the what-if re-ranking (the shared scoring over the facts the API returned,
 * so the browser and the server can never disagree on a score).
 */

export const LEVELS: readonly RankingLevel[] = ['grid', 'community', 'unit', 'worker']
export const KINDS: readonly RankingKind[] = ['all', 'component', 'event']

/** A briefing scope (`street`, `community:<id>`, `grid:<id>`) as the ranking query's area. */
export function scopeParams(scope: string): Record<string, string> {
  const m = /^(community|grid):(.+)$/.exec(scope)
  return m ? { [m[1]!]: m[2]! } : {}
}

export function rankingSearch(args: { from: string; to: string; scope: string; level: RankingLevel; kind: RankingKind; subject?: string }): string {
  const params = new URLSearchParams({ from: args.from, to: args.to, level: args.level, kind: args.kind, ...scopeParams(args.scope) })
  if (args.subject) params.set('subject', args.subject)
  return params.toString()
}

export type Weights = Record<IndicatorKey, number>

/** What the what-if view may change: each weight, and the fewest cases a subject needs to be ranked. */
export interface Trial {
  weights: Weights
  minCases: number
}

export function trialOf(ranking: Ranking): Trial {
  return { weights: Object.fromEntries(ranking.method.indicators.map((i) => [i.key, i.weight])) as Weights, minCases: ranking.method.minCases }
}

/** Whether the what-if settings differ from the method's. */
export function trialChanged(ranking: Ranking, trial: Trial): boolean {
  return trial.minCases !== ranking.method.minCases || ranking.method.indicators.some((i) => trial.weights[i.key] !== i.weight)
}

/** The rows re-ranked with the trial's settings, and each subject's move (positive: up). */
export function whatIf(ranking: Ranking, trial: Trial): { rows: RankingRow[]; moves: Map<string, number | null> } {
  const method = {
    minCases: Math.max(1, Math.round(trial.minCases)),
    indicators: ranking.method.indicators.map((i) => ({ ...i, weight: Math.max(0, trial.weights[i.key] ?? 0) })),
  }
  const rows = rankSubjects(ranking.facts, method, ranking.level)
  return { rows, moves: rankChanges(ranking.rows, rows) }
}

/** ↑2, ↓1, or '' for no move (or an unranked side). */
export function moveText(move: number | null | undefined): string {
  if (!move) return ''
  return move > 0 ? `↑${move}` : `↓${-move}`
}

export const percentText = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`)

/** The indicator that cost a row most points, or null when none did (or it is unranked). */
export function mainDeduction(row: RankingRow): RankingRow['indicators'][number] | null {
  if (row.score === null) return null
  const worst = row.indicators.filter((i) => i.scored && i.lost > 0).sort((a, b) => b.lost - a.lost || a.key.localeCompare(b.key))[0]
  return worst ?? null
}
