import { type ChildProcess, fork } from 'node:child_process'
import http from 'node:http'
import path from 'node:path'
import { WebSocket } from 'ws'
import { interiorPoint, toLngLat } from '@shared/geometry'
import { CategoryList, GridCollection } from '@shared/schemas/api'
import { freePort, loadNote, percentile, root, startBenchServer } from './benchServer'

/**
 * Fan-out: 200 wall clients on socket.io while 100 changes a second are committed for 10 s;
 * commit-to-client latency p50/p99 per change, side by side with a bare `ws` broadcast of the same
 * `case:batch` frames (one per commit group) to 200 clients of its own.
 *
 * The baseline runs twice in the same run. Side by side: the wall server's process also broadcasts
 * every `case:batch` frame over bare `ws` (bench/fanoutServer.ts), right next to socket.io's
 * broadcast of it, and both are timed from the same commit stamp; this is the 2× comparison, the
 * transport and nothing else. Alone: the server sends the same frames again at their original
 * spacing on a quiet machine, restamped as sent, reported to show what the load costs.
 * Targets: socket.io p99 ≤ 100 ms and within 2× of the raw baseline.
 */
const CLIENTS = 200
const CLIENT_PROCESSES = Number(process.env["BENCH_CLIENT_PROCS"] ?? 2)
const RATE = 100
const SECONDS = 10
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const tsx = ['--import', 'tsx']

function forkChild(file: string, args: string[], env: Record<string, string> = {}): ChildProcess {
  return fork(path.join(root, 'bench', file), args, { execArgv: tsx, stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env: { ...process.env, ...env } })
}
const first = (child: ChildProcess, what: string) =>
  new Promise<unknown>((resolve, reject) => {
    child.once('message', resolve)
    child.once('exit', (code) => reject(new Error(`${what} exited with ${code}`)))
  })

/** Send `n` items at `RATE` a second on a fixed schedule, so a slow send does not slow the rate. */
async function paced(n: number, send: (i: number) => void): Promise<void> {
  const t0 = performance.now()
  for (let i = 0; i < n; i++) {
    const wait = t0 + (i * 1000) / RATE - performance.now()
    if (wait > 0) await sleep(wait)
    send(i)
  }
}

function summary(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b)
  return { n: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] ?? NaN }
}

const rawPort = await freePort()
const server = await startBenchServer({ BENCH_RAW_PORT: String(rawPort) }, 'bench/fanoutServer.ts')
const sioClients: ChildProcess[] = []
const rawClients: ChildProcess[] = []
const clients = () => [...sioClients, ...rawClients]
try {
  for (let i = 0; i < CLIENT_PROCESSES; i++) {
    sioClients.push(forkChild('fanoutClients.ts', ['sio', server.base, String(CLIENTS / CLIENT_PROCESSES)], { BENCH_TOKEN: server.token }))
    rawClients.push(forkChild('fanoutClients.ts', ['raw', `ws://127.0.0.1:${rawPort}/`, String(CLIENTS / CLIENT_PROCESSES)]))
  }
  await Promise.all(clients().map((c) => first(c, 'client process')))

  const grids = GridCollection.parse(await (await fetch(`${server.base}/api/v1/grids`, { headers: server.auth })).json()).features
  const points = grids.map((f) => toLngLat(interiorPoint(f.geometry)))
  const categories = CategoryList.parse(await (await fetch(`${server.base}/api/v1/categories`, { headers: server.auth })).json()).items.map((c) => c.code)
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 })

  // Each change is a real intake through HTTP, committed and broadcast by the server on both transports.
  const pending: Promise<void>[] = []
  await paced(RATE * SECONDS, (i) => {
    const report = { source: 'camera', categoryCode: categories[i % categories.length], title: `扇出 ${i}`, location: points[i % points.length] }
    const body = JSON.stringify(report)
    pending.push(
      new Promise((resolve, reject) => {
        const req = http.request(`${server.base}/api/v1/cases`, {
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/json', ...server.auth, 'x-on-behalf-of': 'intake/intake-1' },
        }, (res) => {
          res.resume()
          res.on('end', () => resolve())
        })
        req.on('error', reject)
        req.end(body)
      }),
    )
  })
  await Promise.all(pending)
  await sleep(1000)
  agent.destroy()
  type Report = { latencies: number[]; frames: number; cpuMs: number }
  const collect = (group: ChildProcess[]) =>
    Promise.all(group.map((c) => {
      const got = first(c, 'client process')
      c.send('report')
      return got as Promise<Report>
    }))
  const sioReports = await collect(sioClients)
  const sideReports = await collect(rawClients)

  // Raw ws alone: the same frames, same spacing, nothing else running.
  const feed = new WebSocket(`ws://127.0.0.1:${rawPort}/feed`)
  await new Promise((resolve) => feed.once('open', resolve))
  const replayed = new Promise((resolve) => feed.once('message', resolve))
  feed.send('replay')
  await replayed
  await sleep(1000)
  feed.close()
  const aloneReports = await collect(rawClients)

  const sio = summary(sioReports.flatMap((r) => r.latencies))
  const base = summary(sideReports.flatMap((r) => r.latencies))
  const alone = summary(aloneReports.flatMap((r) => r.latencies))
  const cpu = (reports: Report[]) => reports.reduce((sum, r) => sum + r.cpuMs, 0) / 1000
  const expected = CLIENTS * RATE * SECONDS
  const ratio = sio.p99 / Math.max(1, base.p99)
  console.log(`${CLIENTS} clients a transport, ${RATE} changes/s for ${SECONDS} s (${expected} deliveries each); ${loadNote()}`)
  console.log('transport                      delivered   p50       p99       max')
  const row = (name: string, s: ReturnType<typeof summary>) =>
    console.log(`${name.padEnd(31)}${String(s.n).padEnd(12)}${`${s.p50} ms`.padEnd(10)}${`${s.p99} ms`.padEnd(10)}${s.max} ms`)
  row('socket.io (the wall server)', sio)
  row('raw ws, same process', base)
  row('raw ws, alone', alone)
  const frames = (reports: Report[]) => reports.reduce((sum, r) => sum + r.frames, 0) / (CLIENTS / CLIENT_PROCESSES) / reports.length
  const perClient = frames(sioReports)
  console.log(`case:batch frames a client: socket.io ${perClient.toFixed(0)} (${(sio.n / CLIENTS / Math.max(1, perClient)).toFixed(2)} changes a frame), raw ws same process ${frames(sideReports).toFixed(0)}, alone ${frames(aloneReports).toFixed(0)}`)
  console.log(`receiving clients' CPU: socket.io ${cpu(sioReports).toFixed(1)} s, raw ws same process ${cpu(sideReports).toFixed(1)} s, alone ${cpu(aloneReports).toFixed(1)} s`)
  const met = (ok: boolean) => (ok ? 'met' : 'NOT met')
  console.log(`p99 target ≤ 100 ms: ${met(sio.p99 <= 100)}; socket.io p99 / raw p99 side by side = ${ratio.toFixed(2)} (target ≤ 2: ${met(ratio <= 2)}); against raw alone ${(sio.p99 / Math.max(1, alone.p99)).toFixed(2)} (reported)`)
} finally {
  for (const c of clients()) c.kill()
  await server.stop()
}
