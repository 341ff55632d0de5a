import { z } from 'zod'
import { bbox, interiorPoint, pointInPolygon, toLngLat } from '@shared/geometry'
import { CameraList, type CameraListItem, CategoryList, GridCollection } from '@shared/schemas/api'
import { Case, type CaseState } from '@shared/schemas/case'
import type { LngLat, PolygonGeometry } from '@shared/schemas/geo'
import type { Category } from '@shared/schemas/reference'
import { nearestCameras } from '@shared/wall/nearestCameras'

/**
 * The case side of bench/wall.bench.ts: the territory read through the public API, 2,000 open
 * cases seeded the way the terminals' gateway reports them, and a steady stream of case changes
 * (new reports and transitions of open cases) at a fixed rate.
 */

export interface Reply {
  status: number
  body: unknown
  /** Date.now() when the answer's status line arrived. */
  at: number
}

/** An integration (the gateway) acting for a person, or a dispatcher with a token of their own. */
export type Caller = (method: 'GET' | 'POST', path: string, options?: { body?: unknown; actor?: string }) => Promise<Reply>

export function caller(baseUrl: string, token: string): Caller {
  return async (method, path, options = {}) => {
    const headers: Record<string, string> = { authorization: `Bearer ${token}` }
    if (options.body !== undefined) headers['content-type'] = 'application/json'
    if (options.actor) headers['x-on-behalf-of'] = options.actor
    const res = await fetch(`${baseUrl}/api/v1${path}`, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) })
    const at = Date.now()
    return { status: res.status, body: (await res.json()) as unknown, at }
  }
}

/** The people the gateway acts for (X-On-Behalf-Of). */
/** The token-only intake person the test server creates (createDelegablePeople): X-On-Behalf-Of names only people who exist. */
export const INTAKE = 'intake/intake-1'
export const DISPATCHER = 'dispatcher/BENCH2'

export interface Territory {
  grids: { id: string; polygon: PolygonGeometry }[]
  routine: Category[]
  urgent: Category[]
  cameras: CameraListItem[]
}

async function get(call: Caller, path: string): Promise<unknown> {
  const reply = await call('GET', path)
  if (reply.status !== 200) throw new Error(`GET ${path}: ${reply.status} ${JSON.stringify(reply.body)}`)
  return reply.body
}

export async function readTerritory(call: Caller): Promise<Territory> {
  const grids = GridCollection.parse(await get(call, '/grids')).features.map((f) => ({ id: f.properties.id, polygon: f.geometry }))
  const categories = CategoryList.parse(await get(call, '/categories')).items
  const cameras = CameraList.parse(await get(call, '/cameras')).items
  const routine = categories.filter((c) => !c.urgent)
  const urgent = categories.filter((c) => c.urgent)
  if (!routine.length || !urgent.length) throw new Error('the demo categories need both routine and urgent ones')
  return { grids, routine, urgent, cameras }
}

export const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!

/** A random point inside the grid (rejection sampling in its box), so a grid's cases do not all sit on one spot. */
export function randomPointIn(polygon: PolygonGeometry): LngLat {
  const [minLng, minLat, maxLng, maxLat] = bbox(polygon)
  for (let i = 0; i < 30; i++) {
    const p: [number, number] = [minLng + Math.random() * (maxLng - minLng), minLat + Math.random() * (maxLat - minLat)]
    if (pointInPolygon(p, polygon)) return toLngLat(p)
  }
  return toLngLat(interiorPoint(polygon))
}

/** Mirrors the server's defaults (ALARM_CAMERAS, ALARM_RADIUS_M): which cameras an urgent case at `at` takes over. */
export const alarmCamerasAt = (territory: Territory, at: LngLat) =>
  nearestCameras([at.lng, at.lat], territory.cameras, { count: 4, maxDistanceMeters: 500 }).map((r) => r.id)

const TITLES = ['井盖破损', '占道经营', '垃圾堆积', '路灯不亮', '违章停车', '共享单车乱停', '墙面小广告', '绿地破坏']

export function reportBody(category: Category, location: LngLat, title = pick(TITLES)) {
  return { source: 'terminal', categoryCode: category.code, title, description: '', location, address: '鼓楼东大街', reporterName: null, reporterPhone: null }
}

const CaseReply = Case.pick({ id: true, code: true, version: true, state: true, categoryCode: true })
export type CaseReply = ReturnType<(typeof CaseReply)['parse']>
/** 409 VERSION_CONFLICT carries the current case: the bench takes it back and decides again later. */
const ConflictReply = z.object({ error: z.object({ code: z.literal('VERSION_CONFLICT'), details: z.object({ case: CaseReply }) }) })

export function parseCase(reply: Reply, expected: number): CaseReply {
  if (reply.status !== expected) throw new Error(`${reply.status} ${JSON.stringify(reply.body).slice(0, 300)}`)
  return CaseReply.parse(reply.body)
}

interface Tracked {
  id: string
  version: number
  state: CaseState
  unitId: string
}

/** Open cases by state, for picking a random one to move on; a case being changed is out of the pool until its answer. */
export class OpenCases {
  private readonly byState = new Map<CaseState, Tracked[]>()

  constructor(private readonly unitOf: (categoryCode: string) => string) {}

  add(c: CaseReply): void {
    const list = this.byState.get(c.state) ?? []
    list.push({ id: c.id, version: c.version, state: c.state, unitId: this.unitOf(c.categoryCode) })
    this.byState.set(c.state, list)
  }

