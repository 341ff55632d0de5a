import { Case } from '@shared/schemas/case'
import {
  CaseIdParams,
  CaseListQuery,
  CasePage,
  CaseWithHistory,
  CreateCaseBody,
  EventsPage,
  EventsQuery,
  TransitionBody,
} from '@shared/schemas/caseApi'
import { type ApiRouter, reply } from '../http/apiRouter'
import { actorFrom } from './actor'
import type { CaseService } from './caseService'

/**
 * The case API. Writes name their actor (see actor.ts); reads are open like the reference API,
 * since every case they return is already masked.
 */
export function registerCaseRoutes(api: ApiRouter, deps: { cases: CaseService }): void {
  const { cases } = deps

  api.add({
    method: 'post',
    path: '/cases',
    tag: 'cases',
    summary:
      'Report a case from any channel. The location resolves to its grid; an Idempotency-Key header makes retries safe (201 first time, 200 with the same case after).',
    body: CreateCaseBody,
    response: Case,
    status: 201,
    errors: [401, 403, 422],
    handler: async ({ body, req }) => {
      const actor = actorFrom(req)
      // Group commit: the answer waits for the batch this report joined to be durable.
      const result = await cases.intakeGrouped(actor, body, req.get('idempotency-key') ?? null)
      return result.created
        ? reply(201, result.case, { Location: `/api/v1/cases/${result.case.id}` })
        : reply(200, result.case, { 'Idempotent-Replayed': 'true' })
    },
  })

  api.add({
    method: 'get',
    path: '/cases',
    tag: 'cases',
    summary: 'Cases, newest first, filtered and paged with an opaque cursor; `seq` is where to resume the event stream',
    query: CaseListQuery,
    response: CasePage,
    handler: ({ query }) => cases.list(query),
  })

  api.add({
    method: 'get',
    path: '/cases/:id',
    tag: 'cases',
    summary: 'One case with its append-only history',
    params: CaseIdParams,
    response: CaseWithHistory,
    errors: [404],
    handler: ({ params }) => cases.get(params.id),
  })

  api.add({
    method: 'post',
    path: '/cases/:id/transitions',
    tag: 'cases',
    summary:
      'Move a case through the loop. `version` must be the current one (409 VERSION_CONFLICT with the current case otherwise); an action the state or role does not allow is 409 / 403, a missing reason 422.',
    params: CaseIdParams,
    body: TransitionBody,
    response: Case,
    errors: [401, 403, 404, 409, 422],
    handler: ({ params, body, req }) => cases.transition(actorFrom(req), params.id, body),
  })

  api.add({
    method: 'get',
    path: '/events',
    tag: 'cases',
    summary: 'Committed changes after `since`, in order; `reload: true` when too far behind to replay',
    query: EventsQuery,
    response: EventsPage,
    handler: ({ query }) => cases.events(query),
  })
}
