import {
  DistrictMessage,
  DistrictMessageView,
  DistrictMessages,
  DistrictMessagesQuery,
  DistrictStreets,
  EscalationAnswer,
  EscalationRequest,
  MessageId,
  Receipt,
  ReferralRequest,
} from '@shared/schemas/district'
import type { AuditLog } from '../auth/auditLog'
import { clientIp, requirePrincipal } from '../auth/requestAuth'
import type { ActorOf } from '../cases/actor'
import { createError } from '../core/appError'
import { type ApiRouter, reply } from '../http/apiRouter'
import type { DistrictService } from './districtService'

const IDEMPOTENCY_HEADER = {
  name: 'Idempotency-Key',
  description: 'The message id (required): a repeated delivery of the same id is stored once and answered the same receipt.',
  schema: MessageId,
}

/** The district level's API: escalate, refer, receive (the other instance), and the views. */
export function registerDistrictRoutes(api: ApiRouter, deps: { district: DistrictService; audit: AuditLog; actorOf: ActorOf }): void {
  const { district, audit, actorOf } = deps

  api.add({
    method: 'post',
    path: '/district/escalations',
    tag: 'district',
    permission: 'district:refer',
    summary: '上报区级: hand a case pending dispatch to the district platform (reason required); it is dispatched to the district and a message is queued until the district signs for it',
    body: EscalationRequest,
    response: EscalationAnswer,
    status: 202,
    errors: [404, 409, 422],
    handler: ({ body, req }) => {
      const actor = actorOf(req, 'district:refer')
      const entry = { actorId: requirePrincipal(req).principal.id, actorRole: actor.role, action: 'district.escalate', target: body.caseId, ip: clientIp(req) }
      // The audit entry commits with the case change and its outbox message.
      return district.escalate(actor, body, () => audit.record({ ...entry, outcome: 'success', details: { version: body.version } }))
    },
  })

  api.add({
    method: 'post',
    path: '/district/referrals',
    tag: 'district',
    permission: 'district:refer',
    summary: '转办 (on a district): send a case to one of the linked streets (STREETS); queued until the street files it and signs for it',
    body: ReferralRequest,
    response: DistrictMessageView,
    status: 202,
    errors: [404, 422],
    handler: ({ body, req }) => {
      const queued = district.refer(body)
      const { principal } = requirePrincipal(req)
      audit.record({ actorId: principal.id, actorRole: principal.role, action: 'district.refer', target: body.streetId, outcome: 'success', ip: clientIp(req), details: { messageId: queued.id } })
      return queued
    },
  })

  api.add({
    method: 'post',
    path: '/district/inbox',
    tag: 'district',
    permission: 'district:receive',
    summary:
      'For the other level only: a referral (filed as a case with source district) or an escalation (queued on the district); answers the receipt (签收) once stored, ' +
      'the same receipt again for a repeated message id',
    headers: [IDEMPOTENCY_HEADER],
    body: DistrictMessage,
    response: Receipt,
    status: 201,
    errors: [422],
    handler: ({ body, req }) => {
      const key = req.get('idempotency-key')
      if (key !== body.id) throw createError('VALIDATION_FAILED', 'Idempotency-Key must be sent and equal the message id')
      const receipt = district.receive(requirePrincipal(req).principal, body)
      return reply(receipt.duplicate ? 200 : 201, receipt)
    },
  })

  api.add({
    method: 'get',
    path: '/district/messages',
    tag: 'district',
    permission: 'district:read',
    summary: 'Messages to and from the other level, newest first: state (pending, signed), attempts, last error and the sign-for delay (签收用时)',
    query: DistrictMessagesQuery,
    response: DistrictMessages,
    errors: [422],
    handler: ({ query }) => ({ items: district.messages(query) }),
  })

  api.add({
    method: 'get',
    path: '/district/streets',
    tag: 'district',
    permission: 'district:read',
    summary: "On a district: each linked street's KPI figures side by side (its own GET /kpi, last 30 days); a street that does not answer in time is marked unreachable",
    response: DistrictStreets,
    handler: () => district.streets(),
  })
}
