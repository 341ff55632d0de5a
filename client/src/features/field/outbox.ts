import type { LngLat } from '@shared/schemas/geo'
import { MAX_FIELD_PHOTOS } from '@shared/schemas/photo'
import type { OutboxDb } from './outboxDb'
import type { OutboxItem, OutboxPayload, OutboxPhoto, OutboxStatus } from '../../stores/fieldOutboxItem'
import { uuidV4 } from './uuid'

/**
 * Writing to the outbox: an item is stored, photos included, before anything is sent, so closing
 * the app or losing the signal never loses it. A report without a location is kept as 待定位 and
 * only becomes sendable once a location is added; a refused item can be edited and sent again.
 */
export interface PhotoFile {
  name: string
  type: string
  blob: Blob
}

/** A plain copy: what the screens hand over may be a Vue proxy, which IndexedDB cannot clone. */
const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T

const readyStatus = (p: OutboxPayload): OutboxStatus => (p.kind === 'report' && p.location === null ? 'waiting_fix' : 'queued')

function photoEntries(files: readonly PhotoFile[]): { photos: OutboxPhoto[]; blobs: Map<string, Blob> } {
  const blobs = new Map<string, Blob>()
  const photos = files.map((f) => {
    const key = uuidV4()
    blobs.set(key, f.blob)
    return { key, name: f.name, type: f.type, bytes: f.blob.size, receiptId: null, thumbUrl: null }
  })
  return { photos, blobs }
}

export function createOutbox(db: OutboxDb, now: () => number = Date.now) {
  const stamp = () => new Date(now()).toISOString()

  async function save(userId: string, payload: OutboxPayload, files: readonly PhotoFile[]): Promise<OutboxItem> {
    if (files.length < 1 || files.length > MAX_FIELD_PHOTOS) throw new RangeError(`a report or feedback carries 1-${MAX_FIELD_PHOTOS} photos`)
    const { photos, blobs } = photoEntries(files)
    const at = stamp()
    const item: OutboxItem = {
      id: uuidV4(),
      idempotencyKey: uuidV4(),
      userId,
      createdAt: at,
      updatedAt: at,
      payload: plain(payload),
      photos,
      status: readyStatus(payload),
      attempts: 0,
      nextAttemptAt: 0,
      refusal: null,
      result: null,
    }
    await db.add(item, blobs)
    return item
  }

  /** The fix arrived for a 待定位 report (or the worker put a pin): it can be sent now. */
  async function locate(id: string, location: LngLat, address: string, accuracyM: number | null, gridId: string | null): Promise<OutboxItem> {
    const item = await mustGet(id)
    if (item.payload.kind !== 'report') throw new TypeError('only a report takes a location')
    const next: OutboxItem = {
      ...item,
      payload: { ...item.payload, location: plain(location), address, accuracyM, gridId },
      status: item.status === 'waiting_fix' ? 'queued' : item.status,
      updatedAt: stamp(),
    }
    await db.put(next)
    return next
  }

  /**
   * A refused item, changed by the worker and queued again. A fresh idempotency key: the refused
   * body was never stored, and the server would call the same key with a new body a mismatch.
   * Photos already received keep their receipts; dropped ones lose their bytes.
   */
  async function edit(id: string, change: { payload?: OutboxPayload; dropPhotos?: readonly string[]; addPhotos?: readonly PhotoFile[] }): Promise<OutboxItem> {
    const item = await mustGet(id)
    if (item.status !== 'refused' && item.status !== 'waiting_fix') throw new Error('only a refused or 待定位 item can be edited')
    const drop = new Set(change.dropPhotos ?? [])
    const added = photoEntries(change.addPhotos ?? [])
    const photos = [...item.photos.filter((p) => !drop.has(p.key)), ...added.photos]
    if (photos.length < 1 || photos.length > MAX_FIELD_PHOTOS) throw new RangeError(`a report or feedback carries 1-${MAX_FIELD_PHOTOS} photos`)
    const payload = plain(change.payload ?? item.payload)
    const next: OutboxItem = { ...item, payload, photos, idempotencyKey: uuidV4(), status: readyStatus(payload), refusal: null, attempts: 0, nextAttemptAt: 0, updatedAt: stamp() }
    await db.replacePhotos(next, added.blobs)
    return next
  }

  async function mustGet(id: string): Promise<OutboxItem> {
    const item = await db.get(id)
    if (!item) throw new Error(`no outbox item ${id}`)
    return item
  }

  return { save, locate, edit, remove: (id: string) => db.remove(id), all: () => db.all() }
}
export type Outbox = ReturnType<typeof createOutbox>
