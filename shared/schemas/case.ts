import { z } from 'zod'
import { LngLat } from './geo'
import { Id } from './reference'
import { Role } from '../roles'

export const CaseState = z.enum([
  'pending_filing',
  'prefiling_check',
  'not_accepted',
  'pending_dispatch',
  'dispatched',
  'in_progress',
  'suspended',
  'pending_check',
  'closed',
  'evaluated',
])
export type CaseState = z.infer<typeof CaseState>

export const CaseAction = z.enum([
  'report',
  'request_check',
  'submit_check',
  'file',
  'file_self_handled',
  'reject',
  'dispatch',
  'return_to_intake',
  'accept',
  'return_to_dispatch',
  'request_extension',
  'approve_extension',
  'reject_extension',
  'request_suspension',
  'approve_suspension',
  'reject_suspension',
  'resume',
  'feedback',
  'check_on_site',
  'close',
  'rework',
  'follow_up',
  'evaluate',
])
export type CaseAction = z.infer<typeof CaseAction>

/** Channels of the report: how a problem reaches the center. */
export const CaseSource = z.enum(['terminal', 'camera', 'hotline', 'walk_in', 'patrol', 'district'])
export type CaseSource = z.infer<typeof CaseSource>

export const AssigneeKind = z.enum(['unit', 'team', 'worker'])
export type AssigneeKind = z.infer<typeof AssigneeKind>

export const Assignee = z.object({ kind: AssigneeKind, id: Id })
export type Assignee = z.infer<typeof Assignee>

export const Satisfaction = z.enum(['satisfied', 'fairly_satisfied', 'unsatisfied'])
export type Satisfaction = z.infer<typeof Satisfaction>

export const PendingRequest = z.enum(['extension', 'suspension'])
export type PendingRequest = z.infer<typeof PendingRequest>

/** Masked form only, e.g. 138****1234: cases and events never carry a full number. */
export const MaskedPhone = z.string().regex(/^\d{3}\*{4}\d{4}$|^\*+\d{0,4}$/)

export const Case = z.object({
  id: Id,
  /** Human case number shown on the wall, e.g. GL-20261128-0042. */
  code: z.string(),
  source: CaseSource,
  categoryCode: z.string(),
  title: z.string().min(1).max(200),
  description: z.string().max(4000),
  location: LngLat,
  address: z.string().max(200),
  gridId: Id,
  communityId: Id,
  reporterName: z.string().max(60).nullable(),
  reporterPhone: MaskedPhone.nullable(),
  urgent: z.boolean(),
  state: CaseState,
  version: z.number().int().positive(),
  assignee: Assignee.nullable(),
  /** Set while a returned case waits at an earlier step; cleared once it passes the returning step again. */
  returnedFrom: CaseState.nullable(),
  pendingRequest: PendingRequest.nullable(),
  extensions: z.number().int().min(0).max(2),
  reworks: z.number().int().min(0),
  satisfaction: Satisfaction.nullable(),
  evaluationScore: z.number().int().min(1).max(5).nullable(),
  duplicateOf: Id.nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
})
export type Case = z.infer<typeof Case>

/** One append-only history entry: who did what, when, from which state to which. */
export const CaseEvent = z.object({
  caseId: Id,
  action: CaseAction,
  from: CaseState.nullable(),
  to: CaseState,
  actorId: Id,
  actorRole: Role,
  at: z.iso.datetime(),
  reason: z.string().max(1000).nullable(),
  notes: z.string().max(4000).nullable(),
  photos: z.array(z.string().max(300)).max(20),
  assignee: Assignee.nullable(),
})
export type CaseEvent = z.infer<typeof CaseEvent>
