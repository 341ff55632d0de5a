import { Case } from '@shared/schemas/case'
import { CaseWithHistory } from '@shared/schemas/caseApi'
import { PhotoReceipt } from '@shared/schemas/photo'
import type { OutboxDb } from './outboxDb'
import { type FieldHttp, type FieldOutcome, fieldRequest } from './fieldHttp'
import type { OutboxItem, OutboxPhoto, ReportPayload, StepPayload } from '../../stores/fieldOutboxItem'

/**
 * Sends what the outbox holds, exactly once: each photo first (its own idempotency key, its
 * receipt written to IndexedDB as soon as it answers, so a restart resumes where it stopped), then
 * the report (Idempotency-Key) or the case step naming the photo ids. A step has no idempotency
 * key on the server; the case version does that job: a retry after a lost answer gets 409, and the
 * case's history then tells whether our step is already in it.
 */
export interface SenderDeps {
  db: OutboxDb
  http: FieldHttp
  /** Whose items may be sent now (the signed-in person), or null when nobody is. */
  userId: () => string | null
  now?: () => number
  /** Called after every change to an item, so the screen shows progress. */
  changed?: (item: OutboxItem) => void
}

export type SendResult = 'sent' | 'refused' | 'retry' | 'signed_out' | 'skipped'

const BACKOFF_MS = [2_000, 5_000, 15_000, 30_000, 60_000, 120_000]
export const backoffMs = (attempts: number) => BACKOFF_MS[Math.min(attempts, BACKOFF_MS.length) - 1] ?? 2_000

/** An item the sender may try now; `eager` (the app started, the network came back) skips the backoff wait. */
export function isDue(item: OutboxItem, userId: string | null, now: number, eager = false): boolean {
  return (item.status === 'queued' || item.status === 'sending') && item.userId === userId && (eager || item.nextAttemptAt <= now)
}

export function createOutboxSender(deps: SenderDeps) {
  const now = deps.now ?? Date.now
  let running: Promise<void> | null = null

  async function save(item: OutboxItem, patch: Partial<OutboxItem>): Promise<OutboxItem> {
    const next = { ...item, ...patch, updatedAt: new Date(now()).toISOString() }
    await deps.db.put(next)
    deps.changed?.(next)
    return next
  }

  async function uploadPhoto(item: OutboxItem, photo: OutboxPhoto): Promise<FieldOutcome<PhotoReceipt>> {
    const blob = await deps.db.blob(photo.key)
    if (!blob) return { ok: false, kind: 'refused', status: 0, code: 'PHOTO_MISSING', message: 'the photo is no longer on this phone' }
    const form = new FormData()
    form.append('idempotencyKey', photo.key)
    const p = item.payload
    if (p.kind === 'step') form.append('caseId', p.caseId)
    if (p.gridId) form.append('gridId', p.gridId)
    if (p.location) {
      form.append('lng', String(p.location.lng))
      form.append('lat', String(p.location.lat))
    }
    form.append('file', blob, photo.name)
    return fieldRequest(deps.http, 'POST', '/photos', PhotoReceipt, form)
  }

  /** One item, start to end; returns how it ended this time. */
  async function sendItem(start: OutboxItem): Promise<SendResult> {
    let item = await save(start, { status: 'sending', attempts: start.attempts + 1 })
    for (const [i, photo] of item.photos.entries()) {
      if (photo.receiptId) continue
      const outcome = await uploadPhoto(item, photo)
      if (!outcome.ok) return settle(item, outcome, i + 1)
      const photos = item.photos.map((p) => (p.key === photo.key ? { ...p, receiptId: outcome.data.id, thumbUrl: outcome.data.thumbUrl } : p))
      item = await save(item, { photos })
    }
    const ids = item.photos.map((p) => p.receiptId!)
    const outcome = item.payload.kind === 'report' ? await postReport(item, item.payload, ids) : await postStep(item.payload, ids)
    if (!outcome.ok) return settle(item, outcome, null)
    await save(item, { status: 'sent', refusal: null, result: { caseId: outcome.data.id, caseCode: outcome.data.code } })
    return 'sent'
  }

  function postReport(item: OutboxItem, p: ReportPayload, photos: string[]): Promise<FieldOutcome<Case>> {
    const body = { source: 'terminal', categoryCode: p.categoryCode, title: p.categoryName, description: p.description, location: p.location, address: p.address, photos }
    return fieldRequest(deps.http, 'POST', '/cases', Case, body, { 'Idempotency-Key': item.idempotencyKey })
  }

  async function postStep(p: StepPayload, photos: string[]): Promise<FieldOutcome<Pick<Case, 'id' | 'code'>>> {
    const body = { action: p.action, version: p.version, notes: p.notes, photos }
    const outcome = await fieldRequest(deps.http, 'POST', `/cases/${encodeURIComponent(p.caseId)}/transitions`, Case, body)
    if (outcome.ok || outcome.status !== 409) return outcome
    // A lost answer: the step may be in already. Look in the case's history before saying no.
    const current = await fieldRequest(deps.http, 'GET', `/cases/${encodeURIComponent(p.caseId)}`, CaseWithHistory)
    if (!current.ok) return current.kind === 'refused' ? outcome : current
    const done = current.data.history.some((e) => e.action === p.action && e.notes === p.notes && photos.every((id) => e.photos.includes(id)))
    return done ? { ok: true, status: 200, data: current.data } : outcome
  }

  async function settle(item: OutboxItem, outcome: Extract<FieldOutcome<unknown>, { ok: false }>, photo: number | null): Promise<SendResult> {
    if (outcome.kind === 'refused') {
      await save(item, { status: 'refused', refusal: { status: outcome.status, code: outcome.code, message: outcome.message, photo } })
      return 'refused'
    }
    // Not refused: the item waits, as it was, for the network, the server or the worker's sign-in.
    await save(item, { status: 'queued', nextAttemptAt: now() + (outcome.kind === 'retry' ? backoffMs(item.attempts) : 0) })
    return outcome.kind
  }

  async function drain(eager: boolean): Promise<void> {
    const tried = new Set<string>()
    for (;;) {
      const user = deps.userId()
      const due = (await deps.db.all()).find((i) => !tried.has(i.id) && isDue(i, user, now(), eager))
      if (!due) return
      tried.add(due.id)
      const result = await sendItem(due)
      // Offline or signed out: every other item would fail the same way; the next trigger resumes.
      if (result === 'retry' || result === 'signed_out') return
    }
  }

  /**
   * Sends every due item, one at a time, oldest first. Calls while a run is going join it; across
   * tabs the Web Locks API keeps a second page from sending the same item at the same time.
   * `eager` on app start and when the network returns: waiting out a backoff then helps nobody.
   */
  function flush(eager = false): Promise<void> {
    running ??= withLock(() => drain(eager)).finally(() => {
      running = null
    })
    return running
  }

  return { flush, sendItem }
}

function withLock(work: () => Promise<void>): Promise<void> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks
  return locks ? locks.request('field-outbox-sender', work) : work()
}
