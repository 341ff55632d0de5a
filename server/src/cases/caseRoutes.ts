import type { Request } from 'express'
import { z } from 'zod'
import { Case } from '@shared/schemas/case'
import {
  CaseIdParams,
  CaseListQuery,
  CasePage,
  CaseWithHistory,
  CreateCaseBody,
  EventsPage,
  EventsQuery,
  PossibleDuplicates,
  PossibleDuplicatesQuery,
  TransitionBody,
} from '@shared/schemas/caseApi'
import type { AuditLog } from '../auth/auditLog'
import { clientIp, requirePrincipal } from '../auth/requestAuth'
import { type ApiRouter, reply } from '../http/apiRouter'
import type { NamedPhotosCheck } from '../photos/casePhotos'
import { type Actor, type ActorOf, ON_BEHALF_OF_HEADER } from './actor'
import { caseAccess } from './caseAccess'
import { inScope, scopedQuery, scopeOf } from './caseScope'
import { IdempotencyKey } from './caseIntake'
import type { CaseService } from './caseService'

const IDEMPOTENCY_KEY_HEADER = {
  name: 'Idempotency-Key',
  description: 'Makes a retried report safe: the same key with the same body answers 200 with the case the first one made; with another body, 422 IDEMPOTENCY_MISMATCH.',
  schema: z.string().regex(IdempotencyKey),
}

const RevealBody = z.object({
  /** Why the number is needed (a call-back, a follow-up): kept in the audit log. */
  purpose: z.string().trim().min(2, 'say why the number is needed').max(200),
})

/**
 * The case API. The actor of a write is the signed-in caller (or the person an integration acts
 * for); scoped roles see and work only the cases of their community, unit or grid.
 */
