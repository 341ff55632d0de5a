import http from 'node:http'
import { interiorPoint, toLngLat } from '@shared/geometry'
import { CategoryList, GridCollection } from '@shared/schemas/api'
import type { LngLat } from '@shared/schemas/geo'
import { loadNote, percentile, startBenchServer } from './benchServer'

/**
 * Ingest: acknowledged cases per second through HTTP (POST /api/v1/cases with an Idempotency-Key,
 * every commit durable, synchronous=FULL) from concurrent keep-alive clients, and the latency of
 * each acknowledgement. Target: ≥ 1,000 cases/s on the 2-core bench machine.
 * The load generator shares the machine with the server, so the figure is a floor.
 */
const CONCURRENCY = Number(process.env['BENCH_CONCURRENCY'] ?? 64)
const WARMUP_MS = 1_500
const MEASURE_MS = Number(process.env['BENCH_MS'] ?? 6_000)

const server = await startBenchServer()
try {
  const grids = GridCollection.parse(await (await fetch(`${server.base}/api/v1/grids`, { headers: server.auth })).json()).features
  const points: LngLat[] = grids.map((f) => toLngLat(interiorPoint(f.geometry)))
  const categories = CategoryList.parse(await (await fetch(`${server.base}/api/v1/categories`, { headers: server.auth })).json()).items.map((c) => c.code)
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY })

  /** Reports spread over each grid (up to ~40 m around its interior point), not stacked on 64 spots. */
  const near = (p: LngLat, i: number): LngLat => ({
    lng: p.lng + (((i * 7919) % 201) - 100) * 0.000004,
    lat: p.lat + (((i * 104729) % 201) - 100) * 0.000003,
  })
  let n = 0
  function post(client: number): Promise<number> {
    const i = n++
    const body = JSON.stringify({
      source: 'terminal',
      categoryCode: categories[i % categories.length],
      title: `压测案件 ${i}`,
      description: '基准测试',
      location: near(points[(i * 7) % points.length]!, i),
      address: '鼓楼东大街',
    })
    return new Promise((resolve, reject) => {
      const req = http.request(
        `${server.base}/api/v1/cases`,
        {
          method: 'POST',
          agent,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            ...server.auth,
            'x-on-behalf-of': `grid_worker/W${String(client).padStart(4, '0')}`,
            'idempotency-key': `bench-${i}`,
          },
        },
        (res) => {
          res.resume()
          res.on('end', () => resolve(res.statusCode ?? 0))
        },
      )
      req.on('error', reject)
      req.end(body)
    })
  }

  let phase: 'warmup' | 'measure' | 'done' = 'warmup'
  const latencies: number[] = []
  let acked = 0
  let failed = 0
  async function client(id: number): Promise<void> {
    while (phase !== 'done') {
      const t0 = performance.now()
      const status = await post(id)
      if (phase !== 'measure') continue
      if (status === 201) {
        acked++
        latencies.push(performance.now() - t0)
      } else {
        failed++
      }
    }
  }
  const clients = Array.from({ length: CONCURRENCY }, (_v, i) => client(i))
  await new Promise((r) => setTimeout(r, WARMUP_MS))
  phase = 'measure'
  const t0 = performance.now()
  await new Promise((r) => setTimeout(r, MEASURE_MS))
  phase = 'done'
  const seconds = (performance.now() - t0) / 1000
  await Promise.all(clients)
  agent.destroy()

  latencies.sort((a, b) => a - b)
  const rate = acked / seconds
  console.log('figure                                     value')
  console.log(`acknowledged cases/s (${CONCURRENCY} keep-alive clients)  ${rate.toFixed(0)}  (target ≥ 1000: ${rate >= 1000 ? 'met' : 'NOT met'})`)
  console.log(`ack latency p50 / p99                      ${percentile(latencies, 50).toFixed(1)} ms / ${percentile(latencies, 99).toFixed(1)} ms`)
  console.log(`acknowledged / failed in ${seconds.toFixed(1)} s              ${acked} / ${failed}`)
  console.log(`machine                                    ${loadNote()} at the end`)
} finally {
  await server.stop()
}
