import { type Socket, io } from 'socket.io-client'
import type { ClientToServerEvents, ServerToClientEvents } from '@shared/events'

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>

/** Outcome of a handshake: connected (and the socket), or the server's refusal message. */
export async function handshake(url: string, headers: Record<string, string>): Promise<{ socket: TestSocket | null; error: string | null }> {
  const socket: TestSocket = io(url, { transports: ['websocket'], reconnection: false, extraHeaders: headers, timeout: 5000 })
  return new Promise((resolve) => {
    socket.once('connect', () => resolve({ socket, error: null }))
    socket.once('connect_error', (err) => {
      socket.close()
      resolve({ socket: null, error: err.message })
    })
  })
}

export async function request(url: string, init: { method?: string; headers?: Record<string, string>; body?: unknown } = {}) {
  const res = await fetch(url, {
    method: init.method ?? 'GET',
    headers: { ...(init.body === undefined ? {} : { 'content-type': 'application/json' }), ...init.headers },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  })
  const text = await res.text()
  let body: unknown = text
  try {
    body = JSON.parse(text)
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body: body as { error?: { code: string; message: string } } & Record<string, unknown>, headers: res.headers }
}
