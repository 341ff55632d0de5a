import sharp from 'sharp'
import { z } from 'zod'
import { AttachEvidenceBody, type EvidenceMime, sniffImageMime, splitDataUrl } from '@shared/schemas/evidence'
import { createError } from '../core/appError'

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

/** A snapshot is at most a 4K main stream's frame (8.3 MP); far more pixels than that is a decompression bomb. */
const MAX_PIXELS = 40_000_000

/**
 * The bytes must decode whole, not just start like an image: a truncated file, or six bytes that
 * only carry a JPEG's signature, is no evidence of anything (422, with the decoder's reason).
 * libvips decodes every pixel (`stats()` reads them all) and fails on the first decoding error.
 */
export async function assertDecodesWhole(upload: Pick<EvidenceUpload, 'bytes' | 'mime'>): Promise<void> {
  try {
    const image = sharp(upload.bytes, { failOn: 'error', limitInputPixels: MAX_PIXELS })
    const { format } = await image.metadata()
    if (`image/${format}` !== upload.mime) throw new Error(`its data is ${format ?? 'of no known format'}`)
    await image.stats()
  } catch (err) {
    const reason = (err instanceof Error ? err.message : String(err)).split('\n')[0]!.slice(0, 120)
    throw createError('VALIDATION_FAILED', `invalid body: image: it does not decode as a whole ${upload.mime === 'image/png' ? 'PNG' : 'JPEG'} image (${reason})`)
  }
}
