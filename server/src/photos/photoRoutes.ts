import type { Request, Response } from 'express'
import { z } from 'zod'
import { scopeOf } from '@shared/rules/caseScope'
import { PhotoIdParams, PhotoReceipt } from '@shared/schemas/photo'
import type { AuditLog } from '../auth/auditLog'
import { clientIp, requirePrincipal } from '../auth/requestAuth'
import { type ActorOf, ON_BEHALF_OF_HEADER } from '../cases/actor'
import { caseAccess } from '../cases/caseAccess'
import type { CaseService } from '../cases/caseService'
import { AppError, createError } from '../core/appError'
import { type ApiRouter, reply } from '../http/apiRouter'
import type { PersonOf } from './photoDomain'
import { readPhotoUpload } from './photoMultipart'
import type { PhotoRow } from './photoRepository'
import { type PhotoService, type PhotoUploader, type PhotoVariant, type UploadCase, photoUrl } from './photoService'

export interface PhotoRouteDeps {
  photos: PhotoService
  personOf: PersonOf
  cases: Pick<CaseService, 'current'>
  audit: AuditLog
  actorOf: ActorOf
}

const UPLOAD_SUMMARY =
  'Upload one photo from the field as multipart/form-data: the file in the field `file` (JPEG, PNG, WebP or HEIF, at most 10 MB: 413 beyond), ' +
  'text fields idempotencyKey, caseId, gridId, lng, lat (all optional). The image must decode whole (422 with the decoder\'s reason otherwise). ' +
  'Answers 201 with the receipt; a retry with the same idempotencyKey answers 200 with the first receipt. ' +
  'Flags: gallery (captured more than 30 min before the upload), far (captured more than 300 m from lng/lat or the case), no_time / no_place (no EXIF to compare).'

/**
 * Photos from the field: uploaded on their own, then named by a report or a feedback. The original
 * is kept for the checker but never served; callers get the metadata-free thumbnail and the
 * watermarked evidence copy. A photo a case names is seen by who may see the case; one no case
 * names yet, by its uploader and the center's unscoped roles.
 */
export function registerPhotoRoutes(api: ApiRouter, deps: PhotoRouteDeps): void {
  const { photos, personOf, audit, actorOf } = deps
  const caseInScope = caseAccess(deps)

  const caseNamed = (req: Request, id: string): UploadCase => {
    try {
      const c = caseInScope(req, id)
      return { id: c.id, gridId: c.gridId, location: c.location }
    } catch (err) {
      if (err instanceof AppError && err.code === 'NOT_FOUND') throw createError('VALIDATION_FAILED', `invalid body: caseId: no case ${id}`)
      throw err
    }
  }

  const visible = (req: Request, id: string): PhotoRow => {
    const photo = photos.get(id)
    if (!photo) throw createError('NOT_FOUND', `no photo ${id}`)
    const caseId = photo.caseId ?? photo.namedCaseId
    if (caseId) caseInScope(req, caseId)
    else {
      const { principal } = requirePrincipal(req)
      if (scopeOf(principal).kind !== 'all' && photo.receipt.uploadedBy !== principal.id) throw createError('FORBIDDEN', 'this photo is not part of a case you may see')
    }
    return photo
  }

  const uploaderOf = (req: Request): PhotoUploader => {
    const { principal } = requirePrincipal(req)
    const actor = actorOf(req, 'photos:upload')
    const person = personOf(actor.id)
    return { id: actor.id, name: person?.name ?? principal.name, gridId: person?.gridId ?? principal.gridId }
  }

  api.add({
    method: 'post',
    path: '/photos',
    tag: 'photos',
    permission: 'photos:upload',
    // A worker sends up to 9 per report; the terminals' gateway carries a whole street's through one token.
    rateLimit: { by: 'account', perMinute: 600, burst: 120 },
    summary: UPLOAD_SUMMARY,
    headers: [ON_BEHALF_OF_HEADER],
    response: PhotoReceipt,
    status: 201,
    errors: [401, 403, 413, 422],
    handler: async ({ req, res }) => {
      const { principal } = requirePrincipal(req)
      const uploader = uploaderOf(req)
      const { file, fields } = await readPhotoUpload(req, res)
      const onCase = fields.caseId ? caseNamed(req, fields.caseId) : null
      const { created, photo } = await photos.upload({ uploader, file, fields, onCase })
      const { receipt } = photo
      if (created) {
        audit.record({
          actorId: principal.id,
          actorRole: principal.role,
          action: 'photo.upload',
          target: receipt.id,
          outcome: 'success',
          ip: clientIp(req),
          details: { bytes: receipt.bytes, sha256: receipt.sha256, flags: receipt.flags, ...(uploader.id !== principal.id ? { onBehalfOf: uploader.id } : {}) },
        })
      }
      return created ? reply(201, receipt, { Location: photoUrl(receipt.id) }) : reply(200, receipt, { 'Idempotent-Replayed': 'true' })
    },
  })

  api.add({
    method: 'get',
    path: '/photos/:id',
    tag: 'photos',
    permission: 'photos:read',
    summary: "A photo's receipt: sizes, SHA-256, capture time and place from its EXIF, the checker's flags, and the URLs of its copies",
    params: PhotoIdParams,
    response: PhotoReceipt,
    errors: [403, 404],
    handler: ({ params, req }) => visible(req, params.id).receipt,
  })

  const sendCopy = async (req: Request, res: Response, id: string, variant: PhotoVariant) => {
    const photo = visible(req, id)
    const bytes = await photos.read(photo, variant)
    // A photo's copies never change once made: the browser may keep them, for this user only.
    res
      .status(200)
      .set({
        'Content-Type': 'image/jpeg',
        'Cache-Control': 'private, max-age=31536000, immutable',
        'X-Content-Type-Options': 'nosniff',
        'Content-Disposition': `inline; filename="${photo.receipt.id}-${variant}.jpg"`,
      })
      .send(bytes)
  }

  api.add({
    method: 'get',
    path: '/photos/:id/thumb',
    tag: 'photos',
    permission: 'photos:read',
    summary: 'The thumbnail (image/jpeg, at most 320 px, upright, without any metadata: no EXIF, no GPS)',
    params: PhotoIdParams,
    response: z.unknown().describe('image bytes'),
    errors: [403, 404],
    handler: ({ params, req, res }) => sendCopy(req, res, params.id, 'thumb'),
  })

  api.add({
    method: 'get',
    path: '/photos/:id/evidence',
    tag: 'photos',
    permission: 'photos:read',
    summary: 'The evidence copy (image/jpeg, at most 1600 px, upright) with the server\'s watermark burned in: capture and upload time (Beijing time), grid, worker, photo id',
    params: PhotoIdParams,
    response: z.unknown().describe('image bytes'),
    errors: [403, 404],
    handler: ({ params, req, res }) => sendCopy(req, res, params.id, 'evidence'),
  })
}
