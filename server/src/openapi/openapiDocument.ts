import { z } from 'zod'
import { ErrorBody } from '@shared/errors'
import type { RouteSpec } from '../http/apiRouter'

type JsonSchema = Record<string, unknown>

const toSchema = (schema: z.ZodType, io: 'input' | 'output'): JsonSchema => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { target: 'openapi-3.0', io, unrepresentable: 'any' }) as JsonSchema
  return rest
}

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

export function buildOpenApiDocument(specs: readonly RouteSpec[], extraPaths: Record<string, unknown> = {}) {
  const error = { description: 'error', content: { 'application/json': { schema: toSchema(ErrorBody, 'output') } } }
  const paths: Record<string, Record<string, unknown>> = {}
  for (const spec of specs) {
    const path = `/api/v1${toOpenApiPath(spec.path)}`
    const responses: Record<string, unknown> = {
      [String(spec.status ?? 200)]: {
        description: 'success',
        content: { 'application/json': { schema: toSchema(spec.response, 'output') } },
      },
      default: error,
    }
    for (const status of spec.errors ?? []) responses[String(status)] = error
    paths[path] ??= {}
    paths[path][spec.method] = {
      summary: spec.summary,
      tags: [spec.tag],
      operationId: `${spec.method}${toOpenApiPath(spec.path).replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase())}`,
      parameters: [...parameters(spec.params, 'path'), ...parameters(spec.query, 'query')],
      ...(spec.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: toSchema(spec.body, 'input') } } } }
        : {}),
      responses,
    }
  }
  return {
    openapi: '3.0.3',
    info: {
      title: '鼓楼街道网格指挥中心 API (Gulou Street grid command center)',
      version: '1.0.0',
      description:
        'Integration API for handheld terminals, the 96156 hotline system and the district platform. Errors are `{ error: { code, message } }`.',
    },
    servers: [{ url: '/' }],
    paths: { ...paths, ...extraPaths },
  }
}
