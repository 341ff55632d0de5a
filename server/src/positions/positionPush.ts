import { hasPermission } from '@shared/permissions'
import type { Principal } from '../auth/principal'
import { positionsRoom } from '../realtime/rooms'
import type { WallServer } from '../realtime/socketServer'
import type { PositionService } from './positionService'

/** The positions room for the roles that may see where workers are; nobody else hears a fix. */
export function positionRoomsOf(principal: Principal): string[] {
  return hasPermission(principal.role, 'positions:read') ? [positionsRoom()] : []
}

/** Each worker's newest fix goes to the positions room only; answers the function that stops it. */
export function startPositionPush(io: WallServer, positions: PositionService): () => void {
  return positions.onPosition((position) => void io.to(positionsRoom()).emit('worker:position', position))
}
