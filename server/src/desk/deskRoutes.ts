import { hasPermission } from '@shared/permissions'
import { CaseIdParams } from '@shared/schemas/caseApi'
import type { LngLat } from '@shared/schemas/geo'
import { DeskQueues, DeskQueuesQuery, Suggestions, SuggestionsQuery } from '@shared/schemas/deskApi'
import { KpiBounces, KpiBouncesQuery } from '@shared/schemas/kpi'
import type { AuditLog } from '../auth/auditLog'
import { requirePrincipal } from '../auth/requestAuth'
import { caseAccess } from '../cases/caseAccess'
import { scopeOf } from '../cases/caseScope'
import type { CaseService } from '../cases/caseService'
import type { ApiRouter } from '../http/apiRouter'
import type { ReferenceRepository } from '../reference/referenceRepository'
import type { Db } from '../store/database'
import { createAssignmentFacts } from './assignmentFacts'
import { createBounceKpi } from './deskBounces'
import { deskQueues } from './deskQueueService'
import { createDeskReads } from './deskStatements'

export interface DeskDeps {
  db: Db
  reference: ReferenceRepository
  cases: CaseService
  audit: AuditLog
  /** The case engine's clock: the on-time window ends at its now. */
  now: () => Date
  /** A worker's fresh position, if on duty (the positions domain): the suggestion's on-duty and distance. */
  freshFix?: (workerId: string) => LngLat | null
}

/** The desk's reads: the queues of the caller's scope, and the explained assignment suggestion of a case. */
export function registerDeskRoutes(api: ApiRouter, deps: DeskDeps): void {
  const { cases } = deps
  const reads = createDeskReads(deps.db)
  const assignment = createAssignmentFacts({ reads, reference: deps.reference, now: deps.now, ...(deps.freshFix ? { freshFix: deps.freshFix } : {}) })
  const caseInScope = caseAccess({ cases, audit: deps.audit })
  const bounceKpi = createBounceKpi({ reads, reference: deps.reference, now: deps.now, seq: () => cases.lastSeq() })

  api.add({
    method: 'get',
    path: '/desk/queues',
    tag: 'desk',
    permission: 'desk:work',
    summary:
      "The desk's queues of open cases in the caller's scope (community, unit or all): each queue's count and its first `limit` cases in queue order, each with its bounce (推诿) verdict and path, plus the queues the caller's role works. `seq` is where to resume the event stream.",
    query: DeskQueuesQuery,
    response: DeskQueues,
    handler: ({ query, req }) => {
      const { principal } = requirePrincipal(req)
      // Read first: a change committed after it is replayed from `seq`, so none falls between.
      const seq = cases.lastSeq()
      return deskQueues(reads, { role: principal.role, scope: scopeOf(principal) }, query.limit, seq)
    },
  })

  api.add({
    method: 'get',
    path: '/cases/:id/suggestions',
    tag: 'desk',
    permission: 'desk:work',
    summary:
      "Ranked assignment candidates for a case: the 小类's responsible unit, the teams serving its grid and the grid's workers (for callers who may read the roster), each with its score and reasons (structured, and in Chinese and English words: 责任单位 · 在办 12 件 · 本类按期率 96%).",
    params: CaseIdParams,
    query: SuggestionsQuery,
    response: Suggestions,
    errors: [403, 404],
    handler: ({ params, query, req }) => {
      const c = caseInScope(req, params.id)
      // Grid workers are named people: offered only to those who may read the roster (workers:read).
      return assignment.suggest(c, query.limit, { withWorkers: hasPermission(requirePrincipal(req).principal.role, 'workers:read') })
    },
  })

  // A KPI, so open to every reader of KPIs (the wall's feed badges from `open`), but computed from the
  // histories the desk reads: it lives beside the desk's other 推诿 reads.
  api.add({
    method: 'get',
    path: '/kpi/bounces',
    tag: 'kpi',
    permission: 'kpi:read',
    summary:
      "推诿 (bounced cases) as a KPI in the caller's scope: per unit, team or worker the bounced cases reported on the days [from, to] " +
      '(Beijing; default the last 30 days) whose path passed through it, most first; and every open bounced case now with its path, ' +
      "which the wall's feed badges",
    query: KpiBouncesQuery,
    response: KpiBounces,
    errors: [422],
    handler: ({ query, req }) => bounceKpi(query, scopeOf(requirePrincipal(req).principal)),
  })
}
