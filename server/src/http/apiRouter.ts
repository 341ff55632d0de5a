import express, { type Request, type Response } from 'express'
import type { z } from 'zod'
import { parseInput } from './errors'

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete'

type Infer<S> = S extends z.ZodType ? z.infer<S> : undefined

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

  add<P extends z.ZodType | undefined, Q extends z.ZodType | undefined, B extends z.ZodType | undefined>(
    spec: RouteSpec<P, Q, B>,
  ): this {
    this.specs.push(spec as unknown as RouteSpec)
    this.router[spec.method](spec.path, async (req, res) => {
      const params = (spec.params ? parseInput(spec.params, req.params, 'params') : undefined) as Infer<P>
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
