import { z } from 'zod'
import type { ClientEventName } from './events'
import type { Role } from './roles'

/**
 * What each role may do. Every HTTP route and socket event names one of these, and one check
 * enforces it; scope (community, unit, grid) then narrows which cases a permitted role sees.
 */
export const Permission = z.enum([
  'reference:read',
  'workers:read',
  'cameras:view',
  'cases:read',
  'cases:report',
  'cases:act',
  'cases:delegate',
  'cases:reveal_phone',
  'kpi:read',
  'events:read',
  'desk:work',
  'wall:view',
  'wall:control',
  'audit:read',
  'users:manage',
  'displays:manage',
  'evaluation:manage',
  'briefing:read',
  'photos:upload',
  'photos:read',
  'positions:report',
  'positions:read',
  'district:refer',
  'district:receive',
  'district:read',
])
export type Permission = z.infer<typeof Permission>

const PEOPLE: readonly Role[] = [
  'admin',
  'duty_chief',
  'intake',
  'dispatcher',
  'leader',
  'community_operator',
  'unit_handler',
  'grid_worker',
]
// The leader acts once in the loop: the 综合评价 evaluation of a closed case.
const CASEWORK: readonly Role[] = ['duty_chief', 'intake', 'dispatcher', 'leader', 'community_operator', 'unit_handler', 'grid_worker']
const WATCHERS: readonly Role[] = [...PEOPLE, 'wall_display']

export const PERMISSION_ROLES: Record<Permission, readonly Role[]> = {
  'reference:read': [...WATCHERS, 'integration'],
  // Names of 1,416 people: the center's desks, not wall screens or unit handlers.
  'workers:read': ['admin', 'duty_chief', 'intake', 'dispatcher', 'leader', 'community_operator', 'integration'],
  'cameras:view': [...WATCHERS, 'integration'],
  // The administrator runs the system, not the casework.
  'cases:read': [...WATCHERS.filter((r) => r !== 'admin'), 'integration'],
  'cases:report': ['duty_chief', 'intake', 'community_operator', 'unit_handler', 'grid_worker', 'integration'],
  'cases:act': [...CASEWORK, 'integration'],
  // Acting for a named person: only a system that has signed that person in itself.
  'cases:delegate': ['integration'],
  // Hotline call-backs and the duty chief's follow-up need the number; nobody else does.
  'cases:reveal_phone': ['duty_chief', 'intake'],
  'kpi:read': [...WATCHERS, 'integration'],
  'events:read': [...WATCHERS, 'integration'],
  // The desk's queues and assignment suggestions: the people of the loop who work from a desk (and the administrator, who checks it).
  'desk:work': ['admin', 'duty_chief', 'intake', 'dispatcher', 'community_operator', 'unit_handler'],
  'wall:view': WATCHERS,
  'wall:control': ['duty_chief', 'dispatcher', 'leader'],
  'audit:read': ['admin'],
  'users:manage': ['admin'],
  'displays:manage': ['admin'],
  // A new version of the evaluation method (考核办法): who answers for the rankings, and the administrator.
  'evaluation:manage': ['admin', 'leader'],
  // The briefing (summary, notice, rankings, PDF, replay) is for who answers for the street; a
  // community station, unit or grid worker reads its own scope's KPIs on the wall and the desk. A wall
  // display reads it too, to show the briefing a leader puts on its wall (上墙).
  'briefing:read': ['admin', 'duty_chief', 'leader', 'wall_display'],
  // A photo is uploaded by whoever may report or act on a case, and read by whoever may read cases.
  'photos:upload': [...CASEWORK, 'integration'],
  'photos:read': [...WATCHERS.filter((r) => r !== 'admin'), 'integration'],
  // Field staff on duty report their own fix; the terminals' gateway (and the demo) for the people it signed in.
  'positions:report': ['grid_worker', 'unit_handler', 'integration'],
  // Positions are personal data: the center's own roles and its wall, not stations, units or integrations.
  'positions:read': ['duty_chief', 'intake', 'dispatcher', 'leader', 'wall_display'],
  // The district level (四级联动): escalating is a dispatch decision (上报区级), and so is a district's
  // referral to a street (转办); the other level's messages arrive through its integration account.
  'district:refer': ['duty_chief', 'dispatcher'],
  'district:receive': ['integration'],
  // The messages and their sign-for delays, and a district's streets side by side: the center's desks.
  'district:read': ['duty_chief', 'intake', 'dispatcher', 'leader'],
}

export function hasPermission(role: Role, permission: Permission): boolean {
  return PERMISSION_ROLES[permission].includes(role)
}

/**
 * The permission each client-to-server socket event needs; typed over the event map so a new
 * event cannot be added without deciding who may send it.
 */
export const SOCKET_EVENT_PERMISSIONS: Record<ClientEventName, Permission> = {
  'events:resume': 'events:read',
  'wall:watch': 'wall:view',
  'wall:command': 'wall:control',
}
