import express, { type RequestHandler } from 'express'
import { z } from 'zod'
import { isOpen } from '@shared/caseMachine'
import { hasPermission } from '@shared/permissions'
import { CaseIdParams } from '@shared/schemas/caseApi'
import { Evidence, EvidenceIdParams, EvidenceList } from '@shared/schemas/evidence'
import type { AuditLog } from '../auth/auditLog'
import { authenticationOf, clientIp, requirePrincipal } from '../auth/requestAuth'
import { type ActorOf, ON_BEHALF_OF_HEADER } from '../cases/actor'
import { caseAccess } from '../cases/caseAccess'
import type { CaseService } from '../cases/caseService'
import { type ApiRouter, reply } from '../http/apiRouter'
import { createError } from '../core/appError'
import type { ReferenceRepository } from '../reference/referenceRepository'
import { EvidenceUploadBody, assertDecodesWhole } from './evidenceImage'
import type { EvidenceStore } from './evidenceStore'

export interface EvidenceRouteDeps {
  evidence: EvidenceStore
  cases: Pick<CaseService, 'current'>
  reference: Pick<ReferenceRepository, 'camera'>
  audit: AuditLog
  actorOf: ActorOf
}

/** The body limit of an attach: the largest image (1.5 MB) base64-encoded is 2,000,000 characters. */
export const EVIDENCE_BODY_LIMIT = '2mb'

/**
 * The JSON parser of the attach route, mounted on `/api/v1/cases/:id/evidence` before the general
 * 64 kB one (which then finds the body already read and skips it). Only a signed-in caller who may
 * attach gets the larger allowance; anyone else is left to the general limit, so an anonymous
 * caller cannot make the server read 2 MB before it is refused.
 */
export function evidenceBodyParser(): RequestHandler {
  const parse = express.json({ limit: EVIDENCE_BODY_LIMIT })
  return (req, res, next) => {
    const who = authenticationOf(req)?.principal
    if (req.method !== 'POST' || !who || !hasPermission(who.role, 'cases:act')) {
      next()
      return
    }
    parse(req, res, next)
  }
}

const safeStamp = (iso: string) => iso.replace(/[^0-9TZ]/g, '')

/**
 * Snapshots of camera tiles kept as evidence of a case. Reading and attaching follow the case's
 * scope; a wall display may look but never attach (`cases:act`).
 */
export function registerEvidenceRoutes(api: ApiRouter, deps: EvidenceRouteDeps): void {
  const { evidence, cases, reference, audit, actorOf } = deps

  const caseInScope = caseAccess({ cases, audit })

  api.add({
    method: 'post',
    path: '/cases/:id/evidence',
    tag: 'evidence',
    permission: 'cases:act',
    // A snapshot is a person's click; the ceiling bounds how fast one account can fill the disk.
    rateLimit: { by: 'account', perMinute: 30, burst: 20 },
    summary:
      'Attach a snapshot of a camera tile to an open case: a JPEG or PNG data URL of at most 1.5 MB, whose bytes must really be that type and decode whole (422 otherwise). Answers 201 with the record; its `url` serves the image.',
    headers: [ON_BEHALF_OF_HEADER],
    params: CaseIdParams,
    body: EvidenceUploadBody,
    response: Evidence,
    status: 201,
    errors: [401, 403, 404, 409, 413, 422],
    handler: async ({ params, body, req }) => {
      const { principal } = requirePrincipal(req)
      const actor = actorOf(req, 'cases:act')
      const c = caseInScope(req, params.id)
      if (!isOpen(c.state)) throw createError('ILLEGAL_TRANSITION', `case ${c.code} is ${c.state}: evidence can be attached to an open case only`)
      if (!reference.camera(body.cameraId)) throw createError('VALIDATION_FAILED', `invalid body: cameraId: no camera ${body.cameraId}`)
      await assertDecodesWhole(body)
      const saved = await evidence.save({ caseId: c.id, cameraId: body.cameraId, takenAt: body.takenAt, createdBy: actor.id, mime: body.mime, bytes: body.bytes })
      audit.record({
        actorId: principal.id,
        actorRole: principal.role,
        action: 'case.evidence',
        target: c.id,
        outcome: 'success',
        ip: clientIp(req),
        details: { evidenceId: saved.id, cameraId: saved.cameraId, bytes: saved.bytes, sha256: saved.sha256, ...(actor.id !== principal.id ? { onBehalfOf: `${actor.role}/${actor.id}` } : {}) },
      })
      return reply(201, saved, { Location: saved.url })
    },
  })

  api.add({
    method: 'get',
    path: '/cases/:id/evidence',
    tag: 'evidence',
    permission: 'cases:read',
    summary: "A case's evidence images, oldest first (records only; each `url` serves the image)",
    params: CaseIdParams,
    response: EvidenceList,
    errors: [403, 404],
    handler: ({ params, req }) => {
      caseInScope(req, params.id)
      return { items: evidence.list(params.id) }
    },
  })

  api.add({
    method: 'get',
    path: '/evidence/:id',
    tag: 'evidence',
    permission: 'cases:read',
    summary: 'The image bytes of one evidence record (image/jpeg or image/png, not JSON), for callers who may see its case',
    params: EvidenceIdParams,
    response: z.unknown().describe('image bytes'),
    errors: [403, 404],
    handler: async ({ params, req, res }) => {
      const record = evidence.get(params.id)
      if (!record) throw createError('NOT_FOUND', `no evidence ${params.id}`)
      caseInScope(req, record.caseId)
      const bytes = await evidence.read(record)
      const name = `evidence-${record.caseId}-${safeStamp(record.takenAt)}.${record.mime === 'image/png' ? 'png' : 'jpg'}`
      // Headers are sent here, so the router sends nothing more.
      res
        .status(200)
        .set({
          'Content-Type': record.mime,
          'Cache-Control': 'private, max-age=3600',
          'X-Content-Type-Options': 'nosniff',
          'Content-Disposition': `inline; filename="${name}"`,
        })
        .send(bytes)
    },
  })
}
