import { z } from 'zod'
import type { ApiRouter } from '../http/apiRouter'
import { buildOpenApiDocument } from './openapiDocument'

/** GET /api/v1/openapi.json: the document of every route registered so far, built on first request. */
export function registerOpenApiRoute(api: ApiRouter): void {
  let openapi: unknown = null
  api.add({
    method: 'get',
    path: '/openapi.json',
    tag: 'system',
    permission: 'authenticated',
    summary: 'This document',
    response: z.record(z.string(), z.unknown()),
    handler: () => (openapi ??= buildOpenApiDocument(api.specs)),
  })
}
