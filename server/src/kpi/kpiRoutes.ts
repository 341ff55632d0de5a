import { KpiQuery, KpiReport } from '@shared/schemas/kpi'
import { requirePrincipal } from '../auth/requestAuth'
import { scopeOf } from '../cases/caseScope'
import type { ApiRouter } from '../http/apiRouter'
import type { KpiService } from './kpiService'

/**
 * The KPI read API: open like the other reads, since figures carry no personal data. A scoped
 * account (community station, unit, grid worker) gets its own scope's figures, from who it is;
 * no parameter widens them.
 */
export function registerKpiRoutes(api: ApiRouter, deps: { kpi: KpiService }): void {
  api.add({
    method: 'get',
    path: '/kpi',
    tag: 'kpi',
    permission: 'kpi:read',
    summary:
      'KPIs of the cases reported on the days [from, to] (Beijing; default the last 30 days), each case in its state as of now; ' +
      'optionally grouped, with the same-length period before (环比) and the same days a year before (同比); ' +
      "a community station, unit or grid worker gets only its own scope's figures",
    query: KpiQuery,
    response: KpiReport,
    errors: [422],
    handler: ({ query, req }) => deps.kpi.report(query, scopeOf(requirePrincipal(req).principal)),
  })
}
