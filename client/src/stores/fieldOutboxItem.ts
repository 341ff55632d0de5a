import type { LngLat } from '@shared/schemas/geo'

/**
 * What the field outbox keeps on the phone (IndexedDB) until the server has it (issue 16, point 5).
 * Every report or feedback is written here first, with its idempotency key and its photos as
 * Blobs, and only then sent: a weak signal or a closed app can delay it, never lose it.
 */

/** A report from the field (巡查上报): a new case once sent. */
export interface ReportPayload {
  kind: 'report'
  categoryCode: string
  categoryName: string
  description: string
  /** Null while waiting for a fix (待定位): the item is kept but not sent until it has one. */
  location: LngLat | null
  accuracyM: number | null
  address: string
  gridId: string | null
}

/** A step on a case assigned to me: 处置反馈 (feedback), 核实 (submit_check) or 核查 (check_on_site). */
export interface StepPayload {
  kind: 'step'
  action: 'feedback' | 'submit_check' | 'check_on_site'
  caseId: string
  caseCode: string
  /** The case version the worker saw; the server refuses a stale one (409), which the sender then checks. */
  version: number
  notes: string
  location: LngLat | null
  gridId: string | null
}

export type OutboxPayload = ReportPayload | StepPayload

export interface OutboxPhoto {
  /** Also the upload's idempotency key: a retried upload answers the first receipt. */
  key: string
  name: string
  type: string
  bytes: number
  /** Set once the server has the photo: the id the report or feedback names. */
  receiptId: string | null
  thumbUrl: string | null
}

/**
 * waiting_fix: saved without a location (待定位); queued: ready, waiting for the network;
 * sending: the sender is on it; sent: the server has it all; refused: the server said no (4xx),
 * the reason is kept and the item stays editable.
 */
export type OutboxStatus = 'waiting_fix' | 'queued' | 'sending' | 'sent' | 'refused'

export interface OutboxRefusal {
  status: number
  code: string
  /** The server's own words (English), kept for the record. */
  message: string
  /** Which photo was refused, when it was one (1-based). */
  photo: number | null
}

export interface OutboxItem {
  /** Local id, stable for the life of the item. */
  id: string
  /** Sent as Idempotency-Key with the report; a new one is minted when a refused item is edited. */
  idempotencyKey: string
  /** Whose item it is: on a shared handset it is sent only while that person is signed in. */
  userId: string
  createdAt: string
  updatedAt: string
  payload: OutboxPayload
  photos: OutboxPhoto[]
  status: OutboxStatus
  attempts: number
  /** Epoch ms before which the sender leaves it alone (backoff after a network failure). */
  nextAttemptAt: number
  refusal: OutboxRefusal | null
  /** What the server made of it: the case it created or moved. */
  result: { caseId: string; caseCode: string } | null
}

export const sentPhotos = (item: Pick<OutboxItem, 'photos'>) => item.photos.filter((p) => p.receiptId !== null).length
