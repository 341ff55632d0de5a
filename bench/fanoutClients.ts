import { io } from 'socket.io-client'
import { WebSocket } from 'ws'

/**
 * Wall clients for the fan-out bench, in processes of their own (one kind per process) so that
 * receiving neither shares an event loop with the driver nor with the other transport.
 * Both kinds receive `case:batch` frames (one per commit group); latency is taken per change:
 * receipt − the server's stamp `committedAt` (same machine, same clock), taken once the change's
 * transaction committed; on the raw feed's "alone" phase, as the frame was sent again. The
 * socket.io clients sign in with the bench's integration token (BENCH_TOKEN) and announce the frame.
 */
const [kind, url, countArg] = process.argv.slice(2)
const count = Number(countArg)
const latencies: number[] = []
let frames = 0

function received(batch: { changes: { committedAt?: string }[] }): void {
  const now = Date.now()
  frames += 1
  for (const change of batch.changes) latencies.push(now - Date.parse(change.committedAt!))
}

const ready: Promise<void>[] = []
for (let i = 0; i < count; i++) {
  if (kind === 'sio') {
    const s = io(url!, {
      transports: ['websocket'],
      reconnection: false,
      extraHeaders: { authorization: `Bearer ${process.env['BENCH_TOKEN']}` },
      auth: { caseStream: 1 },
    })
    s.on('case:batch', received)
    ready.push(new Promise((resolve, reject) => {
      s.once('connect', () => resolve())
      s.once('connect_error', reject)
    }))
  } else {
    const w = new WebSocket(url!)
    w.on('message', (data) => received(JSON.parse(String(data)) as { changes: { committedAt?: string }[] }))
    ready.push(new Promise((resolve, reject) => {
      w.once('open', () => resolve())
      w.once('error', reject)
    }))
  }
}
await Promise.all(ready)
let cpu0 = process.cpuUsage()
process.send!('ready')
// 'report' hands over what arrived since the last report and starts a new tally; the driver kills the process at the end.
process.on('message', (msg) => {
  if (msg !== 'report') return
  const cpu = process.cpuUsage(cpu0)
  process.send!({ latencies: latencies.splice(0), frames, cpuMs: (cpu.user + cpu.system) / 1000 })
  frames = 0
  cpu0 = process.cpuUsage()
})
