import type { Request, Response } from 'express'
import multer from 'multer'
import { MAX_PHOTO_BYTES, PhotoUploadFields } from '@shared/schemas/photo'
import { createError, parseInput } from '../core/appError'

/** One upload as read off the wire: the file's bytes and its text fields, parsed. */
export interface PhotoUploadParts {
  file: Buffer
  fields: PhotoUploadFields
}

/**
 * In memory: a photo is at most 10 MB and is decoded from memory anyway; busboy stops buffering at
 * the limit, so a 30 MB body costs 10 MB at most while it is drained. The field limits keep the
 * text parts to the handful the contract names.
 */
const parseMultipart = multer({
  storage: multer.memoryStorage(),
  limits: { fileSize: MAX_PHOTO_BYTES, files: 1, fields: 10, fieldSize: 256, parts: 12 },
}).single('file')

const MB = MAX_PHOTO_BYTES / (1024 * 1024)

function refusalOf(err: unknown): Error {
  if (err instanceof multer.MulterError) {
    if (err.code === 'LIMIT_FILE_SIZE') return createError('PAYLOAD_TOO_LARGE', `the photo is larger than ${MB} MB (${MAX_PHOTO_BYTES} bytes), the most one upload may be`)
    if (err.code === 'LIMIT_UNEXPECTED_FILE' || err.code === 'LIMIT_FILE_COUNT') return createError('VALIDATION_FAILED', 'invalid body: send one file, in the form field "file"')
    return createError('VALIDATION_FAILED', `invalid body: ${err.message.toLowerCase()}; the text fields are ${Object.keys(PhotoUploadFields.shape).join(', ')}`)
  }
  return createError('VALIDATION_FAILED', `invalid body: not a readable multipart/form-data body (${(err instanceof Error ? err.message : String(err)).slice(0, 120)})`)
}

/**
 * Read the multipart body. Called from the route's handler, so only after the router has checked
 * the caller may upload: an anonymous or unpermitted caller never has its body read.
 */
export async function readPhotoUpload(req: Request, res: Response): Promise<PhotoUploadParts> {
  if (!req.is('multipart/form-data')) throw createError('VALIDATION_FAILED', 'invalid body: send the photo as multipart/form-data, one file in the field "file"')
  await new Promise<void>((resolve, reject) => parseMultipart(req, res, (err?: unknown) => (err ? reject(refusalOf(err)) : resolve())))
  const file = req.file
  if (!file || file.buffer.length === 0) throw createError('VALIDATION_FAILED', 'invalid body: no photo: send one file in the form field "file"')
  // multer hands the fields over as a null-prototype object: copied to a plain one for zod.
  return { file: file.buffer, fields: parseInput(PhotoUploadFields, { ...(req.body as Record<string, unknown>) }, 'body') }
}
