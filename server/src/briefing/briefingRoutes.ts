import { BriefingNotice, BriefingQuery, BriefingSummary, NoticeQuery } from '@shared/schemas/briefing'
import { type NoticeRanking, briefingNotice } from '@shared/rules/briefingNotice'
import type { ApiRouter } from '../http/apiRouter'
import type { CaseService } from '../cases/caseService'
import { createBounceKpi } from '../desk/deskBounces'
import { createDeskReads } from '../desk/deskStatements'
import type { KpiProjector } from '../kpi/kpiProjector'
import type { KpiService } from '../kpi/kpiService'
import type { ReferenceRepository } from '../reference/referenceRepository'
import type { Db } from '../store/database'
import { createBriefingReads } from './briefingReads'
import { createBriefingService } from './briefingService'
import { createEvaluationMethodRepository } from './evaluationMethods'
import { createRankingService } from './rankingService'

export interface BriefingRouteDeps {
  db: Db
  reference: ReferenceRepository
  kpi: KpiService
  projector: Pick<KpiProjector, 'catchUp'>
  cases: Pick<CaseService, 'lastSeq'>
  now: () => Date
}

/**
 * The briefing's summary and notice. Only roles that see the whole street read them (briefing:read),
 * so the scope is the query's: the street, one community or one grid.
 */
export function registerBriefingRoutes(api: ApiRouter, deps: BriefingRouteDeps) {
  const bounces = createBounceKpi({ reads: createDeskReads(deps.db), reference: deps.reference, now: deps.now, seq: () => deps.cases.lastSeq() })
  const briefing = createBriefingService({ kpi: deps.kpi, reads: createBriefingReads(deps.db), reference: deps.reference, bounces })
  const rankings = createRankingService({ ...deps, methods: createEvaluationMethodRepository(deps.db, deps.now) })

  /** The notice's 四、排名: the street's communities, a community's grids (current method); a grid has none below it. */
  function noticeRanking(query: BriefingQuery): NoticeRanking | null {
    const [kind, id] = query.scope.split(':')
    if (kind === 'grid') return null
    const level = kind === 'community' ? 'grid' : 'community'
    const ranking = rankings.ranking({ from: query.from, to: query.to, level, kind: 'all', ...(id ? { community: id } : {}) }, { kind: 'all' })
    return { level, rows: ranking.rows }
  }

  // Also at /briefing/summary, the path the briefing page's store reads it from.
  for (const path of ['/briefing', '/briefing/summary']) {
    api.add({
      method: 'get',
      path,
      tag: 'briefing',
      permission: 'briefing:read',
      summary:
        'A briefing of the cases reported on the days [from, to] (Beijing; default the last 30 days) in a scope (street, community:<id>, grid:<id>): ' +
        "the KPI API's figures with 环比/同比, funnel, step times, channels, top 部件 and 事件 with their daily trend, hotspots, overdue open cases and 推诿",
      query: BriefingQuery,
      response: BriefingSummary,
      errors: [422],
      handler: ({ query }) => briefing.summary(query),
    })
  }

  api.add({
    method: 'get',
    path: '/briefing/notice',
    tag: 'briefing',
    permission: 'briefing:read',
    summary:
      "The written notice (通报) of the same briefing, in Chinese or English: sections of text and numbers, each number with the case list query of the cases behind it",
    query: NoticeQuery,
    response: BriefingNotice,
    errors: [422],
    handler: ({ query }) => briefingNotice(briefing.summary(query), query.lang, noticeRanking(query)),
  })
  return briefing
}
