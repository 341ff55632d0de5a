import { z } from 'zod'
import { WallCommandBody, WallCreateBody, WallDeleted, WallList, WallState } from '@shared/schemas/wallApi'
import { WallName } from '@shared/wall/wallState'
import type { AuditLog } from '../auth/auditLog'
import { clientIp, requirePrincipal } from '../auth/requestAuth'
import type { ApiRouter } from '../http/apiRouter'
import { createError } from '../core/appError'
import type { WallService } from './wallService'

/** A wall display sees its own wall only; people with wall:view see any. */
export function assertMayView(principal: { kind: string; wall: string | null }, wall: string): void {
  if (principal.kind === 'display' && principal.wall !== wall) throw createError('FORBIDDEN', `this display shows wall "${principal.wall}", not "${wall}"`)
}

/**
 * The console's way to push a camera, a layout or a tour to a wall (the same commands the socket
 * takes), and the administrator's to create and delete walls.
 */
export function registerWallRoutes(api: ApiRouter, deps: { walls: WallService; audit: AuditLog }): void {
  const { walls, audit } = deps
  registerWallAdminRoutes(api, deps)
  api.add({
    method: 'get',
    path: '/walls',
    tag: 'walls',
    permission: 'wall:control',
    summary: 'Named walls with their version and whether an alarm holds them',
    response: WallList,
    handler: () => ({ items: walls.list().map((w) => ({ name: w.name, version: w.version, updatedAt: w.updatedAt, alarm: w.alarm !== null })) }),
  })
  api.add({
    method: 'get',
    path: '/walls/:name',
    tag: 'walls',
    permission: 'wall:view',
    summary: "A wall's state: layout, tiles, tour, the alarm holding it and the alarms waiting, map view",
    params: z.object({ name: WallName }),
    response: WallState,
    errors: [403, 404],
    handler: ({ params, req }) => {
      assertMayView(requirePrincipal(req).principal, params.name)
      return walls.get(params.name)
    },
  })
  api.add({
    method: 'post',
    path: '/walls/:name/commands',
    tag: 'walls',
    permission: 'wall:control',
    summary: 'Change a wall (set a tile, a layout, start a tour, acknowledge an alarm…); every screen of it follows within a second',
    params: z.object({ name: WallName }),
    body: WallCommandBody,
    response: WallState,
    errors: [404, 409, 422],
    handler: ({ params, body, req }) => {
      const { principal } = requirePrincipal(req)
      const next = walls.command(params.name, body.command, body.version)
      audit.record({ actorId: principal.id, actorRole: principal.role, action: 'wall.command', target: params.name, outcome: 'success', ip: clientIp(req), details: { type: body.command.type, version: next.version } })
      return next
    },
  })
}

/** Walls exist because an administrator made them (or WALLS names them): reading one never creates it. */
function registerWallAdminRoutes(api: ApiRouter, deps: { walls: WallService; audit: AuditLog }): void {
  const { walls, audit } = deps
  api.add({
    method: 'post',
    path: '/walls',
    tag: 'walls',
    permission: 'displays:manage',
    summary: 'Create a wall (an empty 4-split); its screens are then issued display tokens for it',
    body: WallCreateBody,
    response: WallState,
    status: 201,
    errors: [409, 422],
    handler: ({ body, req }) => {
      const { principal } = requirePrincipal(req)
      const created = walls.create(body.name)
      audit.record({ actorId: principal.id, actorRole: principal.role, action: 'wall.create', target: body.name, outcome: 'success', ip: clientIp(req) })
      return created
    },
  })
  api.add({
    method: 'delete',
    path: '/walls/:name',
    tag: 'walls',
    permission: 'displays:manage',
    summary: 'Delete a wall an administrator created (one named in WALLS is refused: it would come back at start)',
    params: z.object({ name: WallName }),
    response: WallDeleted,
    errors: [404, 409],
    handler: ({ params, req }) => {
      const { principal } = requirePrincipal(req)
      walls.remove(params.name)
      audit.record({ actorId: principal.id, actorRole: principal.role, action: 'wall.delete', target: params.name, outcome: 'success', ip: clientIp(req) })
      return { deleted: params.name }
    },
  })
}
