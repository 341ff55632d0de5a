import { z } from 'zod'
import { DESK_QUEUES } from '../rules/deskQueues'
import { Role } from '../roles'
import { queryInt } from './query'
import { Assignee, Case } from './case'

/** Request and response shapes of the desk API (GET /desk/queues, GET /cases/:id/suggestions). */

export const DeskQueueName = z.enum(DESK_QUEUES)
export type DeskQueueName = z.infer<typeof DeskQueueName>

/** shared/rules/caseBounce.ts's verdict on a case's history, for the 推诿 flag and its path. */
export const CaseBounceInfo = z.object({
  bounced: z.boolean(),
  returns: z.number().int().min(0),
  reworks: z.number().int().min(0),
  /** Each dispatch's assignee in order, repeats in a row folded: A → B → A. */
  path: z.array(Assignee),
  handlers: z.number().int().min(0),
  reasons: z.array(z.enum(['returns', 'handlers', 'reworks'])),
})
export type CaseBounceInfo = z.infer<typeof CaseBounceInfo>

/**
 * A case as a queue lists it: the case list's item with its bounce verdict; `bounced` repeats
 * `bounce.bounced` so a DeskCase is what shared/rules/deskQueues.ts reads (the desk re-sorts live changes).
 */
export const DeskCase = Case.extend({ bounced: z.boolean(), bounce: CaseBounceInfo })
export type DeskCase = z.infer<typeof DeskCase>

export const DeskQueueList = z.object({
  queue: DeskQueueName,
  /** Every open case in the queue within the caller's scope, not only those listed. */
  count: z.number().int().min(0),
  /** The first `limit` in queue order: urgent first, then least time left, then oldest. */
  items: z.array(DeskCase),
})
export type DeskQueueList = z.infer<typeof DeskQueueList>

export const DeskQueuesQuery = z.object({
  /** Cases listed per queue (the counts are always whole). */
  limit: queryInt(1, 200).default(50),
})
export type DeskQueuesQuery = z.infer<typeof DeskQueuesQuery>

export const DeskQueues = z.object({
  role: Role,
  /** The queues this role works, the one it opens on first (QUEUES_BY_ROLE). */
  works: z.array(DeskQueueName),
  /** Every queue, in DESK_QUEUES order. */
  queues: z.array(DeskQueueList),
  /** Event sequence number the queues were read at: resume the stream from here to stay in step. */
  seq: z.number().int().min(0),
})
export type DeskQueues = z.infer<typeof DeskQueues>

/** One reason of a candidate, as shared/rules/assignmentRanking.ts gives it, with its words in both languages. */
export const SuggestionReason = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('responsible') }),
  z.object({ kind: z.literal('grid_team') }),
  z.object({ kind: z.literal('grid_worker') }),
  z.object({ kind: z.literal('on_duty') }),
  z.object({ kind: z.literal('distance'), metres: z.number().int().min(0) }),
  z.object({ kind: z.literal('load'), open: z.number().int().min(0) }),
  z.object({ kind: z.literal('on_time'), rate: z.number().min(0).max(1), closed: z.number().int().min(0) }),
  z.object({ kind: z.literal('few_cases'), closed: z.number().int().min(0) }),
])
export type SuggestionReason = z.infer<typeof SuggestionReason>

export const SuggestionCandidate = z.object({
  assignee: Assignee,
  name: z.string(),
  responsible: z.boolean(),
  ofGrid: z.boolean(),
  distanceM: z.number().min(0).nullable(),
  openLoad: z.number().int().min(0),
  categoryClosed: z.number().int().min(0),
  categoryOnTime: z.number().int().min(0),
  score: z.number(),
  reasons: z.array(SuggestionReason),
  /** The reasons in the dispatcher's words, joined: 责任单位 · 在办 12 件 · 本类按期率 96%. */
  text: z.object({ zh: z.string(), en: z.string() }),
})
export type SuggestionCandidate = z.infer<typeof SuggestionCandidate>

export const SuggestionsQuery = z.object({
  limit: queryInt(1, 50).default(10),
})
export type SuggestionsQuery = z.infer<typeof SuggestionsQuery>

export const Suggestions = z.object({
  caseId: z.string(),
  /** The case's version the suggestion was made for: dispatch with it. */
  version: z.number().int().positive(),
  categoryCode: z.string(),
  gridId: z.string(),
  candidates: z.array(SuggestionCandidate),
})
export type Suggestions = z.infer<typeof Suggestions>
