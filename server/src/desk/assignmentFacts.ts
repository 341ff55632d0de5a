import { distanceMeters, polygonCentroid, toLngLat } from '@shared/geometry'
import { type CandidateFacts, rankCandidates, reasonText } from '@shared/rules/assignmentRanking'
import type { Assignee, Case } from '@shared/schemas/case'
import type { SuggestionCandidate, Suggestions } from '@shared/schemas/deskApi'
import type { LngLat } from '@shared/schemas/geo'
import type { Grid, Worker } from '@shared/schemas/reference'
import type { ReferenceRepository } from '../reference/referenceRepository'
import type { AssigneeOnTime, DeskReads } from './deskStatements'

/** The on-time window of the ranking (docs/domain.md, "Assignment"). */
export const ON_TIME_WINDOW_DAYS = 90
const DAY_MS = 86_400_000
/** Every worker of a grid is a candidate: a grid has a few dozen, never near this. */
const WORKERS_PER_GRID = 500

const keyOf = (a: Assignee) => `${a.kind}:${a.id}`

type Reference = Pick<ReferenceRepository, 'categories' | 'units' | 'teams' | 'grids' | 'workers'>

/**
 * Gathers what the ranking (shared/rules/assignmentRanking.ts) weighs, for one case: the 小类's
 * responsible unit, the teams serving its grid and the grid's workers, each with its distance,
 * open load and on-time record in this 小类. Two statements a call (load, on-time); the rest is
 * the reference, which the repository keeps in memory.
 */
export function createAssignmentFacts(deps: {
  reads: DeskReads
  reference: Reference
  now: () => Date
  /** Where a worker is, when on duty with a fix that is not stale (the positions domain); none without it. */
  freshFix?: (workerId: string) => LngLat | null
}) {
  const { reads, reference } = deps
  const centroids = new Map<string, { lng: number; lat: number }>()
  const centroidOf = (grid: Grid) => {
    let c = centroids.get(grid.id)
    if (!c) centroids.set(grid.id, (c = toLngLat(polygonCentroid(grid.boundary))))
    return c
  }

  /** Metres from the case to the nearest centroid of the grids a candidate serves. */
  function distanceTo(c: Case, gridIds: readonly string[]): number | null {
    const grids = reference.grids().filter((g) => gridIds.includes(g.id))
    if (grids.length === 0) return null
    return Math.min(...grids.map((g) => distanceMeters(c.location, centroidOf(g))))
  }

  /**
   * A worker is on duty when their terminal sent a fresh fix (issue 16): their distance is from
   * that fix to the case. Without one they stay a candidate, measured from their grid, but not on duty.
   */
  function workerFacts(c: Case, w: Worker) {
    const fix = deps.freshFix?.(w.id) ?? null
    const distanceM = fix ? distanceMeters(c.location, fix) : distanceTo(c, [w.gridId])
    return { assignee: { kind: 'worker' as const, id: w.id }, name: w.name, responsible: false, ofGrid: true, onDuty: fix !== null, distanceM }
  }

  function people(c: Case, withWorkers: boolean): Omit<CandidateFacts, 'openLoad' | 'categoryClosed' | 'categoryOnTime'>[] {
    const unitId = reference.categories().find((k) => k.code === c.categoryCode)?.unitId
    const unit = unitId ? reference.units().find((u) => u.id === unitId) : undefined
    const teams = reference.teams().filter((t) => t.gridIds.includes(c.gridId))
    const workers = withWorkers ? reference.workers({ gridId: c.gridId, limit: WORKERS_PER_GRID }).items : []
    return [
      ...(unit ? [{ assignee: { kind: 'unit' as const, id: unit.id }, name: unit.name, responsible: true, ofGrid: false, distanceM: null }] : []),
      ...teams.map((t) => ({ assignee: { kind: 'team' as const, id: t.id }, name: t.name, responsible: false, ofGrid: true, distanceM: distanceTo(c, t.gridIds) })),
      ...workers.map((w) => workerFacts(c, w)),
    ]
  }

  /** Every candidate for the case with its facts, unranked; the grid's workers only where `withWorkers`. */
  function factsOf(c: Case, withWorkers = true): CandidateFacts[] {
    const since = new Date(deps.now().getTime() - ON_TIME_WINDOW_DAYS * DAY_MS).toISOString()
    const load = new Map(reads.openLoad().map((r) => [keyOf(r.assignee), r.n]))
    const record = new Map<string, AssigneeOnTime>(reads.categoryOnTime(c.categoryCode, since).map((r) => [keyOf(r.assignee), r]))
    return people(c, withWorkers).map((p) => {
      const r = record.get(keyOf(p.assignee))
      return { ...p, openLoad: load.get(keyOf(p.assignee)) ?? 0, categoryClosed: r?.closed ?? 0, categoryOnTime: r?.onTime ?? 0 }
    })
  }

  /**
   * The ranked suggestion for a case, best first, each candidate with its reasons in both languages.
   * `withWorkers: false` for a caller who may not read the workers' names (a unit handler).
   */
  function suggest(c: Case, limit: number, options: { withWorkers: boolean } = { withWorkers: true }): Suggestions {
    const candidates: SuggestionCandidate[] = rankCandidates(factsOf(c, options.withWorkers), 'zh-CN', { source: c.source })
      .slice(0, limit)
      .map((r) => ({
        ...r,
        text: { zh: r.reasons.map((x) => reasonText(x, 'zh-CN')).join(' · '), en: r.reasons.map((x) => reasonText(x, 'en')).join(' · ') },
      }))
    return { caseId: c.id, version: c.version, categoryCode: c.categoryCode, gridId: c.gridId, candidates }
  }

  return { factsOf, suggest }
}

export type AssignmentFacts = ReturnType<typeof createAssignmentFacts>
