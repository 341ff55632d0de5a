import { createServer, type Server as HttpServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Server } from 'socket.io'
import { afterEach, describe, expect, it } from 'vitest'
import type { LinkEvent } from './connectionState'
import { createSocketIoTransport, RealtimeError, type RealtimeTransport } from './socket'

/**
 * The socket.io transport against a real socket.io server: the mapping of socket.io's own
 * events (refusal, server kick, reconnect) to link events, and acks with timeouts.
 */
let http: HttpServer | null = null
let io: Server | null = null
let transport: RealtimeTransport | null = null

afterEach(async () => {
  transport?.close()
  await new Promise<void>((resolve) => (io ? io.close(() => resolve()) : resolve()))
  http = null
  io = null
  transport = null
})

async function startServer(setup: (server: Server) => void): Promise<string> {
  http = createServer()
  io = new Server(http)
  setup(io)
  await new Promise<void>((resolve) => http?.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(http.address() as AddressInfo).port}`
}

function recorder(t: RealtimeTransport) {
  const links: LinkEvent['type'][] = []
  const events: Array<[string, unknown]> = []
  t.onLink((e) => links.push(e.type === 'refused' ? (`refused:${e.code}` as LinkEvent['type']) : e.type))
  t.onEvent((name, payload) => events.push([name, payload]))
  return { links, events }
}

const until = async (check: () => boolean, ms = 3000) => {
  const end = Date.now() + ms
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, 10))
  }
}

describe('socket.io transport', () => {
  it('connects, receives the hello, and gets an ack for a command', async () => {
    const url = await startServer((server) =>
      server.on('connection', (socket) => {
        socket.emit('server:hello', { serverTime: new Date().toISOString(), lastSeq: 7 })
        socket.on('events:resume', (payload: { since: number }, ack: (r: unknown) => void) =>
          ack({ ok: true, data: { replayed: 0, reload: false, lastSeq: payload.since } }),
        )
      }),
    )
    transport = createSocketIoTransport({ url })
    const { links, events } = recorder(transport)
    transport.open()
    await until(() => events.length > 0)
    expect(links).toEqual(['connected'])
    expect(events[0]).toEqual(['server:hello', expect.objectContaining({ lastSeq: 7 })])
    await expect(transport.request('events:resume', { since: 7 }, 2000)).resolves.toEqual({
      ok: true,
      data: { replayed: 0, reload: false, lastSeq: 7 },
    })
  })

  it('announces the case batch frame in its handshake', async () => {
    const seen: unknown[] = []
    const url = await startServer((server) => server.on('connection', (socket) => seen.push(socket.handshake.auth)))
    transport = createSocketIoTransport({ url })
    recorder(transport)
    transport.open()
    await until(() => seen.length > 0)
    expect(seen).toEqual([{ caseStream: 1 }])
  })

  it('rejects with TIMEOUT when a command is not answered', async () => {
    const url = await startServer(() => {})
    transport = createSocketIoTransport({ url })
    recorder(transport)
    transport.open()
    await until(() => transport?.connected === true)
    await expect(transport.request('events:resume', { since: 1 }, 100)).rejects.toBeInstanceOf(RealtimeError)
  })

  it('reports a refused handshake with its code, and retries later by itself', async () => {
    let attempts = 0
    const url = await startServer((server) =>
      server.use((_socket, next) => {
        attempts += 1
        next(new Error('UNAUTHENTICATED'))
      }),
    )
    transport = createSocketIoTransport({ url, refusedRetryMs: 50 })
    const { links } = recorder(transport)
    transport.open()
    await until(() => attempts >= 2)
    expect(links.slice(0, 3)).toEqual(['refused:UNAUTHENTICATED', 'connecting', 'refused:UNAUTHENTICATED'])
  })

  it('treats a server kick as "will not retry", then comes back by itself', async () => {
    let connections = 0
    const url = await startServer((server) =>
      server.on('connection', (socket) => {
        connections += 1
        if (connections === 1) setTimeout(() => socket.disconnect(true), 20)
      }),
    )
    transport = createSocketIoTransport({ url, kickedRetryMs: 50 })
    const { links } = recorder(transport)
    transport.open()
    await until(() => connections === 2 && transport?.connected === true)
    expect(links).toEqual(['connected', 'disconnected', 'connecting', 'connected'])
  })
})
