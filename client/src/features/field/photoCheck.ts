import { MAX_PHOTO_BYTES } from '@shared/schemas/photo'

/**
 * A picked file is checked on the phone before anything is stored: over 10 MB, or not an image by
 * its own first bytes (an HTML page renamed .jpg says it is image/jpeg by its name only), or an
 * image that does not decode, is refused at once with the reason. The server checks again.
 */
export type PhotoRefusal = 'too_big' | 'not_image' | 'undecodable' | 'empty'

const SIGNATURES: { type: string; test: (b: Uint8Array) => boolean }[] = [
  { type: 'image/jpeg', test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { type: 'image/png', test: (b) => b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47 },
  { type: 'image/webp', test: (b) => ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WEBP' },
  { type: 'image/heic', test: (b) => ascii(b, 4, 8) === 'ftyp' && /^(heic|heix|mif1|hevc)$/.test(ascii(b, 8, 12)) },
]
const ascii = (b: Uint8Array, from: number, to: number) => String.fromCharCode(...b.subarray(from, to))

/** The image type the bytes say, or null. */
export function sniffImageType(head: Uint8Array): string | null {
  return SIGNATURES.find((s) => s.test(head))?.type ?? null
}

export async function checkPhoto(file: Blob, decode: ((b: Blob) => Promise<unknown>) | null = defaultDecoder()): Promise<{ ok: true; type: string } | { ok: false; reason: PhotoRefusal }> {
  if (file.size === 0) return { ok: false, reason: 'empty' }
  if (file.size > MAX_PHOTO_BYTES) return { ok: false, reason: 'too_big' }
  const type = sniffImageType(new Uint8Array(await file.slice(0, 16).arrayBuffer()))
  if (!type) return { ok: false, reason: 'not_image' }
  // HEIC does not decode in every browser; the server decides for it.
  if (decode && type !== 'image/heic') {
    try {
      const bitmap = await decode(file)
      ;(bitmap as { close?: () => void }).close?.()
    } catch {
      return { ok: false, reason: 'undecodable' }
    }
  }
  return { ok: true, type }
}

function defaultDecoder(): ((b: Blob) => Promise<unknown>) | null {
  return typeof createImageBitmap === 'function' ? (b) => createImageBitmap(b) : null
}
