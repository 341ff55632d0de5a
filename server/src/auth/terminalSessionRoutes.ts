import { z } from 'zod'
import { Role } from '@shared/roles'
import type { ApiRouter } from '../http/apiRouter'
import type { AuditLog } from './auditLog'
import type { AuthService } from './authService'
import { clientIp, requirePrincipal } from './requestAuth'

/** A handset session as the administrator sees it: who, which handset, since and until when; never its token. */
const TerminalSession = z.object({
  id: z.string(),
  userId: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: Role,
  terminalId: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
})

// Any id-shaped text: one the list never gave is a plain 404, as for every other :id of the API.
const SessionId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a terminal session id is the id the list gives')

/** The administrator's view of the 30-day handset sessions (issue 16, point 7): list them, revoke one. */
export function registerTerminalSessionRoutes(api: ApiRouter, deps: { auth: AuthService; audit: AuditLog }): void {
  const { auth, audit } = deps
  api.add({
    method: 'get',
    path: '/terminal-sessions',
    tag: 'admin',
    summary: 'Live sessions on field terminals: person, terminal, created, expires',
    permission: 'users:manage',
    response: z.object({ items: z.array(TerminalSession) }),
    handler: ({ req }) => {
      const { principal } = requirePrincipal(req)
      const items = auth.listTerminalSessions()
      // Who looked at which person is on which handset: the list is personal data too.
      audit.record({ actorId: principal.id, actorRole: principal.role, action: 'terminal_session.list', outcome: 'success', ip: clientIp(req), details: { count: items.length } })
      return { items }
    },
  })
  api.add({
    method: 'delete',
    path: '/terminal-sessions/:id',
    tag: 'admin',
    summary: 'Revoke one terminal session; its sockets are closed at once, the person stays signed in elsewhere',
    permission: 'users:manage',
    params: z.object({ id: SessionId }),
    response: z.object({ ok: z.literal(true) }),
    errors: [404],
    handler: ({ params, req }) => {
      auth.revokeTerminalSession(requirePrincipal(req).principal, params.id)
      return { ok: true as const }
    },
  })
}