  count(...states: CaseState[]): number {
    return states.reduce((n, s) => n + (this.byState.get(s)?.length ?? 0), 0)
  }

  /** Takes a random case in one of `states` out of the pool, or null. */
  take(...states: CaseState[]): Tracked | null {
    let r = Math.floor(Math.random() * this.count(...states))
    for (const s of states) {
      const list = this.byState.get(s) ?? []
      if (r < list.length) {
        const chosen = list[r]!
        list[r] = list[list.length - 1]!
        list.pop()
        return chosen
      }
      r -= list.length
    }
    return null
  }
}

/** `n` routine reports spread over the grids, `concurrency` at a time. */
export async function seedCases(call: Caller, territory: Territory, n: number, concurrency: number): Promise<OpenCases> {
  const unitOf = new Map(territory.routine.map((c) => [c.code, c.unitId]))
  const pool = new OpenCases((code) => unitOf.get(code) ?? territory.routine[0]!.unitId)
  let next = 0
  const worker = async () => {
    while (next < n) {
      const i = next++
      const grid = territory.grids[i % territory.grids.length]!
      const category = territory.routine[i % territory.routine.length]!
      pool.add(parseCase(await call('POST', '/cases', { body: reportBody(category, randomPointIn(grid.polygon)), actor: INTAKE }), 201))
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
  return pool
}

type ChangeKind = 'report' | 'file' | 'dispatch' | 'reject'

export interface ChangeStats {
  sent: number
  ok: Record<ChangeKind, number>
  failed: number
  /** Answered 409 VERSION_CONFLICT (the case changed underneath); not counted as changes. */
  conflicts: number
  firstFailure: string | null
  /** Changes not sent: too many answers outstanding, or this process fell more than a second behind. */
  skipped: number
  answerMs: number[]
}

/**
 * Ten slots a cycle: three new reports, four cases moved on (filed by intake, or dispatched to
 * their category's unit), three retired by intake as not accepted, so the number of open cases
 * stays where the seed put it.
 */
const SLOTS = ['report', 'advance', 'retire', 'advance', 'report', 'retire', 'advance', 'report', 'advance', 'retire'] as const
const MAX_OUTSTANDING = 64

export interface CaseChanges {
  stats(): ChangeStats
  resetStats(): void
  stop(): Promise<void>
}

export function startCaseChanges(call: Caller, territory: Territory, pool: OpenCases, perSecond: number): CaseChanges {
  const fresh = (): ChangeStats => ({ sent: 0, ok: { report: 0, file: 0, dispatch: 0, reject: 0 }, failed: 0, conflicts: 0, firstFailure: null, skipped: 0, answerMs: [] })
  let stats = fresh()
  let tick = 0
  const outstanding = new Set<Promise<void>>()

  const send = async (kind: ChangeKind, path: string, body: unknown, actor: string, expected: number) => {
    stats.sent++
    const started = Date.now()
    try {
      const reply = await call('POST', path, { body, actor })
      const conflict = reply.status === 409 ? ConflictReply.safeParse(reply.body) : null
      if (conflict?.success) {
        stats.conflicts++
        pool.add(conflict.data.error.details.case)
        return
      }
      pool.add(parseCase(reply, expected))
      stats.ok[kind]++
      stats.answerMs.push(reply.at - started)
    } catch (cause) {
      stats.failed++
      stats.firstFailure ??= `${kind}: ${cause instanceof Error ? cause.message : String(cause)}`
    }
  }

  const change = (): Promise<void> => {
    const slot = SLOTS[tick++ % SLOTS.length]!
    if (slot === 'advance') {
      const c = pool.take('pending_filing', 'pending_dispatch')
      if (c?.state === 'pending_filing') return send('file', `/cases/${c.id}/transitions`, { action: 'file', version: c.version }, INTAKE, 200)
      if (c) return send('dispatch', `/cases/${c.id}/transitions`, { action: 'dispatch', version: c.version, assignee: { kind: 'unit', id: c.unitId } }, DISPATCHER, 200)
    } else if (slot === 'retire') {
      const c = pool.take('pending_filing')
      if (c) return send('reject', `/cases/${c.id}/transitions`, { action: 'reject', version: c.version, reason: '不属于受理范围' }, INTAKE, 200)
    }
    const grid = pick(territory.grids)
    return send('report', '/cases', reportBody(pick(territory.routine), randomPointIn(grid.polygon)), INTAKE, 201)
  }

  // Paced by the clock, not by the timer: the server shares this process, and a late timer must
  // not lower the rate. A tick sends what is due since the start, at most a second's worth.
  const started = Date.now()
  let fired = 0
  const timer = setInterval(() => {
    const due = Math.floor(((Date.now() - started) / 1000) * perSecond)
    if (due - fired > perSecond) {
      stats.skipped += due - perSecond - fired
      fired = due - perSecond
    }
    for (; fired < due; fired++) {
      if (outstanding.size >= MAX_OUTSTANDING) {
        stats.skipped++
        continue
      }
      const p = change().finally(() => outstanding.delete(p))
      outstanding.add(p)
    }
  }, 20)

  return {
    stats: () => stats,
    resetStats: () => void (stats = fresh()),
    async stop() {
      clearInterval(timer)
      await Promise.race([Promise.allSettled([...outstanding]), new Promise((resolve) => setTimeout(resolve, 10_000))])
    },
  }
}
