import type { ErrorRequestHandler, RequestHandler } from 'express'
import type { z } from 'zod'
import { ERROR_STATUS, type ErrorCode } from '@shared/errors'
import type { Logger } from '../logger'

export class AppError extends Error {
  override name = 'AppError'
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message)
  }
  get status(): number {
    return ERROR_STATUS[this.code]
  }
}

export const createError = (code: ErrorCode, message: string, details?: unknown) => new AppError(code, message, details)

/** Turn zod issues into one readable sentence naming each field. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(body)'}: ${issue.message}`)
    .join('; ')
}

/** Parse untrusted input; a failure becomes a 4xx naming the field and the problem. */
export function parseInput<S extends z.ZodType>(
  schema: S,
  data: unknown,
  where: 'body' | 'query' | 'params' | 'payload',
  code: ErrorCode = 'VALIDATION_FAILED',
): z.infer<S> {
  const parsed = schema.safeParse(data)
  if (!parsed.success) throw createError(code, `invalid ${where}: ${describeIssues(parsed.error)}`)
  return parsed.data
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(createError('NOT_FOUND', `no such endpoint: ${req.method} ${req.path}`))
}

/** The one error handler: known errors keep their code, anything else is logged and hidden. */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    if (err instanceof AppError) {
      res.status(err.status).json({ error: { code: err.code, message: err.message, details: err.details } })
      return
    }
    const e = err as { type?: string; status?: number; message?: string }
    // body-parser signals its own client errors with a status and a type.
    if (e?.type === 'entity.too.large') {
      res.status(413).json({ error: { code: 'PAYLOAD_TOO_LARGE', message: 'request body is too large' } })
      return
    }
    if (e?.type === 'entity.parse.failed' || (typeof e?.status === 'number' && e.status >= 400 && e.status < 500)) {
      res.status(400).json({ error: { code: 'BAD_REQUEST', message: `malformed request: ${e.message ?? 'unreadable body'}` } })
      return
    }
    log.error({ err, method: req.method, path: req.path }, 'unexpected error while handling a request')
    res.status(500).json({ error: { code: 'INTERNAL', message: 'internal error; the duty engineer can find it in the server log' } })
  }
}
