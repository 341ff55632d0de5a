import type { ErrorRequestHandler, RequestHandler } from 'express'
import { AppError, createError } from '../core/appError'
import type { Logger } from '../core/logger'

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  // originalUrl, not path: mounted under /api, req.path has lost the prefix the caller typed.
  next(createError('NOT_FOUND', `no such endpoint: ${req.method} ${req.originalUrl.split('?')[0]}`))
}

/**
 * Every 429 says when to come back (RFC 6585): the limiter's own figure when it set one, the
 * seconds an error carries in `details.retryAfterSeconds`, else a minute.
 */
function retryAfterOf(err: AppError): number {
  const seconds = (err.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds) : 60
}

/** The one error handler: known errors keep their code, anything else is logged and hidden. */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    if (err instanceof AppError) {
      if (err.status === 429 && !res.get('Retry-After')) res.set('Retry-After', String(retryAfterOf(err)))
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
