import { type BBox, bbox, distanceMeters } from '@shared/geometry'
import type { CaseSource } from '@shared/schemas/case'
import type { LngLat, Position } from '@shared/schemas/geo'
import type { Category, Grid } from '@shared/schemas/reference'
import type { LocateResult } from '../../cases/caseLocator'
import type { Random } from '../gulou/random'
import type { ReferenceRepository } from '../../reference/referenceRepository'

/**
 * The territory as the simulation sees it: where reports come from and who is around. Read once
 * from the reference data (read-only, in process); every write the live simulation makes goes
 * through the public HTTP API.
 *
 * Places follow the report: markets and main streets are busier. A third of reports come from
 * around one of the markets (四街三市场), a third from along a main street, the rest from
 * anywhere in a grid. A grid worker reports from their own grid.
 */

export interface SimGrid {
  id: string
  name: string
  communityId: string
  grid: Grid
  box: BBox
  workers: string[]
  teams: string[]
}

export interface SimPlace {
  location: LngLat
  gridId: string
  address: string
}

interface Segment {
  a: Position
  b: Position
  road: string
}

interface Weighted<T> {
  items: T[]
  cumulative: number[]
}

export interface SimWorld {
  grids: SimGrid[]
  grid(id: string): SimGrid
  unitIds: string[]
  category(code: string): Category
  pickCategory(rng: Random, source: CaseSource): Category
  /** A place for a report; with `gridId`, inside that grid (a worker's own). */
  pickPlace(rng: Random, gridId?: string): SimPlace
}

/** How common each 大类 is in a center's work (street order and cityscape lead, emergencies are rare). */
const MAJOR_WEIGHT: Record<string, number> = {
  'event:街面秩序': 10,
  'event:市容环境': 9,
  'event:宣传广告': 4,
  'event:施工管理': 3,
  'event:突发事件': 0.5,
  'component:公用设施': 5,
  'component:道路交通': 3,
  'component:市容环境': 3,
  'component:园林绿化': 2,
  'component:房屋土地及其他': 1,
  'governance:矛盾纠纷': 3,
  'governance:安全隐患': 3,
  'governance:民生诉求': 4,
  'service:即办事项': 2,
  'service:承办事项': 1,
}

/** What each channel tends to bring: callers ask for services, cameras see the street, patrols enforce. */
function channelAffinity(source: CaseSource, c: Category): number {
  const major = `${c.kind}:${c.majorName}`
  switch (source) {
    case 'terminal':
      return c.kind === 'component' ? 1.5 : c.kind === 'event' ? 1.2 : c.kind === 'service' ? 0.2 : 0.8
    case 'hotline':
      return major === 'governance:民生诉求' ? 3 : c.kind === 'governance' ? 2.5 : c.kind === 'service' ? 1 : 0.8
    case 'camera':
      if (major === 'event:街面秩序') return 2
      if (major === 'event:市容环境') return 1.5
      if (c.kind === 'event') return 1
      return major === 'governance:安全隐患' ? 0.5 : c.kind === 'component' ? 0.3 : 0
    case 'walk_in':
      return c.kind === 'service' ? 4 : c.kind === 'governance' ? 2 : 0.3
    case 'patrol':
      if (major === 'event:街面秩序') return 2.5
      if (major === 'event:施工管理') return 2
      if (major === 'event:宣传广告') return 1.5
      return major === 'governance:安全隐患' ? 1 : 0.3
    case 'district':
      return 1
  }
}

function weighted<T>(items: T[], weight: (item: T) => number): Weighted<T> {
  const kept = items.filter((i) => weight(i) > 0)
  let sum = 0
  return { items: kept, cumulative: kept.map((i) => (sum += weight(i))) }
}

function pickWeighted<T>(rng: Random, w: Weighted<T>): T {
  const total = w.cumulative[w.cumulative.length - 1] ?? 0
  const x = rng.next() * total
  let lo = 0
  let hi = w.cumulative.length - 1
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (w.cumulative[mid]! > x) hi = mid
    else lo = mid + 1
  }
  return w.items[lo]!
}

/** Move a point `east`/`north` metres (local flat approximation, fine over a few hundred metres). */
function offset(p: LngLat, east: number, north: number): LngLat {
  const lat = p.lat + north / 111_320
  const lng = p.lng + east / (111_320 * Math.cos((p.lat * Math.PI) / 180))
  return { lng: Math.round(lng * 1e7) / 1e7, lat: Math.round(lat * 1e7) / 1e7 }
}

