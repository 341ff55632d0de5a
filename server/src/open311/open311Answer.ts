import type { ErrorRequestHandler, Response } from 'express'
import { XMLBuilder } from 'fast-xml-parser'
import { AppError } from '../core/appError'
import type { Logger } from '../core/logger'
import type { Open311Format } from './open311Input'

/**
 * Every answer of the Open311 endpoint, JSON or XML. A JSON list is the bare array the spec
 * shows; in XML each list has its root and item element (`<services><service>`).
 */

const builder = new XMLBuilder({ format: true, suppressEmptyNode: false })
const XML_HEADER = '<?xml version="1.0" encoding="utf-8"?>\n'

/** The XML element names of each kind of answer: the root, and each item in it. */
export const XML_ROOTS = {
  services: ['services', 'service'],
  requests: ['service_requests', 'request'],
  updates: ['service_request_updates', 'request_update'],
  errors: ['errors', 'error'],
} as const
export type ListKind = keyof typeof XML_ROOTS

export function toXml(value: Record<string, unknown>): string {
  return XML_HEADER + (builder.build(value) as string)
}

function send(res: Response, status: number, format: Open311Format, json: unknown, xml: () => string): void {
  // Answers are about now and about cases: no browser or proxy keeps them.
  res.set('Cache-Control', 'no-store')
  if (format === 'xml') res.status(status).type('text/xml; charset=utf-8').send(xml())
  else res.status(status).type('application/json; charset=utf-8').send(JSON.stringify(json))
}

export function sendList(res: Response, format: Open311Format, kind: ListKind, items: readonly object[], status = 200): void {
  const [root, item] = XML_ROOTS[kind]
  send(res, status, format, items, () => toXml({ [root]: { [item]: items } }))
}

/** The service definition: one object, `<service_definition>` in XML with `<attributes><attribute>`. */
export function sendDefinition(res: Response, format: Open311Format, definition: { service_code: string; attributes: readonly object[] }): void {
  send(res, 200, format, definition, () => toXml({ service_definition: { service_code: definition.service_code, attributes: { attribute: definition.attributes } } }))
}

/** An error the spec's way: the HTTP status as the code, and words a developer can act on. */
export class Open311Error extends Error {
  override name = 'Open311Error'
  constructor(
    readonly status: 400 | 403 | 404 | 413 | 429 | 500,
    message: string,
  ) {
    super(message)
  }
}

/**
 * Our error codes as Open311 statuses: a request that cannot be taken is a 400 (the spec's
 * "General Service Error"), an unknown service_code a 404, anything about the caller a 403.
 */
export function open311StatusOf(err: AppError): Open311Error['status'] {
  switch (err.code) {
    case 'UNAUTHENTICATED':
    case 'FORBIDDEN':
    case 'ROLE_FORBIDDEN':
      return 403
    case 'NOT_FOUND':
    case 'UNKNOWN_CATEGORY':
      return 404
    case 'RATE_LIMITED':
      return 429
    case 'PAYLOAD_TOO_LARGE':
      return 413
    case 'INTERNAL':
      return 500
    default:
      return err.status >= 500 ? 500 : 400
  }
}

/** The format an error is answered in: the one the path asked for, JSON when it named none. */
export const formatOfPath = (path: string): Open311Format => (/\.xml$/i.test(path) ? 'xml' : 'json')

function toOpen311Error(err: unknown, log: Logger, where: string): Open311Error {
  if (err instanceof Open311Error) return err
  if (err instanceof AppError) return new Open311Error(open311StatusOf(err), err.message)
  // body-parser's own client errors carry a status and a type.
  const e = err as { type?: string; status?: number; message?: string }
  if (e?.type === 'entity.too.large') return new Open311Error(413, 'request body is too large')
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) return new Open311Error(400, `malformed request: ${e.message ?? 'unreadable body'}`)
  log.error({ err, where }, 'unexpected error while answering an Open311 request')
  return new Open311Error(500, 'internal error; the duty engineer can find it in the server log')
}

/** The error handler of the Open311 paths (the body parsers' errors included): never our /api envelope. */
export function open311ErrorHandler(log: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    const e = toOpen311Error(err, log, `${req.method} ${req.baseUrl}${req.path}`)
    sendList(res, formatOfPath(req.path), 'errors', [{ code: e.status, description: e.message }], e.status)
  }
}
