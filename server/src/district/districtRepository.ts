import type { DistrictMessage, DistrictMessageView, DistrictMessagesQuery, MessageKind, Receipt } from '@shared/schemas/district'
import { Receipt as ReceiptSchema } from '@shared/schemas/district'
import type { Db } from '../store/database'

/** A message waiting in (or signed for from) the outbox. */
export interface OutboxMessage {
  id: string
  kind: MessageKind
  /** `district`, or the id of the street it goes to. */
  peer: string
  caseId: string | null
  body: DistrictMessage
  attempts: number
  firstSentAt: string | null
}

export interface ReceivedMessage {
  caseId: string | null
  receipt: Receipt
}

/** The district level's storage: the outbox this instance sends from and the inbox it dedupes by. */
export interface DistrictRepository {
  /** Call inside the transaction of the case change the message announces. */
  enqueue(message: { body: DistrictMessage; peer: string; caseId: string | null; at: string }): void
  /** Pending messages whose next attempt is due, oldest first. */
  due(at: string, limit: number): OutboxMessage[]
  /** The time of a message's next attempt: the earliest of all pending, or null. */
  nextDue(): string | null
  attempted(id: string, at: string, error: string, nextAttemptAt: string): void
  /** Records the receipt of the attempt sent at `sentAt`; false if it was already signed. */
  signed(id: string, sentAt: string, signedAt: string, receipt: Receipt): boolean
  received(id: string): ReceivedMessage | null
  /** A repeat delivery of a stored message: counted, nothing else changes. */
  receivedAgain(id: string): void
  storeReceived(row: { body: DistrictMessage; sender: string; at: string; caseId: string | null; receipt: Receipt }): void
  list(query: DistrictMessagesQuery): DistrictMessageView[]
  transaction<T>(fn: () => T): T
}

interface OutboxRow {
  id: string
  kind: MessageKind
  peer: string
  case_id: string | null
  body: string
  created_at: string
  state: 'pending' | 'signed'
  attempts: number
  first_sent_at: string | null
  last_error: string | null
  signed_at: string | null
  receipt: string | null
}

interface InboxRow {
  id: string
  kind: MessageKind
  sender: string
  body: string
  received_at: string
  deliveries: number
  case_id: string | null
  receipt: string
}

const titleOf = (body: DistrictMessage) => (body.kind === 'referral' ? body.referral.title : body.escalation.title)
const parseReceipt = (text: string | null) => (text === null ? null : ReceiptSchema.parse(JSON.parse(text)))
const delayMs = (from: string | null, to: string | null) => (from && to ? Math.max(0, Date.parse(to) - Date.parse(from)) : null)

function outboxView(row: OutboxRow): DistrictMessageView {
  return {
    id: row.id,
    direction: 'out',
    kind: row.kind,
    peer: row.peer,
    title: titleOf(JSON.parse(row.body) as DistrictMessage),
    caseId: row.case_id,
    state: row.state,
    attempts: row.attempts,
    lastError: row.last_error,
    createdAt: row.created_at,
    firstSentAt: row.first_sent_at,
    signedAt: row.signed_at,
    signDelayMs: delayMs(row.first_sent_at, row.signed_at),
    receipt: parseReceipt(row.receipt),
  }
}

function inboxView(row: InboxRow): DistrictMessageView {
  return {
    id: row.id,
    direction: 'in',
    kind: row.kind,
    peer: row.sender,
    title: titleOf(JSON.parse(row.body) as DistrictMessage),
    caseId: row.case_id,
    state: 'signed',
    attempts: row.deliveries,
    lastError: null,
    createdAt: row.received_at,
    firstSentAt: null,
    signedAt: row.received_at,
    signDelayMs: null,
    receipt: parseReceipt(row.receipt),
  }
}

export function createSqliteDistrictRepository(db: Db): DistrictRepository {
  const s = {
    enqueue: db.prepare(`INSERT INTO district_outbox (id, kind, peer, case_id, body, created_at, state, next_attempt_at)
      VALUES (@id, @kind, @peer, @caseId, @body, @at, 'pending', @at)`),
    due: db.prepare(`SELECT * FROM district_outbox WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY created_at, id LIMIT ?`),
    nextDue: db.prepare(`SELECT MIN(next_attempt_at) AS at FROM district_outbox WHERE state = 'pending'`),
    attempted: db.prepare(`UPDATE district_outbox SET attempts = attempts + 1, first_sent_at = COALESCE(first_sent_at, @at),
      last_error = @error, next_attempt_at = @next WHERE id = @id AND state = 'pending'`),
    signed: db.prepare(`UPDATE district_outbox SET state = 'signed', attempts = attempts + 1, first_sent_at = COALESCE(first_sent_at, @sentAt),
      last_error = NULL, signed_at = @signedAt, receipt = @receipt WHERE id = @id AND state = 'pending'`),
    received: db.prepare(`SELECT case_id, receipt FROM district_inbox WHERE id = ?`),
    receivedAgain: db.prepare(`UPDATE district_inbox SET deliveries = deliveries + 1 WHERE id = ?`),
    storeReceived: db.prepare(`INSERT INTO district_inbox (id, kind, sender, body, received_at, case_id, receipt)
      VALUES (@id, @kind, @sender, @body, @at, @caseId, @receipt)`),
    outbox: db.prepare(`SELECT * FROM district_outbox WHERE (@state IS NULL OR state = @state) ORDER BY created_at DESC, id LIMIT @limit`),
    inbox: db.prepare(`SELECT * FROM district_inbox WHERE @state IS NULL OR @state = 'signed' ORDER BY received_at DESC, id LIMIT @limit`),
  }
  return {
    enqueue: ({ body, peer, caseId, at }) => void s.enqueue.run({ id: body.id, kind: body.kind, peer, caseId, body: JSON.stringify(body), at }),
    due: (at, limit) =>
      (s.due.all(at, limit) as OutboxRow[]).map((r) => ({
        id: r.id,
        kind: r.kind,
        peer: r.peer,
        caseId: r.case_id,
        body: JSON.parse(r.body) as DistrictMessage,
        attempts: r.attempts,
        firstSentAt: r.first_sent_at,
      })),
    nextDue: () => (s.nextDue.get() as { at: string | null }).at,
    attempted: (id, at, error, next) => void s.attempted.run({ id, at, error, next }),
    signed: (id, sentAt, signedAt, receipt) => s.signed.run({ id, sentAt, signedAt, receipt: JSON.stringify(receipt) }).changes === 1,
    received(id) {
      const row = s.received.get(id) as { case_id: string | null; receipt: string } | undefined
      return row ? { caseId: row.case_id, receipt: ReceiptSchema.parse(JSON.parse(row.receipt)) } : null
    },
    receivedAgain: (id) => void s.receivedAgain.run(id),
    storeReceived: ({ body, sender, at, caseId, receipt }) =>
      void s.storeReceived.run({ id: body.id, kind: body.kind, sender, body: JSON.stringify(body), at, caseId, receipt: JSON.stringify(receipt) }),
    list({ direction, state, limit }) {
      const args = { state: state ?? null, limit }
      const out = direction === 'in' ? [] : (s.outbox.all(args) as OutboxRow[]).map(outboxView)
      const inn = direction === 'out' ? [] : (s.inbox.all(args) as InboxRow[]).map(inboxView)
      return [...out, ...inn].sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1)).slice(0, limit)
    },
    transaction: (fn) => db.transaction(fn)(),
  }
}
