import { z } from 'zod'
import { AttachEvidenceBody, type EvidenceMime, sniffImageMime, splitDataUrl } from '@shared/schemas/evidence'

/** An attach request once its image is decoded and its bytes are known to be what it declared. */
export interface EvidenceUpload {
  cameraId: string
  /** UTC, ISO 8601. */
  takenAt: string
  mime: EvidenceMime
  bytes: Buffer
}

/**
 * The shared body, then decoded. The declared type is never trusted: the bytes must start like a
 * JPEG or PNG and match the declaration, so a page or script renamed to .jpg is refused (422).
 */
export const EvidenceUploadBody = AttachEvidenceBody.transform((body, ctx): EvidenceUpload => {
  const { mime, base64 } = splitDataUrl(body.image)
  const bytes = Buffer.from(base64, 'base64')
  const actual = sniffImageMime(bytes)
  if (actual !== mime) {
    ctx.addIssue({
      code: 'custom',
      path: ['image'],
      message: actual ? `the image is declared ${mime} but its bytes are ${actual}` : `the image is declared ${mime} but its bytes are not a JPEG or PNG image`,
    })
    return z.NEVER
  }
  return { cameraId: body.cameraId, takenAt: new Date(body.takenAt).toISOString(), mime, bytes }
})
