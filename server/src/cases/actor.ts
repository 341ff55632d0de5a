import type { Request } from 'express'
import { z } from 'zod'
import { type Permission, hasPermission } from '@shared/permissions'
import { Role } from '@shared/roles'
import type { PersonDirectory } from '../auth/personDirectory'
import { requirePrincipal } from '../auth/requestAuth'
import { createError } from '../core/appError'

/** Who is acting on a case: recorded in the history of every change. */
export interface Actor {
  id: string
  role: Role
  /**
   * The handset the action came from (issue 16): the caller's terminal session, or the registry's
   * terminal of the grid worker an integration acts for. The history records it with the step.
   */
  terminalId?: string | null
}

/** The history entry's `terminalId`, present only for a step reported from a handset. */
export const terminalOf = (actor: Actor): { terminalId?: string } => (actor.terminalId ? { terminalId: actor.terminalId } : {})

/** People an integration may act for: anyone who reports or works cases, never an administrator or a screen. */
const DELEGABLE = new Set<Role>(['duty_chief', 'intake', 'dispatcher', 'leader', 'community_operator', 'unit_handler', 'grid_worker'])

const OnBehalfOfText = z.string().regex(/^[a-z_]{1,32}\/[A-Za-z0-9_.-]{1,64}$/, 'X-On-Behalf-Of is "<role>/<id or username>", e.g. "grid_worker/W0001" or "intake/li.ming"')

/** The header as routes that take it declare it (for the OpenAPI document). */
export const ON_BEHALF_OF_HEADER = {
  name: 'X-On-Behalf-Of',
  description:
    'Integrations only: the person the call is made for, as `<role>/<who>`: an active account of that role by its id or username (`intake/li.ming`), or for `grid_worker` a worker of the registry (`grid_worker/W0001`); the case history records that person. Anyone else is refused with 422.',
  schema: OnBehalfOfText,
}

const OnBehalfOf = OnBehalfOfText
  .transform((v) => {
    const [role, id] = v.split('/') as [string, string]
    return { role, id }
  })
  .pipe(z.object({ role: Role.refine((r) => DELEGABLE.has(r), 'not a role an integration may act for'), id: z.string() }))

/** Who acts on a request that needs `permission`: the caller, or the person it names. */
export type ActorOf = (req: Request, permission: Permission) => Actor

/**
 * The signed-in caller is the actor. An integration (the terminals' gateway, the hotline system,
 * the demo simulation) has signed its own people in and names the one it acts for in
 * `X-On-Behalf-Of`; the history records that person and the audit log the integration. The person
 * must exist here, be active and hold the role named, and that role must be allowed the action
 * (422 with the reason otherwise).
 */
export function createActorOf(people: PersonDirectory): ActorOf {
  return (req, permission) => {
    const { principal } = requirePrincipal(req)
    const header = req.get('x-on-behalf-of')
    if (header === undefined) return { id: principal.id, role: principal.role, terminalId: principal.terminalId }
    if (!hasPermission(principal.role, 'cases:delegate')) {
      throw createError('FORBIDDEN', 'only an integration account may act on behalf of someone (X-On-Behalf-Of)')
    }
    const parsed = OnBehalfOf.safeParse(header)
    if (!parsed.success) throw createError('VALIDATION_FAILED', parsed.error.issues[0]?.message ?? 'bad X-On-Behalf-Of header')
    const { role, id } = parsed.data
    if (!hasPermission(role, permission)) throw createError('VALIDATION_FAILED', `X-On-Behalf-Of: a ${role} may not do this (it needs "${permission}")`)
    const found = people.find(role, id)
    if (!found.ok) throw createError('VALIDATION_FAILED', `X-On-Behalf-Of: ${found.reason}`)
    return found.person
  }
}
