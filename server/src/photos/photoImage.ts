import sharp from 'sharp'
import { createError } from '../core/appError'
import { type WatermarkFacts, watermarkBand } from './photoWatermark'

/** Formats a handset sends that libvips here decodes; HEIC (HEVC) needs a libheif build sharp does not ship. */
const ACCEPTED_FORMATS = new Set(['jpeg', 'png', 'webp', 'heif'])

/**
 * A phone's photo is 12-50 MP; far more pixels than that in 10 MB is a decompression bomb (a few
 * kilobytes that decode to gigabytes). The 108/200 MP modes of a few phones are refused by name.
 */
export const MAX_PHOTO_PIXELS = 50_000_000
/** The public thumbnail's longer side, and the evidence copy's at most. */
const THUMB_PX = 320
const EVIDENCE_PX = 1600

export interface DecodedPhoto {
  format: string
  /** As seen upright, after the EXIF orientation is applied. */
  width: number
  height: number
  exif: Buffer | undefined
}

const open = (bytes: Buffer) => sharp(bytes, { failOn: 'error', limitInputPixels: MAX_PHOTO_PIXELS })

/**
 * The bytes must decode whole, not just start like an image: a page renamed .jpg, a truncated
 * upload, six bytes that carry a JPEG's signature are refused (422) with the decoder's reason.
 * `stats()` reads every pixel, so libvips fails on the first decoding error (as evidenceImage.ts).
 */
export async function decodeWhole(bytes: Buffer): Promise<DecodedPhoto> {
  try {
    const image = open(bytes)
    const meta = await image.metadata()
    if (!meta.format || !ACCEPTED_FORMATS.has(meta.format)) throw new Error(`its data is ${meta.format ?? 'of no known format'}`)
    await image.stats()
    const turned = (meta.orientation ?? 1) >= 5
    return { format: meta.format, width: turned ? meta.height : meta.width, height: turned ? meta.width : meta.height, exif: meta.exif }
  } catch (err) {
    const reason = (err instanceof Error ? err.message : String(err)).split('\n')[0]!.slice(0, 160)
    throw createError('VALIDATION_FAILED', `invalid file: it is not a photo that decodes whole (JPEG, PNG, WebP or HEIF of at most ${MAX_PHOTO_PIXELS / 1_000_000} MP): ${reason}`)
  }
}

/** The thumbnail and the evidence copy; both upright, both JPEG, neither with any metadata left. */
export interface PhotoCopies {
  thumb: Buffer
  evidence: Buffer
}

/**
 * Both copies start from the original turned upright (`rotate()` reads the EXIF orientation) and
 * flattened onto white (a PNG's transparency). sharp writes no metadata unless asked, so the
 * thumbnail and the evidence copy carry no EXIF and no GPS: what the evidence says is burned in.
 */
export async function makeCopies(bytes: Buffer, facts: WatermarkFacts): Promise<PhotoCopies> {
  const upright = () => open(bytes).rotate().flatten({ background: '#ffffff' })
  const thumb = await upright().resize(THUMB_PX, THUMB_PX, { fit: 'inside', withoutEnlargement: true }).jpeg({ quality: 75 }).toBuffer()
  const { data, info } = await upright()
    .resize(EVIDENCE_PX, EVIDENCE_PX, { fit: 'inside', withoutEnlargement: true })
    .raw()
    .toBuffer({ resolveWithObject: true })
  const band = watermarkBand(info.width, info.height, facts)
  const evidence = await sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } })
    .composite([{ input: band.svg, top: band.top, left: 0 }])
    .jpeg({ quality: 85 })
    .toBuffer()
  return { thumb, evidence }
}
