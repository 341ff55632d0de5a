import sharp from 'sharp'
import { interiorPoint, toLngLat } from '@shared/geometry'
import { CategoryList, GridCollection, WorkerPage } from '@shared/schemas/api'
import type { LngLat } from '@shared/schemas/geo'
import { PhotoReceipt } from '@shared/schemas/photo'
import { loadNote, percentile, startBenchServer } from './benchServer'
import { processTreeCpuSeconds } from './processCpu'

/**
 * The field terminals (issue 16): 360 handhelds, each reporting its position every 30 s, while the
 * field reports problems (one photo each) and sends feedback on its tasks (one photo each). The
 * report's rate is 56,000 items in seven months, about 264 a day. Positions run at their real
 * rate; reports and feedbacks at RATE_FACTOR (default 100) times that daily average, so a 3-minute
 * window holds enough of them for a p99 and the figures carry headroom. Each photo is a 12 MP,
 * ~4.8 MB JPEG, as a handset's camera writes it. Prints the server's CPU share and the p50/p99
 * latency of each request kind. The load generator shares the 2 cores.
 */
const TERMINALS = 360
const POSITION_EVERY_MS = 30_000
const WINDOW_MS = Number(process.env['BENCH_FIELD_MS'] ?? 180_000)
const PER_DAY = 56_000 / 212
const RATE_FACTOR = Number(process.env['BENCH_FIELD_RATE'] ?? 100)
const ITEMS = Math.round((PER_DAY * RATE_FACTOR * WINDOW_MS) / 86_400_000)

type Kind = 'position' | 'photo' | 'report' | 'feedback'
const latencies: Record<Kind, number[]> = { position: [], photo: [], report: [], feedback: [] }
const failures: Record<Kind, string[]> = { position: [], photo: [], report: [], feedback: [] }

const server = await startBenchServer({}, 'bench/fieldServer.ts')
const api = (path: string) => `${server.base}/api/v1${path}`
const as = (actor: string, extra: Record<string, string> = {}) => ({ ...server.auth, 'x-on-behalf-of': actor, ...extra })
const json = { 'content-type': 'application/json' }

async function timed(kind: Kind | null, work: () => Promise<Response>): Promise<Response> {
  const t0 = performance.now()
  const res = await work()
  const ms = performance.now() - t0
  if (kind && res.ok) latencies[kind].push(ms)
  if (kind && !res.ok) failures[kind].push(`${res.status} ${(await res.clone().text()).slice(0, 160)}`)
  return res
}

async function readAll<T>(path: string, parse: (body: unknown) => { items: T[]; nextCursor?: string | null }): Promise<T[]> {
  const out: T[] = []
  let cursor: string | null | undefined
  do {
    const res = await fetch(api(`${path}${cursor ? `&cursor=${cursor}` : ''}`), { headers: server.auth })
    const page = parse(await res.json())
    out.push(...page.items)
    cursor = page.nextCursor
  } while (cursor)
  return out
}

