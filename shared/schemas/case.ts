import { z } from 'zod'
import { LngLat } from './geo'
import { Id, TimeLimit } from './reference'
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
  /** A duplicate folded into another open case (see `merge`); terminal, and not counted as closed. */
  'merged',
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
  /** On a case flagged `duplicateOf`: fold it into that case. */
  'merge',
  /** On a case flagged `duplicateOf`: not a duplicate after all; clears the flag. */
  'keep_separate',
  /** 上报区级: a filed case handed to the district platform (POST /district/escalations only, with its outbox message). */
  'escalate',
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

export const TimerName = z.enum(['intake', 'dispatch', 'handling', 'check', 'whole'])
export type TimerName = z.infer<typeof TimerName>

/**
 * One clock of a case. Durations are counted on the timer's own clock (office time for the
 * working clocks), so `remainingMs` of a working-hours timer does not shrink at night.
 * Which step starts and stops each timer, and the limits of the steps other than handling,
 * are in shared/caseTimers.ts.
 */
export const CaseTimer = z.object({
  /** The original limit of this step; an approved extension adds one more of it (handling, whole). */
  limit: TimeLimit,
  /** Total allowed on the timer's clock, extensions included. */
  allowedMs: z.number().int().min(0),
  /** Null: the step has not been reached yet. */
  startedAt: z.iso.datetime().nullable(),
  /** Clock time not counted so far: approved suspensions, and waiting for a check before a rework. */
  pausedMs: z.number().int().min(0),
  /** Set while paused (suspended): the deadline is then unknown. */
  pausedSince: z.iso.datetime().nullable(),
  /** When the timed step was completed; the clock stops there. */
  stoppedAt: z.iso.datetime().nullable(),
  /** Null when not started or paused. Kept after the step is done, to compare with `stoppedAt`. */
  deadline: z.iso.datetime().nullable(),
  /** Left on the timer's clock as of the case's `timersAsOf` (frozen once stopped); negative when late. */
  remainingMs: z.number().int(),
  /** Running with less than 20% of `allowedMs` left, and not late. */
  atRisk: z.boolean(),
  /** Running past the deadline, or stopped after it. */
  late: z.boolean(),
})
export type CaseTimer = z.infer<typeof CaseTimer>

export const CaseTimers = z.object({
  /** Report to filing (or not-accepted): half a working day, docs/domain.md's hotline rule, for every channel. */
  intake: CaseTimer,
  /** Each entry into pending dispatch to the dispatch. */
  dispatch: CaseTimer,
  /** Dispatch to feedback: the category's limit. */
  handling: CaseTimer,
  /** Each entry into pending check to close or rework. */
  check: CaseTimer,
  /** Report to close. */
  whole: CaseTimer,
})
export type CaseTimers = z.infer<typeof CaseTimers>

/** A report folded into this case by `merge`: both reports are kept under one case. */
export const MergedReport = z.object({
  caseId: Id,
  code: z.string(),
  source: CaseSource,
  title: z.string().max(200),
  description: z.string().max(4000),
  location: LngLat,
  address: z.string().max(200),
  reporterName: z.string().max(60).nullable(),
  reporterPhone: MaskedPhone.nullable(),
  reportedAt: z.iso.datetime(),
  mergedAt: z.iso.datetime(),
})
export type MergedReport = z.infer<typeof MergedReport>

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
  /**
   * Possible duplicate: an open case of the same 小类 within 50 m and 24 h when this one was
   * reported. Cleared by `keep_separate`; kept on a merged case, naming the case it went into.
   */
  duplicateOf: Id.nullable(),
  /** Reports merged into this case, oldest first. */
  mergedReports: z.array(MergedReport),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  timers: CaseTimers,
  /** The instant the timer figures (remainingMs, atRisk, overdue) were computed at. */
  timersAsOf: z.iso.datetime(),
  /** Deadline of the running step's timer (intake, dispatch, handling or check); null when none runs or it is paused. */
  deadline: z.iso.datetime().nullable(),
  /** Left on the running step's timer, on its clock; negative when overdue; null when no step is timed. */
  remainingMs: z.number().int().nullable(),
  /** The running step has less than 20% of its limit left. */
  atRisk: z.boolean(),
  /** The running step is past its deadline. (Whole-case lateness is `timers.whole.late`.) */
  overdue: z.boolean(),
  /** When the case was (last) closed; cleared if an unsatisfied follow-up reopens it. */
  closedAt: z.iso.datetime().nullable(),
  /** Closed after the whole-case deadline. */
  closedLate: z.boolean(),
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
  /** The field terminal (360-terminal registry id) the step was reported from; absent otherwise (issue 16). */
  terminalId: Id.optional(),
})
export type CaseEvent = z.infer<typeof CaseEvent>