export function buildSimWorld(reference: ReferenceRepository, locate: (p: LngLat) => LocateResult): SimWorld {
  const workersByGrid = new Map<string, string[]>()
  let cursor: string | null = null
  do {
    const page = reference.workers({ cursor, limit: 500 })
    for (const w of page.items) workersByGrid.set(w.gridId, [...(workersByGrid.get(w.gridId) ?? []), w.id])
    cursor = page.nextCursor
  } while (cursor)
  const teamsByGrid = new Map<string, string[]>()
  for (const t of reference.teams()) for (const g of t.gridIds) teamsByGrid.set(g, [...(teamsByGrid.get(g) ?? []), t.id])

  const grids: SimGrid[] = reference.grids().map((g) => ({
    id: g.id,
    name: g.name,
    communityId: g.communityId,
    grid: g,
    box: bbox(g.boundary),
    workers: workersByGrid.get(g.id) ?? [],
    teams: teamsByGrid.get(g.id) ?? [],
  }))
  const gridById = new Map(grids.map((g) => [g.id, g]))
  const markets = reference.markets()
  const segments: Segment[] = reference
    .roads()
    .filter((r) => r.kind === 'main')
    .flatMap((r) => r.geometry.coordinates.slice(1).map((b, i) => ({ a: r.geometry.coordinates[i]!, b, road: r.name })))
  const roadSegments = weighted(segments, (s) =>
    distanceMeters({ lng: s.a[0], lat: s.a[1] }, { lng: s.b[0], lat: s.b[1] }),
  )
  const categories = reference.categories()
  const categoryByCode = new Map(categories.map((c) => [c.code, c]))
  const sizeOfMajor = new Map<string, number>()
  for (const c of categories) sizeOfMajor.set(`${c.kind}:${c.majorName}`, (sizeOfMajor.get(`${c.kind}:${c.majorName}`) ?? 0) + 1)
  const sources: CaseSource[] = ['terminal', 'camera', 'hotline', 'walk_in', 'patrol', 'district']
  const byChannel = new Map(
    sources.map((s) => [
      s,
      weighted(categories, (c) => {
        const major = `${c.kind}:${c.majorName}`
        return ((MAJOR_WEIGHT[major] ?? 1) / (sizeOfMajor.get(major) ?? 1)) * channelAffinity(s, c)
      }),
    ]),
  )

  function inGrid(rng: Random, g: SimGrid): SimPlace {
    for (let i = 0; i < 200; i++) {
      const p = { lng: rng.float(g.box[0], g.box[2]), lat: rng.float(g.box[1], g.box[3]) }
      const at = locate(p)
      if (at.ok && at.gridId === g.id) return { location: offset(p, 0, 0), gridId: g.id, address: g.name }
    }
    throw new Error(`no point found inside grid ${g.id}`)
  }

  /** Keep drawing candidates until one lands in a grid (and in `gridId`, when given). */
  function accept(p: LngLat, address: string, gridId?: string): SimPlace | null {
    const at = locate(p)
    if (!at.ok || (gridId && at.gridId !== gridId)) return null
    return { location: p, gridId: at.gridId, address }
  }

  function pickPlace(rng: Random, gridId?: string): SimPlace {
    const g = gridId ? gridById.get(gridId) : undefined
    const r = rng.next()
    for (let attempt = 0; attempt < 30; attempt++) {
      let place: SimPlace | null = null
      if (r < 0.33 && markets.length) {
        const local = g ? markets.filter((m) => m.gridId === g.id) : markets
        if (!local.length) break
        const m = rng.pick(local)
        place = accept(offset(m.location, rng.float(-120, 120), rng.float(-120, 120)), `${m.name}附近`, gridId)
      } else if (r < 0.66 && roadSegments.items.length) {
        const s = pickWeighted(rng, roadSegments)
        const t = rng.next()
        const on = { lng: s.a[0] + (s.b[0] - s.a[0]) * t, lat: s.a[1] + (s.b[1] - s.a[1]) * t }
        place = accept(offset(on, rng.float(-25, 25), rng.float(-25, 25)), s.road, gridId)
      } else {
        return inGrid(rng, g ?? rng.pick(grids))
      }
      if (place) return place
    }
    // This grid has no market or main street near enough: anywhere in it.
    return inGrid(rng, g ?? rng.pick(grids))
  }

  return {
    grids,
    grid(id) {
      const g = gridById.get(id)
      if (!g) throw new Error(`no grid ${id}`)
      return g
    },
    unitIds: reference.units().map((u) => u.id),
    category(code) {
      const c = categoryByCode.get(code)
      if (!c) throw new Error(`no category ${code}`)
      return c
    },
    pickCategory: (rng, source) => pickWeighted(rng, byChannel.get(source)!),
    pickPlace,
  }
}
