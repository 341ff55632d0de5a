import { WebSocket, WebSocketServer } from 'ws'
import { createApp } from '../server/src/app'
import { createDelegablePeople } from '../server/src/testing/testApp'
import { loadTestConfig } from '../server/src/testing/testConfig'
import { createLogger } from '../server/src/core/logger'

/**
 * The wall server for the fan-out bench: the same createApp as `npm start`, plus a bare `ws`
 * broadcast of the same `case:changed` payloads on BENCH_RAW_PORT. Raw clients therefore get each
 * change from the same process, at the same moment after the same commit, under the same event
 * loop as the socket.io clients; only the transport differs. Which transport sends first
 * alternates by seq, so neither always waits for the other's 200 writes.
 *
 * /feed takes payloads from the driver and broadcasts each stamped on arrival: the "alone" phase,
 * the same payloads with no ingest running.
 */
const config = loadTestConfig(process.env)
const wall = createApp({ config, logger: createLogger(config.logLevel) })
const clients = new Set<WebSocket>()

function broadcastRaw(payload: unknown): void {
  // Serialised once, as socket.io does for a room broadcast.
  const frame = Buffer.from(JSON.stringify(payload))
  for (const client of clients) {
    if (client.readyState === WebSocket.OPEN) client.send(frame, { binary: false })
  }
}

const adapter = wall.io.of('/').adapter
const broadcast = adapter.broadcast.bind(adapter)
adapter.broadcast = (packet, opts) => {
  const [event, payload] = packet.data as [string, { seq: number }]
  if (event !== 'case:changed') return broadcast(packet, opts)
  const rawFirst = payload.seq % 2 === 1
  if (rawFirst) broadcastRaw(payload)
  broadcast(packet, opts)
  if (!rawFirst) broadcastRaw(payload)
}

const raw = new WebSocketServer({ port: Number(process.env['BENCH_RAW_PORT']), host: '127.0.0.1' })
raw.on('connection', (ws, req) => {
  if (req.url === '/feed') {
    ws.on('message', (data) => broadcastRaw({ ...(JSON.parse(String(data)) as object), committedAt: new Date().toISOString() }))
    return
  }
  clients.add(ws)
  ws.on('close', () => clients.delete(ws))
})
await new Promise((resolve) => raw.once('listening', resolve))
await wall.listen(config.port, config.host)
// The intake person the driver names in X-On-Behalf-Of (only people who exist may be named).
createDelegablePeople(wall)
const stop = () => void Promise.all([wall.close(), new Promise((r) => raw.close(r))]).then(() => process.exit(0))
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
