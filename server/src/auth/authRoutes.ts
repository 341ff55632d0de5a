import { z } from 'zod'
import { DisplayLoginBody, LoginBody, Me, TerminalLoginBody } from '@shared/schemas/auth'
import { queryInt } from '@shared/schemas/query'
import { Id } from '@shared/schemas/reference'
import type { ApiRouter } from '../http/apiRouter'
import { AuditEntry, type AuditLog } from './auditLog'
import type { AccountRepository } from './accountRepository'
import type { AuthService, SignedIn } from './authService'
import { clearSessionCookie, clientIp, requirePrincipal, setSessionCookie, sessionToken } from './requestAuth'

const Display = z.object({
  id: z.string(),
  name: z.string(),
  wall: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
})

const WallName = z.string().regex(/^[a-z0-9-]{1,32}$/, 'a wall name is 1-32 lower-case letters, digits or "-"')

const meOf = (s: SignedIn) => ({ user: s.principal, csrfToken: s.csrfToken, expiresAt: s.expiresAt })

export function registerAuthRoutes(api: ApiRouter, deps: { auth: AuthService; accounts: AccountRepository; audit: AuditLog; secureCookies: boolean }): void {
  const { auth, accounts, audit } = deps
  api.add({
    method: 'post',
    path: '/auth/login',
    tag: 'auth',
    summary: 'Sign in with username and password; sets the httpOnly session cookie',
    permission: 'public',
    // On top of the per-account lockout: one address cannot walk through many accounts.
    rateLimit: { by: 'ip', perMinute: 60, burst: 20 },
    body: LoginBody,
    response: Me,
    errors: [401, 429],
    handler: async ({ body, req, res }) => {
      const signed = await auth.login(body.username, body.password, clientIp(req))
      setSessionCookie(res, signed, deps.secureCookies)
      return meOf(signed)
    },
  })
  api.add({
    method: 'post',
    path: '/auth/terminal',
    tag: 'auth',
    summary: 'Sign a field worker in on a registered handset: a 30-day session that records the terminal id',
    permission: 'public',
    // The same limits as /auth/login, and the same per-account lockout (authService.checkPassword).
    rateLimit: { by: 'ip', perMinute: 60, burst: 20 },
    body: TerminalLoginBody,
    response: Me,
    errors: [401, 403, 422, 429],
    handler: async ({ body, req, res }) => {
      const signed = await auth.loginTerminal(body, clientIp(req))
      setSessionCookie(res, signed, deps.secureCookies)
      return meOf(signed)
    },
  })
  api.add({
    method: 'post',
    path: '/auth/display',
    tag: 'auth',
    summary: 'Sign a wall PC in with the display token an administrator issued',
    permission: 'public',
    rateLimit: { by: 'ip', perMinute: 60, burst: 20 },
    body: DisplayLoginBody,
    response: Me,
    errors: [401],
    handler: ({ body, req, res }) => {
      const signed = auth.signInDisplay(body.token, clientIp(req))
      setSessionCookie(res, signed, deps.secureCookies)
      return meOf(signed)
    },
  })
  api.add({
    method: 'post',
    path: '/auth/logout',
    tag: 'auth',
    summary: 'Sign out: ends this session',
    permission: 'authenticated',
    response: z.object({ ok: z.literal(true) }),
    handler: ({ req, res }) => {
      const token = sessionToken(req)
      if (token) auth.logout(token)
      clearSessionCookie(res, deps.secureCookies)
      return { ok: true as const }
    },
  })
  api.add({
    method: 'get',
    path: '/auth/me',
    tag: 'auth',
    summary: 'Who is signed in, with the CSRF token for state-changing requests',
    permission: 'authenticated',
    response: Me,
    handler: ({ req }) => {
      const { principal, credential } = requirePrincipal(req)
      return { user: principal, csrfToken: credential.csrfToken, expiresAt: credential.expiresAt }
    },
  })
  api.add({
    method: 'get',
    path: '/displays',
    tag: 'admin',
    summary: 'Wall display identities',
    permission: 'displays:manage',
    response: z.object({ items: z.array(Display) }),
    handler: () => ({ items: accounts.listDisplays() }),
  })
  api.add({
    method: 'post',
    path: '/displays',
    tag: 'admin',
    summary: 'Issue a display token for a wall PC (shown once)',
    permission: 'displays:manage',
    status: 201,
    body: z.object({ name: z.string().trim().min(1).max(60), wall: WallName }),
    response: z.object({ display: Display, token: z.string() }),
    handler: ({ body, req }) => auth.issueDisplay(requirePrincipal(req).principal, body),
  })
  api.add({
    method: 'delete',
    path: '/displays/:id',
    tag: 'admin',
    summary: 'Revoke a display token; its wall is signed out at once',
    permission: 'displays:manage',
    params: z.object({ id: Id }),
    response: z.object({ ok: z.literal(true) }),
    handler: ({ params, req }) => {
      auth.revokeDisplay(requirePrincipal(req).principal, params.id)
      return { ok: true as const }
    },
  })
  api.add({
    method: 'get',
    path: '/audit',
    tag: 'admin',
    summary: 'The append-only audit log, newest first',
    permission: 'audit:read',
    query: z.object({
      before: queryInt(1, Number.MAX_SAFE_INTEGER).optional(),
      limit: queryInt(1, 500).default(100),
      action: z.string().max(64).optional(),
      actorId: z.string().max(64).optional(),
    }),
    response: z.object({ items: z.array(AuditEntry), nextBefore: z.number().nullable() }),
    handler: ({ query }) => audit.list(query),
  })
}
