import type http from 'node:http'
import { Server, type Socket } from 'socket.io'
import type { ClientToServerEvents, ServerToClientEvents } from '@shared/events'
import { hasPermission } from '@shared/permissions'
import type { AuditLog } from '../auth/auditLog'
import type { Principal } from '../auth/principal'
import type { Logger } from '../core/logger'
import { isAllowedOrigin } from './originCheck'
import { principalRoom, wallRoom } from './rooms'

export interface SocketData {
  principal: Principal
}

export type WallServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>
export type WallSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>

export interface SocketDeps {
  log: Logger
  audit: AuditLog
  /** Newest event sequence number, so a client knows where the stream stands when it connects. */
  lastSeq: () => number
  /** The principal behind the handshake's session cookie or bearer token. */
  authenticate: (req: http.IncomingMessage) => Principal | null
  /** Origins besides the server's own that may open a socket (a wall served from another host). */
  allowedOrigins: readonly string[]
  /** The domain rooms a principal's sockets join (its cases' scope); decided by the domains. */
  roomsOf: (principal: Principal) => string[]
}

/**
 * What the audit keeps of a refused Origin: the scheme and host a URL parser made of it, never the
 * caller's raw text (the log's own capping and cleaning apply on top).
 */
function originForAudit(origin: string | undefined): string {
  if (origin === undefined) return '(none)'
  try {
    const url = new URL(origin)
    return `${url.protocol}//${url.host}`
  } catch {
    return '(not a URL)'
  }
}

export function createSocketServer(httpServer: http.Server, deps: SocketDeps): WallServer {
  const io: WallServer = new Server(httpServer, {
    // Our client messages are a few hundred bytes; a large frame is either a bug or an attack.
    maxHttpBufferSize: 16 * 1024,
    serveClient: false,
    // `cors` does not stop a cross-site WebSocket: the browser sends the victim's cookie to any
    // page's `new WebSocket()`. The Origin header is the only defence, so it is checked here.
    allowRequest: (req, callback) => {
      const origin = req.headers.origin
      if (!isAllowedOrigin(origin, req.headers.host, deps.allowedOrigins)) {
        deps.audit.record({ actorId: null, actorRole: null, action: 'socket.origin', target: originForAudit(origin), outcome: 'refused', ip: req.socket.remoteAddress ?? null })
        callback('origin not allowed', false)
        return
      }
      callback(null, true)
    },
  })
  io.use((socket, next) => {
    const principal = deps.authenticate(socket.request)
    if (!principal) {
      next(new Error('UNAUTHENTICATED'))
      return
    }
    if (!hasPermission(principal.role, 'events:read')) {
      deps.audit.record({ actorId: principal.id, actorRole: principal.role, action: 'socket.connect', outcome: 'refused', ip: socket.handshake.address })
      next(new Error('FORBIDDEN'))
      return
    }
    socket.data.principal = principal
    next()
  })
  io.on('connection', (socket) => {
    const { principal } = socket.data
    void socket.join([wallRoom(), principalRoom(principal.id), ...deps.roomsOf(principal)])
    socket.emit('server:hello', { serverTime: new Date().toISOString(), lastSeq: deps.lastSeq() })
    deps.log.debug({ socket: socket.id, role: principal.role }, 'wall client connected')
  })
  return io
}
