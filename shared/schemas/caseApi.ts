import { z } from 'zod'
import { DISTRICT_ACTIONS } from '../caseMachine'
import { LngLat } from './geo'
import { MAX_FIELD_PHOTOS, PhotoId } from './photo'
import { queryInt } from './query'
import { Id } from './reference'
import { Assignee, Case, CaseAction, CaseEvent, CaseSource, CaseState, Satisfaction } from './case'

/** Request and response shapes of the case API and the event stream, shared by server and client. */

/**
 * A reporter's phone as typed by an operator: spaces and dashes are allowed, an optional +86 / 0086
 * prefix is dropped, and what remains is stored as 7-12 digits (landline or mobile).
 */
export const ReporterPhoneInput = z
  .string()
  .trim()
  .transform((s) => s.replace(/[\s-]/g, '').replace(/^(\+86|0086)(?=\d{11}$)/, ''))
  .pipe(z.string().regex(/^\d{7,12}$/, 'a phone number is 7-12 digits'))

const Photo = z.string().min(1).max(300)
/**
 * A case names its photos by id (`ph_…`, uploaded first: POST /photos), or by the URL strings of
 * older clients and the demo. A report or a feedback from the field carries at most 9 photo ids;
 * the 20 entries stay the ceiling of everything else.
 */
const Photos = z
  .array(Photo)
  .max(20)
  .refine((photos) => photos.filter((p) => PhotoId.safeParse(p).success).length <= MAX_FIELD_PHOTOS, `at most ${MAX_FIELD_PHOTOS} photo ids (ph_…) in one report or feedback`)
  .default([])
const Text = (max: number) => z.string().trim().max(max)

export const CreateCaseBody = z.object({
  source: CaseSource,
  categoryCode: z.string().min(1).max(10),
  title: Text(200).min(1),
  description: Text(4000).default(''),
  location: LngLat,
  address: Text(200).default(''),
  reporterName: Text(60).min(1).nullable().default(null),
  reporterPhone: ReporterPhoneInput.nullable().default(null),
  photos: Photos,
  /**
   * The open case an intake operator chose to merge this call into: it must be one of the call's
   * possible duplicates (same 小类, 50 m, 72 h), else 422. Without it the server flags the nearest itself (24 h).
   */
  duplicateOf: Id.optional(),
})
export type CreateCaseBody = z.infer<typeof CreateCaseBody>

/** A transition of the loop; which optional fields are needed depends on the action (see caseMachine). */
export const TransitionBody = z.object({
  // An escalation is sent to the district with the case change (POST /district/escalations), never alone.
  // (A boolean test, not a type guard: the service itself takes the district's steps with this type.)
  action: CaseAction.exclude(['report']).refine((a) => !DISTRICT_ACTIONS.includes(a), 'escalate through POST /district/escalations, which also sends it to the district'),
  /** The version the caller last saw; a stale one is refused with 409 VERSION_CONFLICT. */
  version: z.number().int().positive(),
  reason: Text(1000).nullable().optional(),
  notes: Text(4000).nullable().optional(),
  photos: Photos,
  assignee: Assignee.nullable().optional(),
  satisfaction: Satisfaction.nullable().optional(),
  score: z.number().int().min(1).max(5).nullable().optional(),
})
export type TransitionBody = z.infer<typeof TransitionBody>

export const CaseIdParams = z.object({ id: Id })
export type CaseIdParams = z.infer<typeof CaseIdParams>

export const CaseWithHistory = Case.extend({ history: z.array(CaseEvent) })
export type CaseWithHistory = z.infer<typeof CaseWithHistory>

