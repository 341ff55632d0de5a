import express, { type Request, type Response } from 'express'
import type { z } from 'zod'
import { createError, parseInput } from '../core/appError'
import { createRateLimiter } from '../core/rateLimiter'
import type { AccessCheck, RouteAccess } from '../auth/requestAuth'

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete'

export type { AccessCheck, RouteAccess } from '../auth/requestAuth'

/** A route's own limit, on top of the general one: per client address or per signed-in account. */
export interface RouteRateLimit {
  by: 'ip' | 'account'
  perMinute: number
  burst: number
}

export interface ApiRouterOptions {
  checkAccess: AccessCheck
  /** The key a route's rate limit counts under. */
  rateKey: (req: Request, by: RouteRateLimit['by']) => string
}

type Infer<S> = S extends z.ZodType ? z.infer<S> : undefined

/**
 * A request header a route reads besides the credentials (`Idempotency-Key`, `X-On-Behalf-Of`),
 * declared for the OpenAPI document with the schema the route itself checks it with.
 */
export interface RouteHeader {
  name: string
  description: string
  schema: z.ZodType
}

export interface RouteSpec<
  P extends z.ZodType | undefined = z.ZodType | undefined,
  Q extends z.ZodType | undefined = z.ZodType | undefined,
  B extends z.ZodType | undefined = z.ZodType | undefined,
> {
  method: Method
  /** Express path relative to /api/v1, e.g. `/cases/:id`. */
  path: string
  summary: string
  tag: string
  /**
   * Who may call it: a permission, any signed-in caller, or `public` (sign-in, liveness). Required,
   * so a new route cannot be mounted without deciding; checked before the input is even parsed.
   */
  permission: RouteAccess
  rateLimit?: RouteRateLimit
  /** Headers the handler reads (the CSRF token is the access check's, and documented from `permission`). */
  headers?: readonly RouteHeader[]
  params?: P
  query?: Q
  body?: B
  response: z.ZodType
  /** Status of a success; a handler may override it with `reply()`. */
  status?: number
  /** Other statuses this route documents besides the error envelope. */
  errors?: number[]
  handler: (ctx: { params: Infer<P>; query: Infer<Q>; body: Infer<B>; req: Request; res: Response }) => unknown
}

/** A handler's answer with a status and headers of its own choosing. */
export class Reply {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {}
}
export const reply = (status: number, body: unknown, headers?: Record<string, string>) => new Reply(status, body, headers)

/**
 * Every API route is declared once here: the same declaration validates the request,
 * mounts the Express handler and feeds the OpenAPI document, so the two cannot drift.
 */
export class ApiRouter {
  readonly router = express.Router()
  readonly specs: RouteSpec[] = []

  constructor(private readonly options: ApiRouterOptions) {}

  add<P extends z.ZodType | undefined, Q extends z.ZodType | undefined, B extends z.ZodType | undefined>(
    spec: RouteSpec<P, Q, B>,
  ): this {
    this.specs.push(spec as unknown as RouteSpec)
    const limit = spec.rateLimit
    const limiter = limit ? createRateLimiter({ perSecond: limit.perMinute / 60, burst: limit.burst }) : null
    // No query schema means no query parameters: they are refused like any unknown one.
    const queryKeys = spec.query ? objectKeys(spec.query) : []
    this.router[spec.method](spec.path, async (req, res) => {
      if (limit && limiter) {
        const key = this.options.rateKey(req, limit.by)
        if (!limiter.take(key)) {
          res.set('Retry-After', String(limiter.retryAfter(key)))
          throw createError('RATE_LIMITED', `too many requests to ${spec.method.toUpperCase()} /api/v1${spec.path}; try again later`)
        }
      }
      this.options.checkAccess(req, spec.permission)
      const params = (spec.params ? parseInput(spec.params, req.params, 'params') : undefined) as Infer<P>
      if (queryKeys) refuseUnknownKeys(req.query, queryKeys)
      const query = (spec.query ? parseInput(spec.query, req.query, 'query') : undefined) as Infer<Q>
      const body = (spec.body ? parseInput(spec.body, req.body ?? {}, 'body') : undefined) as Infer<B>
      const result = await spec.handler({ params, query, body, req, res })
      if (res.headersSent) return
      if (result instanceof Reply) {
        res.status(result.status).set(result.headers).json(result.body)
        return
      }
      res.status(spec.status ?? 200).json(result)
    })
    return this
  }
}

function objectKeys(schema: z.ZodType): string[] | null {
  const shape = (schema as { shape?: Record<string, unknown> }).shape
  return shape ? Object.keys(shape) : null
}

/**
 * A filter the endpoint does not know is refused, not ignored: `?status=closed` for `?state=closed`
 * would otherwise answer with every case, and the caller would never learn why.
 */
function refuseUnknownKeys(query: Record<string, unknown>, known: readonly string[]): void {
  const unknown = Object.keys(query).filter((k) => !known.includes(k))
  if (!unknown.length) return
  // Named as sent, but only a few and only so long: the message must not grow with a hostile query string.
  const names = unknown.slice(0, 5).map((k) => JSON.stringify(k.slice(0, 40))).join(', ') + (unknown.length > 5 ? ', …' : '')
  const takes = known.length ? `this endpoint takes ${known.join(', ')}` : 'this endpoint takes no query parameters'
  throw createError('VALIDATION_FAILED', `invalid query: unknown parameter ${names}; ${takes}`)
}
