import type { Role } from '@shared/roles'
import type { SessionUser } from '@shared/schemas/auth'

/** The products of the center, one page each. */
export type Workplace = 'wall' | 'desk' | 'terminal' | 'briefing'

/**
 * Where each role works. The community station operator and the unit handler work the desk at
 * their own scope (the desk issue); grid workers carry the field terminal; leaders brief. The
 * administrator and integrations have no page of their own and see the wall.
 */
const WORKPLACE_OF: Record<Role, Workplace> = {
  wall_display: 'wall',
  intake: 'desk',
  dispatcher: 'desk',
  duty_chief: 'desk',
  community_operator: 'desk',
  unit_handler: 'desk',
  grid_worker: 'terminal',
  leader: 'briefing',
  admin: 'wall',
  integration: 'wall',
}

/** The pages built so far; a role whose page is not among them lands on the wall, as before there were others. */
export const BUILT_WORKPLACES: ReadonlySet<Workplace> = new Set<Workplace>(['wall', 'desk', 'terminal', 'briefing'])

const PATH_OF: Record<Exclude<Workplace, 'wall'>, string> = { desk: '/desk', terminal: '/m', briefing: '/briefing' }

export function workplaceOf(role: Role): Workplace {
  return WORKPLACE_OF[role]
}

/** The path a signed-in user lands on: their workplace if it is built, else their wall (a display's own, or main). */
export function landingPath(user: Pick<SessionUser, 'role' | 'wall'>, built: ReadonlySet<Workplace> = BUILT_WORKPLACES): string {
  const place = workplaceOf(user.role)
  if (place !== 'wall' && built.has(place)) return PATH_OF[place]
  return `/wall/${encodeURIComponent(user.wall ?? 'main')}`
}