/** Query strings arrive as text; `state` may repeat (`state=a&state=b`) or be comma-separated. */
const States = z
  .union([z.string(), z.array(z.string())])
  .transform((v) => (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')).filter((s) => s !== ''))
  .pipe(z.array(CaseState).min(1))

const queryFlag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1')

export const CaseListQuery = z.object({
  state: States.optional(),
  gridId: Id.optional(),
  communityId: Id.optional(),
  categoryCode: z.string().min(1).max(10).optional(),
  source: CaseSource.optional(),
  /** Assignee id: a unit, a team or a worker. */
  unit: Id.optional(),
  overdue: queryFlag.optional(),
  atRisk: queryFlag.optional(),
  /** createdAt ≥ from */
  from: z.iso.datetime({ offset: true }).optional(),
  /** createdAt < to */
  to: z.iso.datetime({ offset: true }).optional(),
  /** Text search in title, description, address and case code. */
  q: z.string().trim().min(1).max(100).optional(),
  cursor: z.string().regex(/^[A-Za-z0-9_-]{1,200}$/, 'not a cursor from this API').optional(),
  limit: queryInt(1, 200).default(50),
})
export type CaseListQuery = z.infer<typeof CaseListQuery>

export const CasePage = z.object({
  items: z.array(Case),
  nextCursor: z.string().nullable(),
  /** Event sequence number the page was read at: resume the stream from here to stay in step. */
  seq: z.number().int().min(0),
})
export type CasePage = z.infer<typeof CasePage>

/**
 * reported: intake; transitioned: a workflow action (for `merge`, both cases get one);
 * at_risk / overdue: a timer flag changed as time passed, with no one acting (action `clock`).
 */
export const StreamEventType = z.enum(['reported', 'transitioned', 'at_risk', 'overdue'])
export type StreamEventType = z.infer<typeof StreamEventType>

/** What caused a stream event: a case action, or `clock` for the deadline ticker. */
export const StreamAction = z.union([CaseAction, z.literal('clock')])
export type StreamAction = z.infer<typeof StreamAction>

/** One committed change, in commit order; the case snapshot is masked like every other response. */
export const StreamEvent = z.object({
  seq: z.number().int().positive(),
  type: StreamEventType,
  caseId: Id,
  action: StreamAction,
  at: z.iso.datetime(),
  case: Case,
})
export type StreamEvent = z.infer<typeof StreamEvent>

export const EventsQuery = z.object({
  /** Required: an empty `since=` is refused, not read as 0 (which would replay the whole stream). */
  since: queryInt(0, Number.MAX_SAFE_INTEGER),
  limit: queryInt(1, 5000).default(1000),
})
export type EventsQuery = z.infer<typeof EventsQuery>

export const EventsPage = z.object({
  events: z.array(StreamEvent),
  /** Newest sequence number at the time of the answer. */
  lastSeq: z.number().int().min(0),
  /** More events follow the returned ones: ask again with since = `nextSince`. */
  hasMore: z.boolean(),
  /**
   * Where the next page starts: the last seq this answer looked at. For a scoped caller (a
   * community, unit or grid) events outside its scope are left out, so it can be past the last one returned.
   */
  nextSince: z.number().int().min(0),
  /** Too far behind (or ahead of a reset server): load a fresh snapshot instead of replaying. */
  reload: z.boolean(),
})
export type EventsPage = z.infer<typeof EventsPage>

/**
 * The `case:changed` broadcast: the change's sequence number and the case after it.
 * `committedAt` (live broadcasts only, not replays) is when the change became durable, so a wall
 * can show how far behind the stream it is.
 */
export const CaseChanged = z.object({ seq: z.number().int().positive(), case: Case, committedAt: z.iso.datetime().optional() })
export type CaseChanged = z.infer<typeof CaseChanged>

/** The version of the `case:batch` frame this code speaks; a client announces it in the handshake. */
export const CASE_BATCH_VERSION = 1

/**
 * The socket handshake's `auth` as far as the case stream reads it: a client that announces
 * `caseStream: 1` gets `case:batch` frames; one that does not (a wall still running a bundle from
 * before the batch frame) gets one `case:changed` per change as before, until it reloads.
 */
export const CaseStreamHandshake = z.object({ caseStream: z.number().int().min(1) })
export type CaseStreamHandshake = z.infer<typeof CaseStreamHandshake>

/**
 * `case:batch`: the changes of one commit group that the receiving socket's scope may see, in
 * strictly increasing seq order (scoped sockets see gaps), serialised once per room. A resume's
 * replay comes in the same frames. `v` lets a later shape go only to clients that announce it.
 */
export const CaseBatch = z.object({
  v: z.literal(CASE_BATCH_VERSION),
  changes: z
    .array(CaseChanged)
    .min(1)
    .refine((changes) => changes.every((c, i) => i === 0 || changes[i - 1]!.seq < c.seq), 'changes must be in increasing seq order'),
})
export type CaseBatch = z.infer<typeof CaseBatch>

export const ResumePayload = z.object({ since: z.number().int().min(0) })
export type ResumePayload = z.infer<typeof ResumePayload>

export const ResumeResult = z.object({
  replayed: z.number().int().min(0),
  reload: z.boolean(),
  lastSeq: z.number().int().min(0),
})
export type ResumeResult = z.infer<typeof ResumeResult>

/** `GET /cases/possible-duplicates`: where and what a call being registered is about. */
export const PossibleDuplicatesQuery = z.strictObject({
  categoryCode: z.string().min(1).max(10),
  lng: z.string().regex(/^-?\d{1,3}(\.\d{1,17})?$/, 'a longitude in decimal degrees').transform(Number).pipe(z.number().min(-180).max(180)),
  lat: z.string().regex(/^-?\d{1,2}(\.\d{1,17})?$/, 'a latitude in decimal degrees').transform(Number).pipe(z.number().min(-90).max(90)),
})
export type PossibleDuplicatesQuery = z.infer<typeof PossibleDuplicatesQuery>

export const PossibleDuplicates = z.object({ items: z.array(z.object({ case: Case, distanceM: z.number().int().min(0) })) })
export type PossibleDuplicates = z.infer<typeof PossibleDuplicates>
