import type { Case } from '@shared/schemas/case'
import type { CaseScope } from '../cases/caseScope'

/** Every room name comes from here so producers and subscribers cannot disagree. */

/** Every signed-in watcher: street-wide pushes (camera health, KPIs, the demo's progress). */
export const wallRoom = () => 'wall'
/** Sockets that see every case: the street center's desks and the wall displays. */
export const allCasesRoom = () => 'cases:all'
export const communityRoom = (communityId: string) => `community:${communityId}`
export const gridRoom = (gridId: string) => `grid:${gridId}`
export const unitRoom = (unitId: string) => `unit:${unitId}`
/** One principal's sockets, so signing it out or revoking a display closes them at once. */
export const principalRoom = (principalId: string) => `principal:${principalId}`

/** The case room a socket of this scope joins; null when its scope is incomplete (it sees no cases). */
export function caseRoomOf(scope: CaseScope): string | null {
  if (scope.kind === 'all') return allCasesRoom()
  if (scope.id === null) return null
  if (scope.kind === 'community') return communityRoom(scope.id)
  if (scope.kind === 'grid') return gridRoom(scope.id)
  return unitRoom(scope.id)
}

/** Every room that should hear about this case: the center, and the scopes it falls in. */
export function roomsOfCase(c: Pick<Case, 'communityId' | 'gridId' | 'assignee'>): string[] {
  const rooms = [allCasesRoom(), communityRoom(c.communityId), gridRoom(c.gridId)]
  if (c.assignee?.kind === 'unit') rooms.push(unitRoom(c.assignee.id))
  return rooms
}
