import { z } from 'zod'
import { LngLat } from '@shared/schemas/geo'
import { PhotoReceipt } from '@shared/schemas/photo'
import type { Db } from '../store/database'

/**
 * One stored photo: its receipt, and what the server keeps beside it to vouch for the files (their
 * SHA-256, checked on every read) and for the flags (the place the photo was compared with).
 */
export const StoredPhoto = z.object({
  receipt: PhotoReceipt,
  /** The format the original arrived in (jpeg, png, webp, heif); the original is never served. */
  originalFormat: z.string(),
  thumbSha256: z.string(),
  evidenceSha256: z.string(),
  /** The place the capture was compared with (the upload's lng/lat, or its case's location). */
  comparedWith: LngLat.nullable(),
  /** The case the upload named (for the watermark and the place), not yet the case that uses it. */
  namedCaseId: z.string().nullable(),
})
export type StoredPhoto = z.infer<typeof StoredPhoto>

/** A stored photo and the case that named it in its report or feedback (null until one does). */
export type PhotoRow = StoredPhoto & { caseId: string | null }

/** The rows of the `photos` table (migration 10); the bytes are the PhotoStore's. */
export interface PhotoRepository {
  /** False when this uploader already stored a photo under the idempotency key (a retry). */
  insert(photo: StoredPhoto, idempotencyKey: string | null): boolean
  get(id: string): PhotoRow | null
  byIdempotencyKey(uploadedBy: string, idempotencyKey: string): PhotoRow | null
  /** Record the case on photos no case has named yet; a photo keeps the first case that named it. */
  linkCase(ids: readonly string[], caseId: string): void
}

interface Row {
  id: string
  uploaded_by: string
  idempotency_key: string | null
  sha256: string
  uploaded_at: string
  case_id: string | null
  data: string
}

const toPhoto = (row: Row): PhotoRow => ({ ...StoredPhoto.parse(JSON.parse(row.data)), caseId: row.case_id })

export function createSqlitePhotoRepository(db: Db): PhotoRepository {
  const insert = db.prepare(
    `INSERT INTO photos (id, uploaded_by, idempotency_key, sha256, uploaded_at, case_id, data)
     VALUES (@id, @uploaded_by, @idempotency_key, @sha256, @uploaded_at, NULL, @data)
     ON CONFLICT (uploaded_by, idempotency_key) DO NOTHING`,
  )
  const byId = db.prepare('SELECT * FROM photos WHERE id = ?')
  const byKey = db.prepare('SELECT * FROM photos WHERE uploaded_by = ? AND idempotency_key = ?')
  const link = db.prepare('UPDATE photos SET case_id = ? WHERE id = ? AND case_id IS NULL')
  const linkAll = db.transaction((ids: readonly string[], caseId: string) => {
    for (const id of ids) link.run(caseId, id)
  })

  return {
    insert(photo, idempotencyKey) {
      const { receipt } = photo
      const row = { id: receipt.id, uploaded_by: receipt.uploadedBy, idempotency_key: idempotencyKey, sha256: receipt.sha256, uploaded_at: receipt.uploadedAt, data: JSON.stringify(photo) }
      return insert.run(row).changes === 1
    },
    get(id) {
      const row = byId.get(id) as Row | undefined
      return row ? toPhoto(row) : null
    },
    byIdempotencyKey(uploadedBy, idempotencyKey) {
      const row = byKey.get(uploadedBy, idempotencyKey) as Row | undefined
      return row ? toPhoto(row) : null
    },
    linkCase(ids, caseId) {
      if (ids.length) linkAll(ids, caseId)
    },
  }
}
