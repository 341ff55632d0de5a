import { z } from 'zod'
import { Id } from './reference'

/**
 * Evidence: a still of a camera tile attached to a case. The browser sends the image as a data URL
 * inside JSON (the API speaks JSON only); the server decodes it, checks its bytes and stores the file.
 */

/**
 * Largest image accepted, decoded. A 1080p JPEG snapshot is a few hundred kB; 1,500,000 bytes
 * base64-encode to 2,000,000 characters, so the largest allowed body still fits the route's 2 MiB
 * body limit and a too-large image is answered with a reason (422) rather than a bare 413.
 */
export const EVIDENCE_MAX_BYTES = 1_500_000

export const EvidenceMime = z.enum(['image/jpeg', 'image/png'])
export type EvidenceMime = z.infer<typeof EvidenceMime>

const DATA_URL_PREFIX = /^data:([^;,]*)[;,]/
const JPEG_OR_PNG_DATA_URL = /^data:(image\/jpeg|image\/png);base64,([A-Za-z0-9+/]*={0,2})$/
/**
 * The longest data URL of an image within the limit. Base64 text comes in 4-character groups of 3
 * bytes, so a (checked) multiple of 4 that fits here decodes to at most EVIDENCE_MAX_BYTES.
 */
const MAX_DATA_URL_LENGTH = 'data:image/jpeg;base64,'.length + Math.ceil(EVIDENCE_MAX_BYTES / 3) * 4

/** The declared type and the base64 text of a data URL that passed `EvidenceDataUrl`. */
export function splitDataUrl(dataUrl: string): { mime: EvidenceMime; base64: string } {
  const match = JPEG_OR_PNG_DATA_URL.exec(dataUrl)
  if (!match) throw new Error('not a JPEG or PNG data URL')
  return { mime: match[1] as EvidenceMime, base64: match[2]! }
}

/** `data:image/jpeg;base64,…` or `data:image/png;base64,…`, at most EVIDENCE_MAX_BYTES once decoded. */
export const EvidenceDataUrl = z.string().superRefine((value, ctx) => {
  const declared = DATA_URL_PREFIX.exec(value)?.[1]
  if (declared === undefined) {
    ctx.addIssue({ code: 'custom', message: 'the image must be a data URL (data:image/jpeg;base64,…)' })
    return
  }
  if (!EvidenceMime.options.includes(declared as EvidenceMime)) {
    ctx.addIssue({ code: 'custom', message: `only JPEG or PNG images are accepted, not "${declared || 'no type'}"` })
    return
  }
  if (value.length > MAX_DATA_URL_LENGTH) {
    ctx.addIssue({ code: 'custom', message: `the image is larger than ${EVIDENCE_MAX_BYTES} bytes (1.5 MB)` })
    return
  }
  const base64 = JPEG_OR_PNG_DATA_URL.exec(value)?.[2]
  if (base64 === undefined || base64.length % 4 !== 0) {
    ctx.addIssue({ code: 'custom', message: 'the image must be base64-encoded (data:image/…;base64,…)' })
    return
  }
  if (base64.length === 0) ctx.addIssue({ code: 'custom', message: 'the image is empty' })
})

/** POST /cases/:id/evidence */
export const AttachEvidenceBody = z.object({
  /** The camera whose tile was captured. */
  cameraId: Id,
  /** When the frame was captured (the browser's clock); stored in UTC. */
  takenAt: z.iso.datetime({ offset: true }),
  image: EvidenceDataUrl,
})
export type AttachEvidenceBody = z.infer<typeof AttachEvidenceBody>

export const EvidenceIdParams = z.object({ id: Id })
export type EvidenceIdParams = z.infer<typeof EvidenceIdParams>

/** One stored image; `url` answers its bytes (GET, same scope as its case). */
export const Evidence = z.object({
  id: Id,
  caseId: Id,
  cameraId: Id,
  takenAt: z.iso.datetime(),
  createdAt: z.iso.datetime(),
  /** The person who attached it (for an integration, the person it acted for). */
  createdBy: z.string().min(1),
  mime: EvidenceMime,
  bytes: z.number().int().positive(),
  /** Hex SHA-256 of the stored bytes: the file can be shown to be the one attached. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  url: z.string(),
})
export type Evidence = z.infer<typeof Evidence>

export const EvidenceList = z.object({ items: z.array(Evidence) })
export type EvidenceList = z.infer<typeof EvidenceList>

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]

/** What the bytes are, whatever anyone declared: a JPEG (SOI + a marker) or a PNG (its 8-byte signature). */
export function sniffImageMime(bytes: Uint8Array): EvidenceMime | null {
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg'
  if (bytes.length > PNG_SIGNATURE.length && PNG_SIGNATURE.every((b, i) => bytes[i] === b)) return 'image/png'
  return null
}
