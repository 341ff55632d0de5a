import { io, type Socket } from 'socket.io-client'
import type { ClientEventName, ClientToServerEvents, ServerEventName, ServerToClientEvents } from '@shared/events'
import { CASE_BATCH_VERSION, type CaseStreamHandshake } from '@shared/schemas/caseApi'
import { useConnectionStore, type LinkEvent } from './connectionState'
import {
  COMMAND_ACK_SCHEMAS,
  createEventRegistry,
  type CommandAck,
  type CommandPayload,
  type ServerHandler,
} from './eventRegistry'

/**
 * The app's one socket. Stores register their handlers with `onServerEvent` once (at store
 * set-up, never in a component); the shell calls `connectRealtime()` once at start. Auth is the
 * same-origin session cookie, which the browser sends with the handshake: nothing to pass here.
 */

/** What the rest of the client needs from a socket; tests substitute a fake. */
export interface RealtimeTransport {
  readonly connected: boolean
  /** Starts connecting; called once every listener is attached, so no early packet is missed. */
  open(): void
  onLink(listener: (event: LinkEvent) => void): void
  onEvent(listener: (name: string, payload: unknown) => void): void
  /** Emits a command and resolves with its (unparsed) ack; rejects on timeout. */
  request(name: ClientEventName, payload: unknown, timeoutMs: number): Promise<unknown>
  close(): void
}

export class RealtimeError extends Error {
  override readonly name = 'RealtimeError'
  constructor(
    readonly code: 'NOT_CONNECTED' | 'TIMEOUT' | 'BAD_RESPONSE',
    message: string,
  ) {
    super(message)
  }
}

/** A handshake the server refused (no session, no permission): retry slowly, it will not change soon. */
const REFUSED_RETRY_MS = 30_000
/** The server closed us on purpose (e.g. a restart with sessions kept): socket.io will not come back by itself. */
const KICKED_RETRY_MS = 5_000
export const DEFAULT_COMMAND_TIMEOUT_MS = 10_000

/**
 * The socket.io transport. Same origin by default (the session cookie rides along); `url` and
 * `retryMs` exist for tests that run a real server on another port.
 */
export function createSocketIoTransport(options: { url?: string; refusedRetryMs?: number; kickedRetryMs?: number } = {}): RealtimeTransport {
  // Announces the case stream's batch frame: this client reads `case:batch` (see shared/events.ts).
  const auth: CaseStreamHandshake = { caseStream: CASE_BATCH_VERSION }
  const settings = { transports: ['websocket'], withCredentials: true, autoConnect: false, auth }
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = options.url ? io(options.url, settings) : io(settings)
  const refusedRetryMs = options.refusedRetryMs ?? REFUSED_RETRY_MS
  const kickedRetryMs = options.kickedRetryMs ?? KICKED_RETRY_MS
  const linkListeners: Array<(event: LinkEvent) => void> = []
  let retry: ReturnType<typeof setTimeout> | undefined
  let closed = false

  const emitLink = (event: LinkEvent) => linkListeners.forEach((l) => l(event))
  const retryIn = (ms: number) => {
    clearTimeout(retry)
    retry = setTimeout(() => {
      if (!closed && !socket.connected) {
        emitLink({ type: 'connecting' })
        socket.connect()
      }
    }, ms)
  }

  socket.on('connect', () => emitLink({ type: 'connected' }))
  socket.on('disconnect', (reason) => {
    if (closed) return
    const willRetry = reason !== 'io server disconnect' && reason !== 'io client disconnect'
    emitLink({ type: 'disconnected', willRetry })
    if (!willRetry) retryIn(kickedRetryMs)
  })
  socket.on('connect_error', (error) => {
    // `active` false: a middleware refused the handshake, and socket.io gives up on its own.
    if (socket.active) return
    emitLink({ type: 'refused', code: error.message })
    retryIn(refusedRetryMs)
  })
  socket.io.on('reconnect_attempt', () => emitLink({ type: 'connecting' }))
  socket.io.on('reconnect_failed', () => {
    emitLink({ type: 'disconnected', willRetry: false })
    retryIn(refusedRetryMs)
  })

  return {
    get connected() {
      return socket.connected
    },
    open: () => void socket.connect(),
    onLink: (listener) => void linkListeners.push(listener),
    onEvent: (listener) => void socket.onAny((name: string, payload: unknown) => listener(name, payload)),
    request(name, payload, timeoutMs) {
      return new Promise((resolve, reject) => {
        // socket.io types emit per event name; the registry's schemas check the ack instead.
        const timed = socket.timeout(timeoutMs) as unknown as {
          emit(n: string, p: unknown, cb: (err: Error | null, ack: unknown) => void): void
        }
        timed.emit(name, payload, (err, ack) => {
          if (err) reject(new RealtimeError('TIMEOUT', `no answer to ${name} within ${timeoutMs} ms`))
          else resolve(ack)
        })
      })
    },
    close() {
      closed = true
      clearTimeout(retry)
      socket.disconnect()
    },
  }
}

const registry = createEventRegistry()
let transport: RealtimeTransport | null = null

export interface ConnectOptions {
  /** Tests pass a fake; the app uses socket.io. */
  createTransport?: () => RealtimeTransport
}

/**
 * Opens the app's socket if it is not open yet (later calls do nothing). Needs an active Pinia:
 * call it after `app.use(pinia)`.
 */
export function connectRealtime(options: ConnectOptions = {}): void {
  if (transport) return
  const connection = useConnectionStore()
  const created = (options.createTransport ?? createSocketIoTransport)()
  transport = created
  created.onLink((event) => connection.report(event))
  created.onEvent((name, payload) => registry.dispatch(name, payload))
  created.open()
}

/** Closes the socket (sign-out, tests). Handlers stay registered for the next connect. */
export function disconnectRealtime(): void {
  transport?.close()
  transport = null
}

export function isRealtimeConnected(): boolean {
  return transport?.connected ?? false
}

/** Registers a handler for a server event, for the life of the app (or until the returned function is called). */
export function onServerEvent<E extends ServerEventName>(name: E, handler: ServerHandler<E>): () => void {
  return registry.on(name, handler)
}

/**
 * Sends a command and resolves with its parsed ack. Refuses while disconnected rather than let
 * socket.io buffer it: a command queued across a reconnect would carry stale arguments.
 */
export async function sendCommand<E extends ClientEventName>(
  name: E,
  payload: CommandPayload<E>,
  timeoutMs = DEFAULT_COMMAND_TIMEOUT_MS,
): Promise<CommandAck<E>> {
  if (!transport?.connected) throw new RealtimeError('NOT_CONNECTED', `cannot send ${name}: not connected`)
  const raw = await transport.request(name, payload, timeoutMs)
  const parsed = COMMAND_ACK_SCHEMAS[name].safeParse(raw)
  if (!parsed.success) throw new RealtimeError('BAD_RESPONSE', `the ${name} ack had an unexpected shape`)
  return parsed.data
}

/** Drops the socket and every registered handler: for tests, which build fresh stores each time. */
export function resetRealtime(): void {
  disconnectRealtime()
  registry.clear()
}
