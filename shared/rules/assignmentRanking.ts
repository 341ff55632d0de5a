import type { Assignee, CaseSource } from '../schemas/case'

/**
 * The assignment suggestion's ranking (docs/domain.md, "Assignment"): the unit the 小类 makes
 * responsible first, then the grid's own team or worker; between equals, distance, open load and
 * the candidate's on-time rate in this category decide. Every candidate carries its reasons in
 * words, so a dispatcher sees why, not just who. The facts are gathered by the server; the ranking
 * itself is this pure function, so the bench and the unit tests see exactly what the desk sees.
 */
export interface CandidateFacts {
  assignee: Assignee
  name: string
  /** The responsibility matrix names this unit for the case's 小类. */
  responsible: boolean
  /** A team serving the case's grid, or a worker of that grid. */
  ofGrid: boolean
  /**
   * A grid worker on duty: their terminal sent a fix that is not stale (issue 16), so a case sent to
   * them reaches their phone now, and `distanceM` is from that fix. Absent or false for units and teams.
   */
  onDuty?: boolean
  /** Metres from the case to the candidate's area; null when it has no place (a unit). */
  distanceM: number | null
  /** Cases it holds open now. */
  openLoad: number
  /** Its cases of this 小类 closed in the last 90 days, and how many of those on time. */
  categoryClosed: number
  categoryOnTime: number
}

export type Reason =
  | { kind: 'responsible' }
  | { kind: 'grid_team' }
  | { kind: 'grid_worker' }
  | { kind: 'on_duty' }
  | { kind: 'distance'; metres: number }
  | { kind: 'load'; open: number }
  | { kind: 'on_time'; rate: number; closed: number }
  | { kind: 'few_cases'; closed: number }

export interface RankedCandidate extends CandidateFacts {
  score: number
  reasons: Reason[]
}

/** Fewer closed cases than this in the category and the on-time rate is not used: one lucky case proves nothing. */
export const MIN_RATE_SAMPLE = 5

/**
 * What the case is: a case found on video (视频发现) goes first to the on-duty workers of its grid,
 * who can walk to the camera's spot (docs/domain.md, "Video patrol": centers send it to the grid
 * worker's phone); any other case keeps the responsible unit first.
 */
export interface RankContext {
  source?: CaseSource
}

// onDutyCamera: an on-duty worker scores at least 60 + 150 - 20 - 30 = 160, more than any unit can (100 + 30).
// onDuty: more than the whole distance penalty, so the nearest on-duty worker comes before any worker
// of the grid who is off duty, whatever the source; far less than `responsible`, so units keep their place.
const WEIGHT = { responsible: 100, ofGrid: 60, onDuty: 25, onDutyCamera: 150, onTime: 30, distancePerKm: 10, distanceCap: 20, loadPerCase: 1, loadCap: 30 } as const

function scoreOf(f: CandidateFacts, context: RankContext): { score: number; reasons: Reason[] } {
  const reasons: Reason[] = []
  let score = 0
  if (f.responsible) {
    score += WEIGHT.responsible
    reasons.push({ kind: 'responsible' })
  }
  if (f.ofGrid) {
    score += WEIGHT.ofGrid
    reasons.push({ kind: f.assignee.kind === 'worker' ? 'grid_worker' : 'grid_team' })
  }
  if (f.onDuty && f.ofGrid && f.assignee.kind === 'worker') {
    score += context.source === 'camera' ? WEIGHT.onDuty + WEIGHT.onDutyCamera : WEIGHT.onDuty
    reasons.push({ kind: 'on_duty' })
  }
  if (f.distanceM !== null) {
    score -= Math.min(WEIGHT.distanceCap, (f.distanceM / 1000) * WEIGHT.distancePerKm)
    reasons.push({ kind: 'distance', metres: Math.round(f.distanceM) })
  }
  score -= Math.min(WEIGHT.loadCap, f.openLoad * WEIGHT.loadPerCase)
  reasons.push({ kind: 'load', open: f.openLoad })
  if (f.categoryClosed >= MIN_RATE_SAMPLE) {
    const rate = f.categoryOnTime / f.categoryClosed
    score += rate * WEIGHT.onTime
    reasons.push({ kind: 'on_time', rate, closed: f.categoryClosed })
  } else {
    // Neither rewarded nor punished: a new team is not worse than a proven one, only unproven.
    score += 0.5 * WEIGHT.onTime
    reasons.push({ kind: 'few_cases', closed: f.categoryClosed })
  }
  return { score: Math.round(score * 10) / 10, reasons }
}

/** Best first; equal scores by name, so the list never reshuffles between two looks. */
export function rankCandidates(candidates: readonly CandidateFacts[], locale: 'zh-CN' | 'en' = 'zh-CN', context: RankContext = {}): RankedCandidate[] {
  const collator = new Intl.Collator(locale)
  return candidates
    .map((f) => ({ ...f, ...scoreOf(f, context) }))
    .sort((a, b) => b.score - a.score || collator.compare(a.name, b.name))
}

/** A reason in the dispatcher's words, e.g. 责任单位 · 在办 12 件 · 本类按期率 96%. */
export function reasonText(r: Reason, locale: 'zh-CN' | 'en'): string {
  const zh = locale === 'zh-CN'
  switch (r.kind) {
    case 'responsible':
      return zh ? '责任单位' : 'responsible unit'
    case 'grid_team':
      return zh ? '本网格服务队' : "the grid's team"
    case 'grid_worker':
      return zh ? '本网格网格员' : "the grid's worker"
    case 'on_duty':
      return zh ? '在岗' : 'on duty'
    case 'distance':
      return r.metres < 1000 ? (zh ? `距离 ${r.metres} 米` : `${r.metres} m away`) : zh ? `距离 ${(r.metres / 1000).toFixed(1)} 公里` : `${(r.metres / 1000).toFixed(1)} km away`
    case 'load':
      return zh ? `在办 ${r.open} 件` : `${r.open} open`
    case 'on_time':
      return zh ? `本类按期率 ${Math.round(r.rate * 100)}%` : `${Math.round(r.rate * 100)}% on time in this category`
    case 'few_cases':
      return zh ? `本类办结 ${r.closed} 件，样本不足` : `only ${r.closed} closed in this category`
  }
}
