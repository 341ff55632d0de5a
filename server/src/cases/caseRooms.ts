import type { Case } from '@shared/schemas/case'
import type { Principal } from '../auth/principal'
import { allCasesRoom, communityRoom, gridRoom, unitRoom } from '../realtime/rooms'
import { type CaseScope, scopeOf } from './caseScope'

/**
 * Which case rooms a socket joins and which rooms hear a case: the case domain decides, from
 * the scope rule in caseScope.ts; the socket server only joins what it is handed.
 */

/** The case room a socket of this scope joins; null when its scope is incomplete (it sees no cases). */
function caseRoomOf(scope: CaseScope): string | null {
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

/**
 * The case rooms a principal's sockets join: none when its scope is incomplete, never more than one.
 * The live stream sends one batch per case room (caseSocketHandlers.ts): a socket in two would get
 * a change twice.
 */
export function caseRoomsOf(principal: Principal): string[] {
  const room = caseRoomOf(scopeOf(principal))
  return room ? [room] : []
}

/**
 * The scope whose sockets a case room holds (the inverse of caseRoomOf), or null for a room that
 * is no case room: a push of per-scope figures (the KPIs) goes to each room with its own.
 */
export function scopeOfCaseRoom(room: string): CaseScope | null {
  if (room === allCasesRoom()) return { kind: 'all' }
  const kinds = [
    ['community', communityRoom('')],
    ['grid', gridRoom('')],
    ['unit', unitRoom('')],
  ] as const
  for (const [kind, prefix] of kinds) if (room.startsWith(prefix) && room.length > prefix.length) return { kind, id: room.slice(prefix.length) }
  return null
}
