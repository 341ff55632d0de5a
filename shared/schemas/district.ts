import { z } from 'zod'
import { Case } from './case'
import { LngLat } from './geo'
import { KpiFigures } from './kpi'
import { queryInt } from './query'
import { Id } from './reference'

/**
 * The district level (四级联动): what a street and its district platform send each other, the
 * receipt (签收) the receiver answers once the message is stored, and the district's views.
 * Messages between instances are strict: a field the receiver does not know is refused (422),
 * never dropped, so two versions that disagree find out on the first message.
 */

/** The message id, also its Idempotency-Key: the receiver files a message id once. */
export const MessageId = z.uuid()

const Text = (max: number) => z.string().trim().max(max)

/** A case the district platform sends down to a street (转办); the street files it with source `district`. */
export const Referral = z.strictObject({
  categoryCode: z.string().min(1).max(10),
  title: Text(200).min(1),
  description: Text(4000),
  location: LngLat,
  address: Text(200),
  /** The district's own number of the case, shown on the street's case. */
  districtRef: Text(64).nullable(),
})
export type Referral = z.infer<typeof Referral>

/** A street's case sent up to its district (上报区级). No reporter's name or phone leaves the street. */
export const Escalation = z.strictObject({
  caseId: Id,
  caseCode: z.string().min(1).max(40),
  categoryCode: z.string().min(1).max(10),
  title: Text(200).min(1),
  description: Text(4000),
  location: LngLat,
  address: Text(200),
  gridId: Id,
  communityId: Id,
  urgent: z.boolean(),
  reportedAt: z.iso.datetime(),
  reason: Text(1000).min(1),
})
export type Escalation = z.infer<typeof Escalation>

export const MessageKind = z.enum(['referral', 'escalation'])
export type MessageKind = z.infer<typeof MessageKind>

/** The body of POST /district/inbox; re-sent byte for byte on every retry. */
export const DistrictMessage = z.discriminatedUnion('kind', [
  z.strictObject({ id: MessageId, kind: z.literal('referral'), createdAt: z.iso.datetime(), referral: Referral }),
  z.strictObject({ id: MessageId, kind: z.literal('escalation'), createdAt: z.iso.datetime(), escalation: Escalation }),
])
export type DistrictMessage = z.infer<typeof DistrictMessage>

/** 签收: the receiver has stored the message durably (and filed its case, for a referral). */
export const Receipt = z.object({
  messageId: MessageId,
  /** When the receiver first stored it; a repeated delivery answers the same receipt. */
  signedAt: z.iso.datetime(),
  /** The receiving instance (its street or district name). */
  signedBy: z.string().min(1).max(100),
  /** The case filed for a referral; null for an escalation (the district queues it). */
  caseId: Id.nullable(),
  caseCode: z.string().max(40).nullable(),
  /** True when this delivery was a repeat of one already stored. */
  duplicate: z.boolean(),
})
export type Receipt = z.infer<typeof Receipt>

/** POST /district/escalations (a street's dispatcher or duty chief). */
export const EscalationRequest = z.strictObject({
  caseId: Id,
  /** The version the caller last saw, as for every step of the loop. */
  version: z.number().int().positive(),
  reason: Text(1000).min(1),
})
export type EscalationRequest = z.infer<typeof EscalationRequest>

/** The answer to an escalation: the case as it now stands, and the message queued for the district. */
export const EscalationAnswer = z.object({ case: Case, messageId: MessageId })
export type EscalationAnswer = z.infer<typeof EscalationAnswer>

/** POST /district/referrals (the district platform): a case for one of its streets. */
export const ReferralRequest = Referral.extend({
  streetId: Id,
  description: Text(4000).default(''),
  address: Text(200).default(''),
  districtRef: Text(64).nullable().default(null),
})
export type ReferralRequest = z.infer<typeof ReferralRequest>

export const MessageDirection = z.enum(['out', 'in'])
export const MessageState = z.enum(['pending', 'signed'])
export type MessageState = z.infer<typeof MessageState>

/** One message as GET /district/messages lists it, sent (outbox) or received (inbox). */
export const DistrictMessageView = z.object({
  id: MessageId,
  direction: MessageDirection,
  kind: MessageKind,
  /** Out: `district` or the street's id; in: the integration account that sent it. */
  peer: z.string(),
  title: z.string(),
  /** The case here: the escalated one (out), or the one filed for a referral (in). */
  caseId: Id.nullable(),
  state: MessageState,
  /** Out: POSTs tried so far; in: deliveries received (a retry after a lost answer counts again). */
  attempts: z.number().int().min(0),
  lastError: z.string().nullable(),
  createdAt: z.iso.datetime(),
  firstSentAt: z.iso.datetime().nullable(),
  signedAt: z.iso.datetime().nullable(),
  /** 签收用时: first send to the receipt, in milliseconds. */
  signDelayMs: z.number().int().min(0).nullable(),
  receipt: Receipt.nullable(),
})
export type DistrictMessageView = z.infer<typeof DistrictMessageView>

export const DistrictMessagesQuery = z.object({
  direction: MessageDirection.optional(),
  state: MessageState.optional(),
  limit: queryInt(1, 500).default(100),
})
export type DistrictMessagesQuery = z.infer<typeof DistrictMessagesQuery>

export const DistrictMessages = z.object({ items: z.array(DistrictMessageView) })
export type DistrictMessages = z.infer<typeof DistrictMessages>

/** One linked street's figures (its own GET /kpi, the default last 30 days), or why they are missing. */
export const StreetFigures = z.discriminatedUnion('status', [
  z.object({ id: Id, name: z.string(), status: z.literal('ok'), from: z.string(), to: z.string(), asOf: z.iso.datetime(), figures: KpiFigures }),
  z.object({ id: Id, name: z.string(), status: z.literal('unreachable'), error: z.string() }),
])
export type StreetFigures = z.infer<typeof StreetFigures>

export const DistrictStreets = z.object({ asOf: z.iso.datetime(), streets: z.array(StreetFigures) })
export type DistrictStreets = z.infer<typeof DistrictStreets>
