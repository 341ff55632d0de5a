import { io } from 'socket.io-client'
import { WebSocket } from 'ws'

/**
 * Wall clients for the fan-out bench, in processes of their own (one kind per process) so that
 * receiving neither shares an event loop with the driver nor with the other transport.
 * Latency = receipt − the server's stamp `committedAt` (same machine, same clock), taken once the
 * change's transaction committed; on the raw feed's "alone" phase, as the payload reached the server.
 * The socket.io clients sign in with the bench's integration token (BENCH_TOKEN).
 */
const [kind, url, countArg] = process.argv.slice(2)
const count = Number(countArg)
const latencies: number[] = []

const ready: Promise<void>[] = []
for (let i = 0; i < count; i++) {
  if (kind === 'sio') {
    const s = io(url!, { transports: ['websocket'], reconnection: false, extraHeaders: { authorization: `Bearer ${process.env['BENCH_TOKEN']}` } })
    s.on('case:changed', (p: { committedAt: string }) => {
      latencies.push(Date.now() - Date.parse(p.committedAt))
    })
    ready.push(new Promise((resolve, reject) => {
      s.once('connect', () => resolve())
      s.once('connect_error', reject)
    }))
  } else {
    const w = new WebSocket(url!)
    w.on('message', (data) => {
      const { committedAt } = JSON.parse(String(data)) as { committedAt: string }
      latencies.push(Date.now() - Date.parse(committedAt))
    })
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
  process.send!({ latencies: latencies.splice(0), cpuMs: (cpu.user + cpu.system) / 1000 })
  cpu0 = process.cpuUsage()
})