try {
  const grids = GridCollection.parse(await (await fetch(api('/grids'), { headers: server.auth })).json()).features
  const centre = new Map(grids.map((f) => [f.properties.id, toLngLat(interiorPoint(f.geometry))]))
  const categories = CategoryList.parse(await (await fetch(api('/categories'), { headers: server.auth })).json()).items.filter((c) => !c.urgent)
  const workers = (await readAll('/workers?limit=500', (b) => WorkerPage.parse(b))).filter((w) => w.terminalId).slice(0, TERMINALS)
  if (workers.length < TERMINALS) throw new Error(`the territory has ${workers.length} workers with a terminal, not ${TERMINALS}`)
  const near = (p: LngLat, i: number): LngLat => ({ lng: p.lng + (((i * 7919) % 201) - 100) * 0.000004, lat: p.lat + (((i * 104729) % 201) - 100) * 0.000003 })
  const photo = await sharp({ create: { width: 4000, height: 3000, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 40 } } }).jpeg({ quality: 75 }).toBuffer()

  const upload = async (worker: string, at: LngLat, key: string) => {
    const form = new FormData()
    form.set('idempotencyKey', key)
    form.set('lng', String(at.lng))
    form.set('lat', String(at.lat))
    form.set('file', new Blob([photo], { type: 'image/jpeg' }), 'photo.jpg')
    const res = await timed('photo', () => fetch(api('/photos'), { method: 'POST', headers: as(`grid_worker/${worker}`), body: form }))
    return res.ok ? PhotoReceipt.parse(await res.json()).id : null
  }
  const transition = (id: string, actor: string, body: object, kind: Kind | null) =>
    timed(kind, () => fetch(api(`/cases/${id}/transitions`), { method: 'POST', headers: as(actor, json), body: JSON.stringify(body) }))
  const versionOf = async (res: Response) => ((await res.json()) as { version: number }).version

  let reportNo = 0
  async function report(w: (typeof workers)[number], kind: Kind | null): Promise<{ id: string; version: number } | null> {
    const i = reportNo++
    const at = near(centre.get(w.gridId)!, i)
    const photoId = kind ? await upload(w.id, at, crypto.randomUUID()) : null
    const body = { source: 'terminal', categoryCode: categories[i % categories.length]!.code, title: `巡查上报 ${i}`, description: '压测', location: at, address: '鼓楼东大街', photos: photoId ? [photoId] : [] }
    const res = await timed(kind, () => fetch(api('/cases'), { method: 'POST', headers: as(`grid_worker/${w.id}`, { ...json, 'idempotency-key': crypto.randomUUID() }), body: JSON.stringify(body) }))
    if (!res.ok) return null
    const c = (await res.json()) as { id: string; version: number }
    return { id: c.id, version: c.version }
  }

  // Tasks for the day's feedback: reported, filed, dispatched to the reporter and accepted, before the window.
  console.log(`preparing ${ITEMS} tasks (report, file, dispatch, accept) …`)
  const tasks: { id: string; version: number; worker: (typeof workers)[number] }[] = []
  for (let i = 0; i < ITEMS; i++) {
    const w = workers[(i * 37) % workers.length]!
    const c = await report(w, null)
    if (!c) throw new Error('a preparation report was refused')
    let v = await versionOf(await transition(c.id, 'intake/intake-1', { action: 'file', version: c.version }, null))
    v = await versionOf(await transition(c.id, 'dispatcher/dispatcher-1', { action: 'dispatch', version: v, assignee: { kind: 'worker', id: w.id } }, null))
    v = await versionOf(await transition(c.id, `grid_worker/${w.id}`, { action: 'accept', version: v }, null))
    tasks.push({ id: c.id, version: v, worker: w })
  }
  for (const k of Object.keys(latencies) as Kind[]) latencies[k].length = 0

  const start = performance.now()
  const cpu0 = processTreeCpuSeconds(server.child.pid!)
  const pending: Promise<unknown>[] = []
  const after = (ms: number, work: () => Promise<unknown>) => pending.push(new Promise((r) => setTimeout(r, ms)).then(work))
  workers.forEach((w, i) => {
    for (let t = (i * POSITION_EVERY_MS) / TERMINALS; t < WINDOW_MS; t += POSITION_EVERY_MS) {
      after(t, () => {
        const body = { location: near(centre.get(w.gridId)!, i + Math.round(t)), accuracyM: 8, at: new Date().toISOString(), onDuty: true }
        return timed('position', () => fetch(api('/positions'), { method: 'POST', headers: as(`grid_worker/${w.id}`, json), body: JSON.stringify(body) }))
      })
    }
  })
  for (let i = 0; i < ITEMS; i++) {
    const at = ((i + 0.5) * WINDOW_MS) / ITEMS
    after(at, () => report(workers[(i * 53) % workers.length]!, 'report'))
    const task = tasks[i]!
    after(at + WINDOW_MS / ITEMS / 2, async () => {
      const photoId = await upload(task.worker.id, near(centre.get(task.worker.gridId)!, i), crypto.randomUUID())
      return transition(task.id, `grid_worker/${task.worker.id}`, { action: 'feedback', version: task.version, notes: '已处置完毕', photos: photoId ? [photoId] : [] }, 'feedback')
    })
  }
  await Promise.all(pending)
  const elapsedS = (performance.now() - start) / 1000
  const cpuS = processTreeCpuSeconds(server.child.pid!) - cpu0

  console.log(`\nfield terminals: ${TERMINALS} positions every ${POSITION_EVERY_MS / 1000} s, ${ITEMS} reports and ${ITEMS} feedbacks (${RATE_FACTOR}× the daily average of ${PER_DAY.toFixed(0)}; one ${(photo.length / 1e6).toFixed(1)} MB photo each) in ${elapsedS.toFixed(0)} s; ${loadNote()}`)
  console.log(`server CPU: ${cpuS.toFixed(1)} s in ${elapsedS.toFixed(0)} s = ${((100 * cpuS) / elapsedS).toFixed(1)} % of one core (${((50 * cpuS) / elapsedS).toFixed(1)} % of the 2-core machine)`)
  console.log('kind        count   p50 ms   p99 ms   max ms   refused')
  for (const kind of Object.keys(latencies) as Kind[]) {
    const xs = [...latencies[kind]].sort((a, b) => a - b)
    const f = (n: number) => n.toFixed(1).padStart(8)
    console.log(`${kind.padEnd(10)} ${String(xs.length).padStart(6)} ${f(percentile(xs, 50))} ${f(percentile(xs, 99))} ${f(xs.at(-1) ?? NaN)}   ${failures[kind].length}`)
    if (failures[kind].length) console.log(`  first refusal: ${failures[kind][0]}`)
  }
  if (Object.values(failures).some((f) => f.length)) process.exitCode = 1
} finally {
  await server.stop()
}
