import { KpiQuery, KpiReport } from '@shared/schemas/kpi'
import type { ApiRouter } from '../http/apiRouter'
import type { KpiService } from './kpiService'

/** The KPI read API: open like the other reads, since figures carry no personal data. */
export function registerKpiRoutes(api: ApiRouter, deps: { kpi: KpiService }): void {
  api.add({
    method: 'get',
    path: '/kpi',
    tag: 'kpi',
    permission: 'kpi:read',
    summary:
      'KPIs of the cases reported on the days [from, to] (Beijing; default the last 30 days), each case in its state as of now; ' +
      'optionally grouped, with the same-length period before (环比) and the same days a year before (同比)',
    query: KpiQuery,
    response: KpiReport,
    errors: [422],
    handler: ({ query }) => deps.kpi.report(query),
  })
}
