import type { z } from 'zod'
import { ErrorBody } from '@shared/errors'
import type { RouteHeader, RouteSpec } from '../http/apiRouter'
import { type JsonSchema, toSchema } from './openapiSchema'
import { SECURITY_SCHEMES, headerParameter, securityOf } from './openapiSecurity'

/** `/cases/:id` → `/cases/{id}` */
export const toOpenApiPath = (expressPath: string) => expressPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}')

function parameters(schema: z.ZodType | undefined, where: 'path' | 'query'): JsonSchema[] {
  if (!schema) return []
  const json = toSchema(schema, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] }
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required ?? []).includes(name),
    schema: property,
    ...(typeof property['description'] === 'string' ? { description: property['description'] } : {}),
  }))
}

/**
 * What the pipeline itself may answer before a handler runs: any route refuses an unknown query
 * parameter (422) and has a rate limit (429); a signed-in one 401 without credentials, and 403 for a
 * role without its permission or a cookie session without its CSRF token.
 */
function refusalsOf(spec: RouteSpec): number[] {
  const statuses = [422, 429]
  if (spec.permission !== 'public') statuses.push(401)
  if (spec.permission !== 'public' && (spec.permission !== 'authenticated' || securityOf(spec).csrfHeader)) statuses.push(403)
  return statuses
}

const declaredHeader = (h: RouteHeader): JsonSchema => headerParameter(h.name, h.description, toSchema(h.schema, 'input'))

function operation(spec: RouteSpec, error: JsonSchema): JsonSchema {
  const responses: Record<string, unknown> = {
    [String(spec.status ?? 200)]: {
      description: 'success',
      content: { 'application/json': { schema: toSchema(spec.response, 'output') } },
    },
    default: error,
  }
  for (const status of [...spec.errors ?? [], ...refusalsOf(spec)].sort()) responses[String(status)] = error
  const { security, csrfHeader } = securityOf(spec)
  return {
    summary: spec.summary,
    tags: [spec.tag],
    operationId: `${spec.method}${toOpenApiPath(spec.path).replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase())}`,
    security,
    parameters: [
      ...parameters(spec.params, 'path'),
      ...parameters(spec.query, 'query'),
      ...(csrfHeader ? [csrfHeader] : []),
      ...(spec.headers ?? []).map(declaredHeader),
    ],
    ...(spec.body ? { requestBody: { required: true, content: { 'application/json': { schema: toSchema(spec.body, 'input') } } } } : {}),
    responses,
  }
}

export function buildOpenApiDocument(specs: readonly RouteSpec[], extraPaths: Record<string, unknown> = {}) {
  const error = { description: 'error', content: { 'application/json': { schema: toSchema(ErrorBody, 'output') } } }
  const paths: Record<string, Record<string, unknown>> = {}
  for (const spec of specs) {
    const path = `/api/v1${toOpenApiPath(spec.path)}`
    paths[path] ??= {}
    paths[path][spec.method] = operation(spec, error)
  }
  return {
    openapi: '3.0.3',
    info: {
      title: '鼓楼街道网格指挥中心 API (Gulou Street grid command center)',
      version: '1.0.0',
      description:
        'Integration API for handheld terminals, the 96156 hotline system and the district platform. Errors are `{ error: { code, message } }`; every 429 carries `Retry-After`.',
    },
    servers: [{ url: '/' }],
    components: { securitySchemes: SECURITY_SCHEMES },
    paths: { ...paths, ...extraPaths },
  }
}
