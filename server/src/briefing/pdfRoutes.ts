import type { Request } from 'express'
import { z } from 'zod'
import { BriefingQuery } from '@shared/schemas/briefing'
import type { AuthService } from '../auth/authService'
import { SESSION_COOKIE, requirePrincipal } from '../auth/requestAuth'
import { createError } from '../core/appError'
import type { ApiRouter } from '../http/apiRouter'
import { resolveRange } from '../kpi/kpiRanges'
import type { ReferenceRepository } from '../reference/referenceRepository'
import { resolveScope } from './briefingService'
import type { PdfRenderer } from './pdfRenderer'

export interface PdfRouteDeps {
  auth: Pick<AuthService, 'issueApiToken' | 'logout'>
  reference: ReferenceRepository
  renderer: PdfRenderer
  timeoutMs: number
  now: () => Date
}

/**
 * The server's own address as the request reached it (never the Host header, which the caller
 * writes): the print page is opened there, so the render's token never leaves this machine.
 */
function selfOrigin(req: Request): string {
  const address = req.socket.localAddress ?? '127.0.0.1'
  const host = address.includes(':') ? (address.startsWith('::ffff:') ? address.slice(7) : `[${address}]`) : address
  return `http://${host}:${req.socket.localPort}`
}

/**
 * GET /briefing.pdf: the briefing's print page (/briefing?…&print=1) printed by the system's
 * Chromium. The headless browser signs in as the requester with a token made for this render only
 * (as long as the render may take), dropped when it ends: never a password, never more than the
 * requester may read.
 */
export function registerPdfRoutes(api: ApiRouter, deps: PdfRouteDeps): void {
  api.add({
    method: 'get',
    path: '/briefing.pdf',
    tag: 'briefing',
    permission: 'briefing:read',
    summary:
      'The briefing of the days [from, to] in a scope as an A4 landscape PDF, one briefing page a page, printed on the server by the system Chromium; ' +
      'one render at a time; 503 naming what to install when Chromium is missing',
    query: BriefingQuery,
    response: z.string(),
    errors: [422, 503],
    handler: async ({ query, req, res }) => {
      const { principal } = requirePrincipal(req)
      if (principal.kind !== 'user') throw createError('FORBIDDEN', 'the PDF is printed for a signed-in person')
      const range = resolveRange(query.from, query.to, deps.now())
      resolveScope(query.scope, deps.reference)
      const page = new URL('/briefing', selfOrigin(req))
      page.search = new URLSearchParams({ from: range.from, to: range.to, scope: query.scope, print: '1' }).toString()
      const session = () => {
        const token = deps.auth.issueApiToken(principal.id, deps.timeoutMs + 60_000)
        return { cookie: { name: SESSION_COOKIE, value: token }, end: () => deps.auth.logout(token) }
      }
      const pdf = await deps.renderer.render({ url: page.toString(), session })
      res.set({ 'Content-Type': 'application/pdf', 'Content-Disposition': `attachment; filename="briefing-${range.from}-${range.to}.pdf"` })
      res.end(pdf)
    },
  })
}
