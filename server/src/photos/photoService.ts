import { createHash, randomBytes } from 'node:crypto'
import type { LngLat } from '@shared/schemas/geo'
import type { PhotoReceipt, PhotoUploadFields } from '@shared/schemas/photo'
import { createError } from '../core/appError'
import { readCapture } from './photoExif'
import { photoFlags } from './photoFlags'
import { type PhotoCopies, decodeWhole, makeCopies } from './photoImage'
import type { PhotoRepository, PhotoRow, StoredPhoto } from './photoRepository'
import type { PhotoStore } from './photoStore'

/** Who uploads: the person the photo's watermark and receipt name. */
export interface PhotoUploader {
  id: string
  /** Display name (account) or registry name (grid worker); the login name when neither is known. */
  name: string
  /** The uploader's own grid, printed when the upload names none. */
  gridId: string | null
}

/** The case an upload names (already checked to be in the caller's scope). */
export interface UploadCase {
  id: string
  gridId: string
  location: LngLat
}

export interface PhotoUpload {
  uploader: PhotoUploader
  file: Buffer
  fields: PhotoUploadFields
  onCase: UploadCase | null
}

export type PhotoVariant = 'thumb' | 'evidence'

export interface PhotoService {
  /** Store a photo (created) or answer the one an earlier try with the same key stored. */
  upload(input: PhotoUpload): Promise<{ created: boolean; photo: PhotoRow }>
  get(id: string): PhotoRow | null
  /** A copy's bytes, checked against the SHA-256 recorded when it was made. */
  read(photo: PhotoRow, variant: PhotoVariant): Promise<Buffer>
}

export interface PhotoServiceDeps {
  repo: PhotoRepository
  store: PhotoStore
  gridName: (id: string) => string | null
  now: () => Date
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex')
const keysOf = (id: string) => ({ original: `${id}/original`, thumb: `${id}/thumb.jpg`, evidence: `${id}/evidence.jpg` })
export const photoUrl = (id: string) => `/api/v1/photos/${id}`

/** The grid the watermark prints: the one the upload names (which must exist), its case's, or the uploader's. */
function gridOf(input: PhotoUpload, gridName: PhotoServiceDeps['gridName']): string | null {
  const named = input.fields.gridId
  if (named) {
    const name = gridName(named)
    if (!name) throw createError('VALIDATION_FAILED', `invalid body: gridId: no grid ${named}`)
    return name
  }
  const id = input.onCase?.gridId ?? input.uploader.gridId
  return id ? gridName(id) : null
}

/** The place the capture is compared with: the upload's own lng/lat, else its case's location. */
function placeOf({ fields, onCase }: PhotoUpload): LngLat | null {
  if (fields.lng !== undefined && fields.lat !== undefined) return { lng: fields.lng, lat: fields.lat }
  return onCase?.location ?? null
}

export function createPhotoService(deps: PhotoServiceDeps): PhotoService {
  const { repo, store, gridName, now } = deps

  /** Write the three files, then the row; a refusal or a lost race leaves no file behind. */
  async function keep(photo: StoredPhoto, original: Buffer, copies: PhotoCopies, idempotencyKey: string | null): Promise<PhotoRow | null> {
    const keys = keysOf(photo.receipt.id)
    try {
      await store.put(keys.original, original)
      await store.put(keys.thumb, copies.thumb)
      await store.put(keys.evidence, copies.evidence)
      if (repo.insert(photo, idempotencyKey)) return { ...photo, caseId: null }
    } catch (err) {
      await Promise.all(Object.values(keys).map((k) => store.remove(k)))
      throw err
    }
    await Promise.all(Object.values(keys).map((k) => store.remove(k)))
    return null
  }

  /** The first receipt for a retried key, or a refusal when the retry carries other bytes. */
  function replayOf(uploaderId: string, key: string | undefined, digest: string): PhotoRow | null {
    const earlier = key ? repo.byIdempotencyKey(uploaderId, key) : null
    if (earlier && earlier.receipt.sha256 !== digest) {
      throw createError('IDEMPOTENCY_MISMATCH', `idempotencyKey ${key} was used for another photo (${earlier.receipt.id}); a new photo needs a new key`)
    }
    return earlier
  }

  return {
    async upload(input) {
      const digest = sha256(input.file)
      const key = input.fields.idempotencyKey
      const replay = replayOf(input.uploader.id, key, digest)
      if (replay) return { created: false, photo: replay }
      const decoded = await decodeWhole(input.file)
      const capture = readCapture(decoded.exif)
      const uploadedAt = now().toISOString()
      const comparedWith = placeOf(input)
      const id = `ph_${randomBytes(12).toString('hex')}`
      const copies = await makeCopies(input.file, { photoId: id, capturedAt: capture.capturedAt, uploadedAt, gridName: gridOf(input, gridName), workerName: input.uploader.name })
      const receipt: PhotoReceipt = {
        id,
        sha256: digest,
        bytes: input.file.length,
        width: decoded.width,
        height: decoded.height,
        uploadedAt,
        uploadedBy: input.uploader.id,
        ...capture,
        flags: photoFlags(capture, uploadedAt, comparedWith),
        thumbUrl: `${photoUrl(id)}/thumb`,
        evidenceUrl: `${photoUrl(id)}/evidence`,
      }
      const photo: StoredPhoto = { receipt, originalFormat: decoded.format, thumbSha256: sha256(copies.thumb), evidenceSha256: sha256(copies.evidence), comparedWith, namedCaseId: input.onCase?.id ?? null }
      const kept = await keep(photo, input.file, copies, key ?? null)
      // A concurrent try with the same key stored first: answer its receipt, as a later retry would.
      return kept ? { created: true, photo: kept } : { created: false, photo: replayOf(input.uploader.id, key, digest)! }
    },
    get: (id) => repo.get(id),
    async read(photo, variant) {
      const bytes = await store.get(keysOf(photo.receipt.id)[variant])
      const expected = variant === 'thumb' ? photo.thumbSha256 : photo.evidenceSha256
      // A missing or changed copy is an incident for the duty engineer, not something to serve.
      if (!bytes || sha256(bytes) !== expected) throw new Error(`photo ${photo.receipt.id}: its ${variant} copy is missing or no longer matches its recorded SHA-256`)
      return bytes
    },
  }
}
