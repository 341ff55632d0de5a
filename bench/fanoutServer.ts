import { WebSocket, WebSocketServer } from 'ws'
import { createApp } from '../server/src/app'
import { createDelegablePeople } from '../server/src/testing/testApp'
import { loadTestConfig } from '../server/src/testing/testConfig'
import type { CaseBatch } from '@shared/schemas/caseApi'
import { createLogger } from '../server/src/core/logger'
import { allCasesRoom } from '../server/src/realtime/rooms'

/**
 * The wall server for the fan-out bench: the same createApp as `npm start`, plus a bare `ws`
 * broadcast of the same `case:batch` frames on BENCH_RAW_PORT. Raw clients therefore get each
 * commit group's frame from the same process, at the same moment after the same commit, under the
 * same event loop as the socket.io clients; only the transport differs. Which transport sends first
 * alternates by the frame's first seq, so neither always waits for the other's 200 writes.
 *
 * The feed socket's `replay` re-sends the frames of the side-by-side phase at their original
 * spacing, each change restamped as it is sent: the "alone" phase, the same frames with no ingest running.
 */
const config = loadTestConfig(process.env)
const wall = createApp({ config, logger: createLogger(config.logLevel) })
const clients = new Set<WebSocket>()
const sent: { at: number; batch: CaseBatch }[] = []

function broadcastRaw(payload: unknown): void {
  // Serialised once, as socket.io does for a room broadcast.
  const frame = Buffer.from(JSON.stringify(payload))
  for (const client of clients) {
    if (client.readyState === WebSocket.OPEN) client.send(frame, { binary: false })
  }
}

// The bench's clients see every case, so the frame to the center's room is the one to mirror.
const adapter = wall.io.of('/').adapter
const broadcast = adapter.broadcast.bind(adapter)
adapter.broadcast = (packet, opts) => {
  const [event, batch] = packet.data as [string, CaseBatch]
  if (event !== 'case:batch' || !opts.rooms.has(allCasesRoom())) return broadcast(packet, opts)
  sent.push({ at: performance.now(), batch })
  const rawFirst = batch.changes[0]!.seq % 2 === 1
  if (rawFirst) broadcastRaw(batch)
  broadcast(packet, opts)
  if (!rawFirst) broadcastRaw(batch)
}

async function replaySent(): Promise<void> {
  const t0 = performance.now()
  const first = sent[0]?.at ?? 0
  for (const { at, batch } of sent) {
    const wait = t0 + (at - first) - performance.now()
    if (wait > 0) await new Promise((r) => setTimeout(r, wait))
    const committedAt = new Date().toISOString()
    broadcastRaw({ ...batch, changes: batch.changes.map((c) => ({ ...c, committedAt })) })
  }
}

const raw = new WebSocketServer({ port: Number(process.env['BENCH_RAW_PORT']), host: '127.0.0.1' })
raw.on('connection', (ws, req) => {
  if (req.url === '/feed') {
    ws.on('message', (data) => {
      if (String(data) === 'replay') void replaySent().then(() => ws.send(String(sent.length)))
    })
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
