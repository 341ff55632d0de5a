import { WallCommandPayload, WallWatchPayload } from '@shared/schemas/wallApi'
import type { WallState } from '@shared/wall/wallState'
import type { AuditLog } from '../auth/auditLog'
import type { OnCommand } from '../realtime/socketGuard'
import type { WallServer } from '../realtime/socketServer'
import { assertMayView } from './wallRoutes'
import type { WallService } from './wallService'

export const wallStateRoom = (name: string) => `wall-state:${name}`

/**
 * Screens of a wall watch it (`wall:watch`) and get every new state as `wall:state`; a console
 * changes it (`wall:command`). A socket watches one wall at a time. Returns the stop function.
 */
export function registerWallSocketHandlers(io: WallServer, deps: { walls: WallService; audit: AuditLog; onCommand: OnCommand }): () => void {
  const { walls, audit, onCommand } = deps
  io.on('connection', (socket) => {
    let watching: string | null = null
    onCommand<typeof WallWatchPayload, WallState>(socket, 'wall:watch', WallWatchPayload, ({ wall }) => {
      assertMayView(socket.data.principal, wall)
      // An unknown wall is refused before anything changes: no room joined, nothing stored.
      const state = walls.get(wall)
      if (watching) void socket.leave(wallStateRoom(watching))
      watching = wall
      void socket.join(wallStateRoom(wall))
      return { ok: true, data: state }
    })
    onCommand<typeof WallCommandPayload, WallState>(socket, 'wall:command', WallCommandPayload, ({ wall, command, version }) => {
      const { principal } = socket.data
      const next = walls.command(wall, command, version)
      audit.record({ actorId: principal.id, actorRole: principal.role, action: 'wall.command', target: wall, outcome: 'success', ip: socket.handshake.address, details: { type: command.type, version: next.version } })
      return { ok: true, data: next }
    })
  })
  return walls.onChange((state) => io.to(wallStateRoom(state.name)).emit('wall:state', state))
}
