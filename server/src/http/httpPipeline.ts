import fs from 'node:fs'
import path from 'node:path'
import express from 'express'
import type { AuditLog } from '../auth/auditLog'
import type { AuthService } from '../auth/authService'
import { authenticateRequests, authenticationOf, clientIp, createAccessCheck } from '../auth/requestAuth'
import { createError } from '../core/appError'
import type { Logger } from '../core/logger'
import { createRateLimiter } from '../core/rateLimiter'
import { ApiRouter } from './apiRouter'
import { errorHandler, notFoundHandler } from './errors'
import { securityHeaders } from './security'

/**
 * The Express app up to the routes: security headers, who is calling, body parsing, the general
 * rate limit, and the ApiRouter the domains register on. `bodyParsers` are the larger allowances
 * of particular paths (an evidence upload), mounted before the general 64 kB one.
 */
export function createHttpPipeline(deps: { auth: AuthService; audit: AuditLog; bodyParsers?: [string, express.RequestHandler][] }): { app: express.Express; api: ApiRouter } {
  const app = express()
  app.disable('x-powered-by')
  app.set('trust proxy', false)
  app.use(securityHeaders())
  app.use(authenticateRequests(deps.auth))
  for (const [at, parser] of deps.bodyParsers ?? []) app.use(at, parser)
  // The largest body we accept is a case report (4,000-character description, a few photo refs).
  app.use(express.json({ limit: '64kb' }))
  app.use('/api', generalRateLimit())
  // API answers are about now and about someone: no browser or proxy keeps them.
  app.use('/api', (_req, res, next) => {
    res.set('Cache-Control', 'no-store')
    next()
  })
  const api = new ApiRouter({
    checkAccess: createAccessCheck(deps.audit),
    rateKey: (req, by) => (by === 'account' ? (authenticationOf(req)?.principal.id ?? `ip:${clientIp(req)}`) : `ip:${clientIp(req)}`),
  })
  return { app, api }
}

/** After the routes: the API under /api/v1, a JSON 404 for the rest of /api, the client, the error handler. */
export function finishHttpPipeline(app: express.Express, api: ApiRouter, deps: { clientDir: string; log: Logger }): void {
  app.use('/api/v1', api.router)
  app.use('/api', notFoundHandler)
  serveClient(app, deps.clientDir)
  app.use(errorHandler(deps.log))
}

/**
 * A ceiling for every caller of the API, per account (or address when anonymous): a person's
 * console makes a few requests a second. Integrations (terminal gateway, hotline system) carry a
 * whole street's traffic through one token and are left to their own gateway's limits.
 */
function generalRateLimit(): express.RequestHandler {
  const limiter = createRateLimiter({ perSecond: 50, burst: 200 })
  return (req, res, next) => {
    const who = authenticationOf(req)?.principal
    if (who?.role === 'integration') return next()
    const key = who ? who.id : `ip:${clientIp(req)}`
    if (limiter.take(key)) return next()
    res.set('Retry-After', String(limiter.retryAfter(key)))
    next(createError('RATE_LIMITED', 'too many requests; slow down'))
  }
}

/** Serve the built client, with its single-page routes (/wall/main, /desk, …) answered by index.html. */
function serveClient(app: express.Express, clientDir: string): void {
  const index = createIndexPage(path.join(clientDir, 'index.html'))
  // A page route (no dot in it) is index.html straight from memory, before the static files are
  // looked at: a stat, an open and a read are each a turn of the event loop, and while the first
  // start writes its history every turn waits for a slice of it (bench/firstStart.bench.ts).
  const sendIndex = (_req: express.Request, res: express.Response) => {
    const page = index.read()
    if (!page) {
      res.status(503).type('text/plain').send('The wall client is not built yet: run `npm run build` (npm start does it for you).')
      return
    }
    res.setHeader('Cache-Control', 'no-cache')
    res.type('html').send(page)
  }
  app.get(/^\/(?!api\/|socket\.io\/|assets\/)[^.]*$/, sendIndex)
  app.use(express.static(clientDir, { index: false, maxAge: '1h', fallthrough: true }))
  // A chunk of an older build (a page left open across an upgrade) is a clean 404, not index.html
  // parsed as JavaScript.
  app.get(/^\/assets\//, (_req, res) => void res.status(404).type('text/plain').send('no such file in this build of the client; reload the page'))
  app.get(/^\/(?!api\/|socket\.io\/).*/, sendIndex)
}

/** index.html, kept in memory and read again when the file changes (a rebuild while the server runs). */
function createIndexPage(file: string) {
  let cached: { mtimeMs: number; size: number; body: Buffer } | null = null
  return {
    read(): Buffer | null {
      let stat: fs.Stats
      try {
        stat = fs.statSync(file)
      } catch {
        cached = null
        return null
      }
      if (!cached || cached.mtimeMs !== stat.mtimeMs || cached.size !== stat.size) cached = { mtimeMs: stat.mtimeMs, size: stat.size, body: fs.readFileSync(file) }
      return cached.body
    },
  }
}
