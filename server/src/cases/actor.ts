import type { Request } from 'express'
import { z } from 'zod'
import { Role } from '@shared/roles'
import { Id } from '@shared/schemas/reference'
import { createError } from '../http/errors'

/** Who is acting on a case: recorded in the history of every change. */
export interface Actor {
  id: string
  role: Role
}

const ActorHeaders = z.object({ id: Id, role: Role })

/**
 * STAND-IN until accounts and sessions exist (a later issue): the caller names itself with the
 * `X-Actor-Id` and `X-Actor-Role` headers and we believe it. This is the only place that reads
 * them; replacing it with the session's user is the whole migration. Nothing else in cases/
 * knows where an Actor comes from.
 */
export function actorFrom(req: Request): Actor {
  const id = req.get('x-actor-id')
  const role = req.get('x-actor-role')
  if (!id || !role) {
    throw createError('UNAUTHENTICATED', 'sign in first: the X-Actor-Id and X-Actor-Role headers are missing')
  }
  const parsed = ActorHeaders.safeParse({ id, role })
  if (!parsed.success) {
    throw createError('UNAUTHENTICATED', `unrecognised actor: X-Actor-Id must be an id and X-Actor-Role one of ${Role.options.join(', ')}`)
  }
  return parsed.data
}
