import { randomUUID } from 'node:crypto'
import type { Case } from '@shared/schemas/case'
import type { CreateCaseBody } from '@shared/schemas/caseApi'
import type {
  DistrictMessage,
  DistrictMessageView,
  DistrictMessagesQuery,
  DistrictStreets,
  EscalationRequest,
  Receipt,
  ReferralRequest,
} from '@shared/schemas/district'
import type { Principal } from '../auth/principal'
import type { Actor } from '../cases/actor'
import type { CaseService } from '../cases/caseService'
import { createError } from '../core/appError'
import type { Logger } from '../core/logger'
import type { DistrictClient } from './districtClient'
import type { DistrictLinks } from './districtConfig'
import type { DistrictRepository, OutboxMessage } from './districtRepository'

/** The peer name of a street's district in the outbox. */
export const DISTRICT_PEER = 'district'

/** Who signs for an escalation in the street's history: the district, as the unit the case went to. */
const DISTRICT_ACTOR: Actor = { id: 'district', role: 'unit_handler' }

export interface DistrictServiceDeps {
  repo: DistrictRepository
  cases: CaseService
  client: DistrictClient
  links: () => DistrictLinks
  /** This instance's name in the receipts it signs. */
  selfName: () => string
  /** A message was written: the sender should run soon. */
  wake: () => void
  log: Logger
  now: () => Date
  newId?: () => string
}

export interface DistrictService {
  /** 上报区级: the case moves to the district and its message is queued, in one transaction. */
  escalate(actor: Actor, request: EscalationRequest, alongside?: (next: Case) => void): { case: Case; messageId: string }
  /** 转办: a case for one of this district's streets, queued for sending. */
  refer(request: ReferralRequest): DistrictMessageView
  /** 签收: store a message from the other level once, and answer its receipt (the same one on a repeat). */
  receive(sender: Principal, message: DistrictMessage): Receipt
  messages(query: DistrictMessagesQuery): DistrictMessageView[]
  streets(): Promise<DistrictStreets>
  /** The sender's callback: the street's escalated case notes the district's receipt and its delay. */
  signed(message: OutboxMessage, receipt: Receipt, delayMs: number): void
}

export function createDistrictService(deps: DistrictServiceDeps): DistrictService {
  const { repo, cases, log, now } = deps
  const newId = deps.newId ?? randomUUID

  function escalate(actor: Actor, request: EscalationRequest, alongside?: (next: Case) => void) {
    if (!deps.links().upstream) {
      throw createError('ILLEGAL_TRANSITION', 'this street has no district configured (DISTRICT_URL, DISTRICT_TOKEN): nowhere to escalate to')
    }
    const id = newId()
    const moved = cases.transition(actor, request.caseId, { action: 'escalate', version: request.version, reason: request.reason, photos: [] }, (next) => {
      const at = now().toISOString()
      const body: DistrictMessage = { id, kind: 'escalation', createdAt: at, escalation: escalationOf(next, request.reason) }
      repo.enqueue({ body, peer: DISTRICT_PEER, caseId: next.id, at })
      alongside?.(next)
    })
    deps.wake()
    return { case: moved, messageId: id }
  }

  function refer(request: ReferralRequest): DistrictMessageView {
    if (!deps.links().streets.some((s) => s.id === request.streetId)) {
      throw createError('NOT_FOUND', `no linked street "${request.streetId}" (STREETS)`)
    }
    const { streetId, ...referral } = request
    const at = now().toISOString()
    const body: DistrictMessage = { id: newId(), kind: 'referral', createdAt: at, referral }
    repo.transaction(() => repo.enqueue({ body, peer: streetId, caseId: null, at }))
    deps.wake()
    return repo.list({ direction: 'out', limit: 500 }).find((m) => m.id === body.id)!
  }

  function receive(sender: Principal, message: DistrictMessage): Receipt {
    const seen = repo.received(message.id)
    if (seen) {
      repo.receivedAgain(message.id)
      return { ...seen.receipt, duplicate: true }
    }
    const filed = message.kind === 'referral' ? fileReferral(sender, message) : null
    const receipt: Receipt = {
      messageId: message.id,
      signedAt: now().toISOString(),
      signedBy: deps.selfName(),
      caseId: filed?.id ?? null,
      caseCode: filed?.code ?? null,
      duplicate: false,
    }
    repo.storeReceived({ body: message, sender: sender.name, at: receipt.signedAt, caseId: receipt.caseId, receipt })
    log.info({ messageId: message.id, kind: message.kind, caseId: receipt.caseId }, 'a message from the other level was stored and signed for')
    return receipt
  }

  /**
   * Intake under the message id as its Idempotency-Key: should this process stop between the
   * case and the inbox row, the retry finds the case instead of filing a second one.
   */
  function fileReferral(sender: Principal, message: Extract<DistrictMessage, { kind: 'referral' }>): Case {
    const { referral } = message
    const ref = referral.districtRef ? `\n区级转办编号：${referral.districtRef}` : ''
    const body: CreateCaseBody = {
      source: 'district',
      categoryCode: referral.categoryCode,
      title: referral.title,
      description: `${referral.description}${ref}`.slice(0, 4000),
      location: referral.location,
      address: referral.address,
      reporterName: null,
      reporterPhone: null,
      photos: [],
    }
    // The street's intake files it for the district's account, which the history names.
    return cases.intake({ id: sender.id, role: 'intake' }, body, message.id).case
  }

  function signed(message: OutboxMessage, receipt: Receipt, delayMs: number): void {
    const seconds = Math.round(delayMs / 1000)
    log.info({ messageId: message.id, kind: message.kind, peer: message.peer, delayMs }, 'the other level signed for a message')
    if (message.kind !== 'escalation' || !message.caseId) return
    const current = cases.current(message.caseId)
    if (current.state !== 'dispatched') {
      log.warn({ caseId: current.id, state: current.state }, 'the escalated case moved on before the district signed for it; the receipt is kept in the outbox only')
      return
    }
    const notes = `区级已签收，用时 ${seconds} 秒（${receipt.signedBy}）`
    try {
      cases.transition(DISTRICT_ACTOR, current.id, { action: 'accept', version: current.version, notes, photos: [] })
    } catch (err) {
      // The receipt is stored in the outbox either way; only the note on the case is missing.
      log.warn({ err, caseId: current.id }, 'could not note the district receipt on the escalated case')
    }
  }

  return {
    escalate,
    refer,
    receive,
    messages: (query) => repo.list(query),
    async streets() {
      const streets = await Promise.all(deps.links().streets.map((s) => deps.client.streetFigures(s)))
      return { asOf: now().toISOString(), streets }
    },
    signed,
  }
}

/** What the district learns of an escalated case: the place and the problem, no reporter. */
function escalationOf(c: Case, reason: string) {
  return {
    caseId: c.id,
    caseCode: c.code,
    categoryCode: c.categoryCode,
    title: c.title,
    description: c.description,
    location: c.location,
    address: c.address,
    gridId: c.gridId,
    communityId: c.communityId,
    urgent: c.urgent,
    reportedAt: c.createdAt,
    reason,
  }
}
