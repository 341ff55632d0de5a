import { rankSubjects } from '@shared/rules/evaluation'
import type { CaseScope } from '@shared/rules/caseScope'
import type {
  EvaluationMethod,
  IndicatorKey,
  Ranking,
  RankingExplainQuery,
  RankingExplanation,
  RankingLevel,
  RankingQuery,
  SubjectFacts,
} from '@shared/schemas/evaluation'
import { createError } from '../core/appError'
import type { KpiProjector } from '../kpi/kpiProjector'
import { resolveRange } from '../kpi/kpiRanges'
import type { ReferenceRepository } from '../reference/referenceRepository'
import type { Db } from '../store/database'
import type { EvaluationMethodRepository } from './evaluationMethods'
import { type FactRow, type FactsFilter, INDICATOR_KEYS, readAgainst, readFacts } from './rankingFacts'

/**
 * Rankings (考核评比): facts from SQL (rankingFacts.ts), scored with the shared rules, so the
 * what-if view re-scoring the same facts in the browser gets the same answer.
 */
export interface RankingService {
  ranking(query: RankingQuery, scope: CaseScope): Ranking
  explain(query: RankingExplainQuery, scope: CaseScope): RankingExplanation
}

export interface RankingServiceDeps {
  db: Db
  reference: ReferenceRepository
  methods: EvaluationMethodRepository
  projector: Pick<KpiProjector, 'catchUp'>
  now?: () => Date
}

/** A scoped account ranks within its own community or grid, whatever it asks; a unit has no list of its own to see. */
function scopedArea(query: RankingQuery, scope: CaseScope): { community: string | null; grid: string | null } {
  if (scope.kind === 'all') return { community: query.community ?? null, grid: query.grid ?? null }
  if (scope.kind === 'unit' || scope.id === null) throw createError('FORBIDDEN', 'a unit account has no ranking of its own scope to see')
  if (scope.kind === 'community') return { community: scope.id, grid: query.grid ?? null }
  return { community: null, grid: scope.id }
}

export function createRankingService(deps: RankingServiceDeps): RankingService {
  const { db, reference, methods, projector } = deps
  const now = deps.now ?? (() => new Date())

  function filterOf(query: RankingQuery, scope: CaseScope): FactsFilter & { asOf: Date } {
    const asOf = now()
    const range = resolveRange(query.from, query.to, asOf)
    const area = scopedArea(query, scope)
    if (area.community && !reference.communities().some((c) => c.id === area.community)) {
      throw createError('VALIDATION_FAILED', `invalid query: community: ${area.community} is not a community of the street`)
    }
    if (area.grid && !reference.grids().some((g) => g.id === area.grid)) {
      throw createError('VALIDATION_FAILED', `invalid query: grid: ${area.grid} is not a grid of the street`)
    }
    const componentCodes = reference.categories().filter((c) => c.kind === 'component').map((c) => c.code)
    return { from: range.from, to: range.to, level: query.level, kind: query.kind, ...area, componentCodes, asOf }
  }

  /** Every subject the level lists: all grids or communities in the area (even with no case), units and workers with cases. */
  function subjectsOf(level: RankingLevel, area: { community: string | null; grid: string | null }, facts: FactRow[]): { id: string; name: string }[] {
    if (level === 'grid') {
      return reference
        .grids()
        .filter((g) => (!area.community || g.communityId === area.community) && (!area.grid || g.id === area.grid))
        .map((g) => ({ id: g.id, name: g.name }))
    }
    if (level === 'community') {
      const gridCommunity = area.grid ? reference.grids().find((g) => g.id === area.grid)?.communityId : null
      return reference
        .communities()
        .filter((c) => (!area.community || c.id === area.community) && (!area.grid || c.id === gridCommunity))
        .map((c) => ({ id: c.id, name: c.name }))
    }
    const names = handlerNames(level)
    return facts.map((f) => ({ id: f.subject, name: names(f.subject) }))
  }

  function handlerNames(level: RankingLevel): (key: string) => string {
    if (level === 'worker') return (key) => reference.worker(key.slice('worker:'.length))?.name ?? key
    const units = new Map(reference.units().map((u) => [`unit:${u.id}`, u.name]))
    for (const t of reference.teams()) units.set(`team:${t.id}`, t.name)
    return (key) => units.get(key) ?? key
  }

  function subjectFacts(subjects: { id: string; name: string }[], facts: FactRow[]): SubjectFacts[] {
    const byId = new Map(facts.map((f) => [f.subject, f]))
    return subjects.map((s) => {
      const f = byId.get(s.id)
      return {
        ...s,
        sample: f?.sample ?? 0,
        facts: INDICATOR_KEYS.map((key) => ({ key, ...(f?.counts[key] ?? { numerator: 0, denominator: 0 }) })),
      }
    })
  }

  function ranking(query: RankingQuery, scope: CaseScope): Ranking {
    const method = methods.get(query.methodVersion)
    projector.catchUp(5000)
    const filter = filterOf(query, scope)
    const rows = readFacts(db, filter)
    const facts = subjectFacts(subjectsOf(query.level, filter, rows), rows)
    return {
      from: filter.from,
      to: filter.to,
      level: query.level,
      kind: query.kind,
      scope: { community: filter.community, grid: filter.grid },
      method,
      asOf: filter.asOf.toISOString(),
      rows: rankSubjects(facts, method, query.level),
      facts,
    }
  }

  function explain(query: RankingExplainQuery, scope: CaseScope): RankingExplanation {
    const method = methods.get(query.methodVersion)
    projector.catchUp(5000)
    const filter = filterOf(query, scope)
    const rows = readFacts(db, filter)
    const subject = subjectsOf(query.level, filter, rows).find((s) => s.id === query.subject)
    if (!subject) throw createError('NOT_FOUND', `${query.subject} is not a ${query.level} of this ranking`)
    const facts = subjectFacts([subject], rows)[0]!.facts
    const against = readAgainst(db, filter, subject.id, directions(method))
    return {
      subject,
      from: filter.from,
      to: filter.to,
      kind: query.kind,
      indicators: facts.map((f, i) => ({ ...f, against: against[i]!.cases, againstTotal: against[i]!.total })),
    }
  }

  return { ranking, explain }
}

/** The method's direction of each indicator; one it leaves out reads as its usual direction. */
function directions(method: EvaluationMethod): Record<IndicatorKey, 'higher' | 'lower'> {
  const usual: Record<IndicatorKey, 'higher' | 'lower'> = {
    onTimeClosure: 'higher',
    closure: 'higher',
    rework: 'lower',
    return: 'lower',
    extension: 'lower',
    satisfaction: 'higher',
    missed: 'lower',
  }
  for (const i of method.indicators) usual[i.key] = i.direction
  return usual
}
