import { ReplayQuery, ReplayTimeline } from '@shared/schemas/replay'
import { requirePrincipal } from '../auth/requestAuth'
import { scopeOf } from '../cases/caseScope'
import type { ApiRouter } from '../http/apiRouter'
import type { ReferenceRepository } from '../reference/referenceRepository'
import type { Db } from '../store/database'
import { createReplayService } from './replayService'
import { createReplayReads } from './replayStatements'

/** The replay (回放) of a past period for the briefing: one read of the case histories, answered compact. */
export function registerReplayRoutes(api: ApiRouter, deps: { db: Db; reference: ReferenceRepository; now: () => Date }): void {
  const replay = createReplayService({ reads: createReplayReads(deps.db), reference: deps.reference, now: deps.now })
  api.add({
    method: 'get',
    path: '/replay',
    tag: 'briefing',
    permission: 'briefing:read',
    summary:
      'The replay timeline of the Beijing days [from, to] (at most 31) in a scope (street, community:<id> or grid:<id>): ' +
      'every case open at some instant of the period, as [id, lng, lat, [[epoch ms, state entered], …]] with its state changes ' +
      "up to the period's end",
    query: ReplayQuery,
    response: ReplayTimeline,
    errors: [403, 422],
    handler: ({ query, req }) => replay(query, scopeOf(requirePrincipal(req).principal)),
  })
}
