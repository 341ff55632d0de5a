import { z } from 'zod'
import { LngLat } from './geo'
import { Id } from './reference'

/**
 * Photos from the field (issue 16): each uploaded on its own (`POST /api/v1/photos`, multipart,
 * one file in the field `file`), answered with its receipt; a report or a feedback then names the
 * photo ids in its `photos` field. The server vouches for what it stored: the bytes decoded whole,
 * the evidence copy carries a burned-in watermark, and what the photo says of its own capture
 * (EXIF time and place) is compared with the upload.
 */

/** The largest photo a terminal may send, before any decoding. */
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024
/** A report or a feedback carries 1-9 photos from the field. */
export const MAX_FIELD_PHOTOS = 9
/** A photo captured longer than this before its upload is flagged as a gallery photo (翻拍/库存照片). */
export const GALLERY_AFTER_MS = 30 * 60_000
/** A photo captured farther than this from the place it reports on is flagged. */
export const FAR_FROM_PLACE_M = 300

/** Photo ids are minted by the server: `ph_` and 24 lowercase hex digits. */
export const PhotoId = z.string().regex(/^ph_[0-9a-f]{24}$/, 'a photo id is ph_ and 24 hex digits')
export type PhotoId = z.infer<typeof PhotoId>

/**
 * What the checker is told of a photo: `gallery` captured long before its upload; `far` captured
 * far from the place it reports on; `no_time` / `no_place` the photo carries no capture time / place
 * to compare (many phones strip them), so nothing vouches for it either way.
 */
export const PhotoFlag = z.enum(['gallery', 'far', 'no_time', 'no_place'])
export type PhotoFlag = z.infer<typeof PhotoFlag>

/** A number as a form sends it; an empty field is no field (coercing it would read 0, a real place). */
const Coordinate = (limit: number) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.coerce.number().min(-limit).max(limit).optional())

/**
 * The text fields of the multipart upload (all optional, as text). `idempotencyKey` makes a retry
 * answer the first receipt instead of storing the photo twice; `lng`/`lat` is the place the photo
 * reports on (the report's or the case's location), compared with the photo's own GPS; `gridId`
 * and `caseId` name what the watermark prints.
 */
export const PhotoUploadFields = z.strictObject({
  idempotencyKey: z.string().uuid().optional(),
  caseId: Id.optional(),
  gridId: Id.optional(),
  lng: Coordinate(180),
  lat: Coordinate(90),
}).refine((f) => (f.lng === undefined) === (f.lat === undefined), { path: ['lng'], message: 'give both lng and lat, or neither' })
export type PhotoUploadFields = z.infer<typeof PhotoUploadFields>

/** The receipt of one stored photo (201 on first upload, 200 when an idempotent retry finds it). */
export const PhotoReceipt = z.object({
  id: PhotoId,
  /** SHA-256 of the bytes as received, hex. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.number().int().positive(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  uploadedAt: z.iso.datetime(),
  uploadedBy: z.string(),
  /** From the photo's EXIF, when it carries them. */
  capturedAt: z.iso.datetime().nullable(),
  capturedPlace: LngLat.nullable(),
  flags: z.array(PhotoFlag),
  /** Relative URLs under /api/v1: a small thumbnail without any metadata, and the watermarked evidence copy. */
  thumbUrl: z.string(),
  evidenceUrl: z.string(),
})
export type PhotoReceipt = z.infer<typeof PhotoReceipt>

/**
 * Route params: any id-shaped text, not only `PhotoId`, so an id this server never minted is a
 * plain 404 like every other unknown id (and the router's own checks run first).
 */
export const PhotoIdParams = z.object({ id: Id })
