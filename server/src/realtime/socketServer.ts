import type http from 'node:http'
import { Server } from 'socket.io'
import type { ClientToServerEvents, ServerToClientEvents } from '@shared/events'
import type { Logger } from '../logger'
import { wallRoom } from './rooms'

export type WallServer = Server<ClientToServerEvents, ServerToClientEvents>

export interface SocketDeps {
  log: Logger
  /** Newest event sequence number, so a client knows where the stream stands when it connects. */
  lastSeq: () => number
}

export function createSocketServer(httpServer: http.Server, deps: SocketDeps): WallServer {
  const io: WallServer = new Server(httpServer, {
    // Our payloads are small JSON; a large frame is either a bug or an attack.
    maxHttpBufferSize: 64 * 1024,
    serveClient: false,
  })
  io.on('connection', (socket) => {
    void socket.join(wallRoom())
    socket.emit('server:hello', { serverTime: new Date().toISOString(), lastSeq: deps.lastSeq() })
    deps.log.debug({ socket: socket.id }, 'wall client connected')
  })
  return io
}
