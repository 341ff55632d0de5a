import { z } from 'zod'
import { Role } from '@shared/roles'
import { Id } from '@shared/schemas/reference'
import type { ApiRouter } from '../http/apiRouter'
import { createError } from '../core/appError'
import type { AccountRepository, UserRecord } from './accountRepository'
import type { AuditLog } from './auditLog'
import type { AuthService } from './authService'
import { generatePassword } from './passwords'
import { clientIp, requirePrincipal } from './requestAuth'

const User = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: Role,
  communityId: z.string().nullable(),
  unitId: z.string().nullable(),
  gridId: z.string().nullable(),
  disabled: z.boolean(),
  createdAt: z.string(),
})

const publicUser = (u: UserRecord): z.infer<typeof User> => ({
  id: u.id,
  username: u.username,
  displayName: u.displayName,
  role: u.role,
  communityId: u.communityId,
  unitId: u.unitId,
  gridId: u.gridId,
  disabled: u.disabled,
  createdAt: u.createdAt,
})

const SCOPE_FIELD: Partial<Record<Role, 'communityId' | 'unitId' | 'gridId'>> = {
  community_operator: 'communityId',
  unit_handler: 'unitId',
  grid_worker: 'gridId',
}

const NewUserBody = z
  .object({
    username: z.string().trim().regex(/^[a-z][a-z0-9_.-]{2,31}$/, 'a username is 3-32 lower-case letters, digits, ".", "_" or "-", starting with a letter'),
    displayName: z.string().trim().min(1).max(60),
    role: Role.refine((r) => r !== 'wall_display', 'wall displays get a display token (POST /api/v1/displays), not an account'),
    communityId: Id.nullable().default(null),
    unitId: Id.nullable().default(null),
    gridId: Id.nullable().default(null),
  })
  .superRefine((u, ctx) => {
    const field = SCOPE_FIELD[u.role]
    if (field && !u[field]) ctx.addIssue({ code: 'custom', path: [field], message: `a ${u.role} account needs its ${field}` })
  })

/** Administration of people and integrations; every change is audited by the service or here. */
export function registerUserRoutes(api: ApiRouter, deps: { auth: AuthService; accounts: AccountRepository; audit: AuditLog }): void {
  const { auth, accounts, audit } = deps
  api.add({
    method: 'get',
    path: '/users',
    tag: 'admin',
    permission: 'users:manage',
    summary: 'Accounts (never their password hashes)',
    response: z.object({ items: z.array(User) }),
    handler: () => ({ items: accounts.listUsers().map(publicUser) }),
  })
  api.add({
    method: 'post',
    path: '/users',
    tag: 'admin',
    permission: 'users:manage',
    summary: 'Create an account; people get a generated first password (shown once), integrations none (they use API tokens)',
    status: 201,
    body: NewUserBody,
    response: z.object({ user: User, password: z.string().nullable() }),
    errors: [400, 422],
    handler: async ({ body, req, res }) => {
      const by = requirePrincipal(req).principal
      if (accounts.userByName(body.username)) throw createError('BAD_REQUEST', `the username ${body.username} is taken`)
      const password = body.role === 'integration' ? null : generatePassword()
      const user = await auth.createUser({ ...body, password })
      audit.record({ actorId: by.id, actorRole: by.role, action: 'user.create', target: user.id, outcome: 'success', ip: clientIp(req), details: { role: user.role } })
      res.set('Cache-Control', 'no-store')
      return { user: publicUser(user), password }
    },
  })
  api.add({
    method: 'post',
    path: '/users/:id/disabled',
    tag: 'admin',
    permission: 'users:manage',
    summary: 'Disable (true) or re-enable (false) an account; disabling ends its sessions and sockets at once',
    params: z.object({ id: Id }),
    body: z.object({ disabled: z.boolean() }),
    response: User,
    errors: [404],
    handler: ({ params, body, req }) => publicUser(auth.setDisabled(requirePrincipal(req).principal, params.id, body.disabled)),
  })
  api.add({
    method: 'post',
    path: '/users/:id/tokens',
    tag: 'admin',
    permission: 'users:manage',
    summary: 'Issue an API token (Bearer) for an integration account; shown once',
    status: 201,
    params: z.object({ id: Id }),
    body: z.object({ days: z.number().int().min(1).max(366).default(90) }),
    response: z.object({ token: z.string(), expiresAt: z.string() }),
    errors: [404, 422],
    handler: ({ params, body, req, res }) => {
      const by = requirePrincipal(req).principal
      const user = accounts.userById(params.id)
      if (!user) throw createError('NOT_FOUND', `no user ${params.id}`)
      if (user.role !== 'integration') throw createError('VALIDATION_FAILED', 'API tokens are for integration accounts; people sign in')
      const ttlMs = body.days * 86_400_000
      const token = auth.issueApiToken(user.id, ttlMs)
      audit.record({ actorId: by.id, actorRole: by.role, action: 'user.token', target: user.id, outcome: 'success', ip: clientIp(req), details: { days: body.days } })
      res.set('Cache-Control', 'no-store')
      return { token, expiresAt: new Date(Date.now() + ttlMs).toISOString() }
    },
  })
}
