import type { Request } from 'express'
import { z } from 'zod'
import { hasPermission } from '@shared/permissions'
import { Role } from '@shared/roles'
import { Id } from '@shared/schemas/reference'
import { requirePrincipal } from '../auth/requestAuth'
import { createError } from '../core/appError'

/** Who is acting on a case: recorded in the history of every change. */
export interface Actor {
  id: string
  role: Role
}

/** People an integration may act for: anyone who reports or works cases, never an administrator or a screen. */
const DELEGABLE = new Set<Role>(['duty_chief', 'intake', 'dispatcher', 'leader', 'community_operator', 'unit_handler', 'grid_worker'])

const OnBehalfOfText = z.string().regex(/^[a-z_]{1,32}\/[A-Za-z0-9_-]{1,64}$/, 'X-On-Behalf-Of is "<role>/<id>", e.g. "grid_worker/W0001"')

/** The header as routes that take it declare it (for the OpenAPI document). */
export const ON_BEHALF_OF_HEADER = {
  name: 'X-On-Behalf-Of',
  description: 'Integrations only: the person the call is made for, as `<role>/<id>` (e.g. `grid_worker/W0001`); the case history records that person.',
  schema: OnBehalfOfText,
}

const OnBehalfOf = OnBehalfOfText
  .transform((v) => {
    const [role, id] = v.split('/') as [string, string]
    return { role, id }
  })
  .pipe(z.object({ role: Role.refine((r) => DELEGABLE.has(r), 'not a role an integration may act for'), id: Id }))

/**
 * The signed-in caller is the actor. An integration (the terminals' gateway, the hotline system,
 * the demo simulation) has signed its own people in and names the one it acts for in
 * `X-On-Behalf-Of`; the history records that person and the audit log the integration.
 */
export function actorFrom(req: Request): Actor {
  const { principal } = requirePrincipal(req)
  const header = req.get('x-on-behalf-of')
  if (header === undefined) return { id: principal.id, role: principal.role }
  if (!hasPermission(principal.role, 'cases:delegate')) {
    throw createError('FORBIDDEN', 'only an integration account may act on behalf of someone (X-On-Behalf-Of)')
  }
  const parsed = OnBehalfOf.safeParse(header)
  if (!parsed.success) throw createError('VALIDATION_FAILED', parsed.error.issues[0]?.message ?? 'bad X-On-Behalf-Of header')
  return parsed.data
}
