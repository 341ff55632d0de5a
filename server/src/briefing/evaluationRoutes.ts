import {
  EvaluationMethod,
  EvaluationMethodInput,
  EvaluationMethods,
  Ranking,
  RankingExplainQuery,
  RankingExplanation,
  RankingLevel,
  RankingQuery,
} from '@shared/schemas/evaluation'
import { z } from 'zod'
import type { AuditLog } from '../auth/auditLog'
import { clientIp, requirePrincipal } from '../auth/requestAuth'
import { scopeOf } from '../cases/caseScope'
import type { ApiRouter } from '../http/apiRouter'
import type { KpiProjector } from '../kpi/kpiProjector'
import type { ReferenceRepository } from '../reference/referenceRepository'
import type { Db } from '../store/database'
import { createEvaluationMethodRepository } from './evaluationMethods'
import { rankingCsv, rankingXlsx } from './exportRankings'
import { createRankingService } from './rankingService'

/** Rankings are part of the briefing: whoever reads the briefing reads them. */
const READ = 'briefing:read' as const

export interface EvaluationRouteDeps {
  db: Db
  reference: ReferenceRepository
  /** The KPI projection the facts are read from: caught up before each ranking, like the KPI API. */
  projector: Pick<KpiProjector, 'catchUp'>
  audit: AuditLog
  now: () => Date
}

/**
 * The evaluation (考核评比): the versioned method, the rankings, the cases behind a rank, and the
 * rankings as XLSX and CSV. Read by who reads the briefing; a scoped account ranks within its own area.
 */
export function registerEvaluationRoutes(api: ApiRouter, deps: EvaluationRouteDeps): void {
  const { audit } = deps
  const methods = createEvaluationMethodRepository(deps.db)
  const rankings = createRankingService({ ...deps, methods })
  api.add({
    method: 'get',
    path: '/evaluation/methods',
    tag: 'evaluation',
    permission: READ,
    summary: 'Every version of the evaluation method (考核办法), newest first, and which one is current',
    response: EvaluationMethods,
    handler: () => methods.list(),
  })
  api.add({
    method: 'post',
    path: '/evaluation/methods',
    tag: 'evaluation',
    permission: 'evaluation:manage',
    summary: 'A new version of the evaluation method, current from now on (weights ≥ 0 summing to 100, each indicator once)',
    body: EvaluationMethodInput,
    response: EvaluationMethod,
    status: 201,
    errors: [422],
    handler: ({ body, req }) => {
      const { principal } = requirePrincipal(req)
      const method = methods.add(body, principal.id)
      audit.record({ actorId: principal.id, actorRole: principal.role, action: 'evaluation.method', target: String(method.version), outcome: 'success', ip: clientIp(req) })
      return method
    },
  })
  api.add({
    method: 'get',
    path: '/rankings',
    tag: 'evaluation',
    permission: READ,
    summary:
      'The ranking of grids, communities, units or grid workers over the cases reported on [from, to] (Beijing), scored with the current ' +
      'or named method version; below the minimum sample a subject is listed unranked (样本不足); with each subject\'s facts for what-if',
    query: RankingQuery,
    response: Ranking,
    errors: [403, 404, 422],
    handler: ({ query, req }) => rankings.ranking(query, scopeOf(requirePrincipal(req).principal)),
  })
  api.add({
    method: 'get',
    path: '/rankings/explain',
    tag: 'evaluation',
    permission: READ,
    summary: "The cases behind one subject's figures: for each indicator, its counts and the cases that cost it points",
    query: RankingExplainQuery,
    response: RankingExplanation,
    errors: [403, 404, 422],
    handler: ({ query, req }) => rankings.explain(query, scopeOf(requirePrincipal(req).principal)),
  })
  for (const format of ['xlsx', 'csv'] as const) {
    api.add({
      method: 'get',
      path: `/rankings.${format}`,
      tag: 'evaluation',
      permission: READ,
      summary: `The ranking as ${format.toUpperCase()} (headers in Chinese and English${format === 'csv' ? ', UTF-8 with BOM so Excel reads the Chinese' : '; a sheet per level, the level asked for first'})`,
      query: RankingQuery,
      response: z.string(),
      errors: [403, 404, 422],
      handler: async ({ query, req, res }) => {
        const scope = scopeOf(requirePrincipal(req).principal)
        const ranking = rankings.ranking(query, scope)
        const name = `rankings-${ranking.level}-${ranking.from}-${ranking.to}.${format}`
        const others = RankingLevel.options.filter((l) => l !== query.level).map((level) => rankings.ranking({ ...query, level }, scope))
        const body = format === 'xlsx' ? await rankingXlsx([ranking, ...others]) : rankingCsv(ranking)
        res.set({
          'Content-Type': format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv; charset=utf-8',
          'Content-Disposition': `attachment; filename="${name}"`,
        })
        res.end(body)
      },
    })
  }
}
