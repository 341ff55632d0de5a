import type { IncomingMessage } from 'node:http'
import type { WallServer } from './socketServer'

/**
 * Closes the sockets in `room` whose handshake credential no longer signs anyone in: when one of a
 * person's sessions ends (a handset revoked), the sockets of that session go and those of their
 * other sessions stay. The server runs as one process, so its own sockets are all there are.
 */
export function disconnectSignedOut(io: WallServer, room: string, signedIn: (req: IncomingMessage) => boolean): void {
  const namespace = io.of('/')
  for (const id of [...(namespace.adapter.rooms.get(room) ?? [])]) {
    const socket = namespace.sockets.get(id)
    if (socket && !signedIn(socket.request)) socket.disconnect(true)
  }
}