export function registerCaseRoutes(api: ApiRouter, deps: { cases: CaseService; audit: AuditLog; actorOf: ActorOf; namedPhotos: NamedPhotosCheck }): void {
  const { cases, audit, actorOf, namedPhotos } = deps
  /** A photo id a case names must be one the caller (or the person an integration acts for) uploaded. */
  const photosOf = (req: Request, actor: Actor, photos: readonly string[]) => namedPhotos(photos, [actor.id, requirePrincipal(req).principal.id])

  const caseInScope = caseAccess({ cases, audit })

  api.add({
    method: 'post',
    path: '/cases',
    tag: 'cases',
    permission: 'cases:report',
    summary:
      'Report a case from any channel. The location resolves to its grid; an Idempotency-Key header makes retries safe (201 first time, 200 with the same case after).',
    headers: [IDEMPOTENCY_KEY_HEADER, ON_BEHALF_OF_HEADER],
    body: CreateCaseBody,
    response: Case,
    status: 201,
    errors: [401, 403, 422],
    handler: async ({ body, req }) => {
      const actor = actorOf(req, 'cases:report')
      const linkPhotos = photosOf(req, actor, body.photos)
      // Group commit: the answer waits for the batch this report joined to be durable.
      const result = await cases.intakeGrouped(actor, body, req.get('idempotency-key') ?? null)
      linkPhotos(result.case.id)
      return result.created
        ? reply(201, result.case, { Location: `/api/v1/cases/${result.case.id}` })
        : reply(200, result.case, { 'Idempotent-Replayed': 'true' })
    },
  })

  api.add({
    method: 'get',
    path: '/cases/possible-duplicates',
    tag: 'cases',
    permission: 'cases:report',
    summary: 'Open cases of the same 小类 within 50 m reported in the last 72 h, from any channel, nearest first: what a call being registered may repeat (merge instead of filing twice)',
    query: PossibleDuplicatesQuery,
    response: PossibleDuplicates,
    handler: ({ query }) => cases.possibleDuplicates(query),
  })

  api.add({
    method: 'get',
    path: '/cases',
    tag: 'cases',
    permission: 'cases:read',
    summary: 'Cases, newest first, filtered and paged with an opaque cursor; `seq` is where to resume the event stream. Scoped roles get their own cases only.',
    query: CaseListQuery,
    response: CasePage,
    handler: ({ query, req }) => {
      const scoped = scopedQuery(scopeOf(requirePrincipal(req).principal), query)
      return scoped ? cases.list(scoped) : { items: [], nextCursor: null, seq: cases.lastSeq() }
    },
  })

  api.add({
    method: 'get',
    path: '/cases/:id',
    tag: 'cases',
    permission: 'cases:read',
    summary: 'One case with its append-only history',
    params: CaseIdParams,
    response: CaseWithHistory,
    errors: [403, 404],
    handler: ({ params, req }) => {
      caseInScope(req, params.id)
      return cases.get(params.id)
    },
  })

  api.add({
    method: 'post',
    path: '/cases/:id/transitions',
    tag: 'cases',
    permission: 'cases:act',
    summary:
      'Move a case through the loop. `version` must be the current one (409 VERSION_CONFLICT with the current case otherwise); an action the state or role does not allow is 409 / 403, a missing reason 422.',
    headers: [ON_BEHALF_OF_HEADER],
    params: CaseIdParams,
    body: TransitionBody,
    response: Case,
    errors: [401, 403, 404, 409, 422],
    handler: ({ params, body, req }) => {
      const { principal } = requirePrincipal(req)
      const before = caseInScope(req, params.id)
      const actor = actorOf(req, 'cases:act')
      const linkPhotos = photosOf(req, actor, body.photos)
      const ip = clientIp(req)
      const entry = { actorId: principal.id, actorRole: principal.role, action: 'case.transition', target: params.id, ip }
      const details = { action: body.action, from: before.state, ...(actor.id !== principal.id ? { onBehalfOf: `${actor.role}/${actor.id}` } : {}) }
      try {
        // The audit entry commits with the transition: no decision is durable without its record.
        const moved = cases.transition(actor, params.id, body, (next) => audit.record({ ...entry, outcome: 'success', details: { ...details, to: next.state } }))
        linkPhotos(params.id)
        return moved
      } catch (err) {
        const code = (err as { code?: unknown }).code
        audit.record({ ...entry, outcome: code === 'ROLE_FORBIDDEN' ? 'refused' : 'failure', details: { ...details, code: typeof code === 'string' ? code : 'INTERNAL' } })
        throw err
      }
    },
  })

  api.add({
    method: 'post',
    path: '/cases/:id/reveal-phone',
    tag: 'cases',
    permission: 'cases:reveal_phone',
    summary: "The reporter's phone number in full, for a call-back; every reveal is audited with its purpose",
    params: CaseIdParams,
    body: RevealBody,
    response: z.object({ reporterPhone: z.string().nullable() }),
    errors: [403, 404],
    handler: ({ params, body, req, res }) => {
      const { principal } = requirePrincipal(req)
      caseInScope(req, params.id)
      const phone = cases.reporterPhone(params.id)
      audit.record({ actorId: principal.id, actorRole: principal.role, action: 'case.reveal_phone', target: params.id, outcome: 'success', ip: clientIp(req), details: { purpose: body.purpose } })
      res.set('Cache-Control', 'no-store')
      return { reporterPhone: phone }
    },
  })

  api.add({
    method: 'get',
    path: '/events',
    tag: 'cases',
    permission: 'events:read',
    summary: 'Committed changes after `since`, in order; `reload: true` when too far behind to replay. Scoped roles get their own cases\' events only (their seqs have gaps).',
    query: EventsQuery,
    response: EventsPage,
    handler: ({ query, req }) => {
      const scope = scopeOf(requirePrincipal(req).principal)
      const page = cases.events(query)
      return scope.kind === 'all' ? page : { ...page, events: page.events.filter((e) => inScope(scope, e.case)) }
    },
  })
}
