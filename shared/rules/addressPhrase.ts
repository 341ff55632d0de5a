import { localProjection, toPosition } from '../geometry'
import type { LngLat } from '../schemas/geo'
import type { Market, Road, RoadKind } from '../schemas/reference'

/**
 * The address phrase a center writes for a place (巡查上报's 地址), from the territory's roads and
 * markets, first rule that applies:
 *
 * 1. Within 100 m of a crossing of two differently named roads:
 *    `鼓楼东大街与新中街交叉口向西约50米`; within 15 m, `鼓楼东大街与新中街交叉口`. The larger road
 *    (main, secondary, lane) is named first, then the territory's order. T-junctions count: a road
 *    that ends within 10 m of another crosses it there.
 * 2. Within 100 m of a market: `东四菜市场东侧约30米`; within 15 m, the market's name alone.
 * 3. Within 500 m of a road: `鼓楼东大街（北侧）约40米`, the side seen from the road's nearest point;
 *    within 15 m, `鼓楼东大街（北侧）` (and the name alone on the centre line).
 * 4. Otherwise null: nothing near enough to name, and the worker types the address.
 *
 * The direction is from the landmark to the place, in eight: 北 东北 东 东南 南 西南 西 西北.
 * Distances are rounded to 10 m (约…米). Pure and synchronous: the field terminal calls it as the
 * pin moves, offline, with the territory it already holds.
 */
export const CROSSING_NEAR_M = 100
export const MARKET_NEAR_M = 100
export const ROAD_NEAR_M = 500
/** Closer than this the place is at the landmark: no direction or distance is worth saying. */
export const AT_LANDMARK_M = 15
/** A road ending this close to another meets it (a T-junction drawn a little short or long). */
const JUNCTION_SNAP_M = 10

export interface AddressTerritory {
  roads: readonly Pick<Road, 'name' | 'kind' | 'geometry'>[]
  markets: readonly Pick<Market, 'name' | 'location'>[]
}

type XY = [number, number]
type RoadLike = AddressTerritory['roads'][number]

const COMPASS = ['北', '东北', '东', '东南', '南', '西南', '西', '西北'] as const
const KIND_RANK: Record<RoadKind, number> = { main: 0, secondary: 1, lane: 2 }

/** Compass direction from `from` to `to` in local metres (x east, y north). */
function direction(from: XY, to: XY): string {
  const degrees = (Math.atan2(to[0] - from[0], to[1] - from[1]) * 180) / Math.PI
  return COMPASS[Math.round((degrees + 360) / 45) % 8]!
}

const rounded = (metres: number) => Math.max(10, Math.round(metres / 10) * 10)
const dist = (a: XY, b: XY) => Math.hypot(a[0] - b[0], a[1] - b[1])

function closestOnSegment(p: XY, a: XY, b: XY): XY {
  const dx = b[0] - a[0]
  const dy = b[1] - a[1]
  const len2 = dx * dx + dy * dy
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2))
  return [a[0] + t * dx, a[1] + t * dy]
}

function intersection(a: XY, b: XY, c: XY, d: XY): XY | null {
  const r: XY = [b[0] - a[0], b[1] - a[1]]
  const s: XY = [d[0] - c[0], d[1] - c[1]]
  const denom = r[0] * s[1] - r[1] * s[0]
  if (denom === 0) return null
  const t = ((c[0] - a[0]) * s[1] - (c[1] - a[1]) * s[0]) / denom
  const u = ((c[0] - a[0]) * r[1] - (c[1] - a[1]) * r[0]) / denom
  return t >= 0 && t <= 1 && u >= 0 && u <= 1 ? [a[0] + t * r[0], a[1] + t * r[1]] : null
}

/** A road's segments in local metres. */
const segmentsOf = (line: readonly XY[]): [XY, XY][] => line.slice(1).map((b, i) => [line[i]!, b])

/** The nearest point of a polyline to `p`. */
function nearestOn(p: XY, line: readonly XY[]): XY {
  let best = line[0]!
  for (const [a, b] of segmentsOf(line)) {
    const q = closestOnSegment(p, a, b)
    if (dist(p, q) < dist(p, best)) best = q
  }
  return best
}

/** Where two polylines cross or meet end-on (T-junction), nearest `p` first. */
function meetings(p: XY, one: readonly XY[], other: readonly XY[]): XY[] {
  const found: XY[] = []
  for (const [a, b] of segmentsOf(one)) {
    for (const [c, d] of segmentsOf(other)) {
      const x = intersection(a, b, c, d)
      if (x) found.push(x)
    }
  }
  for (const [line, onto] of [[one, other], [other, one]] as const) {
    for (const end of [line[0]!, line[line.length - 1]!]) {
      const q = nearestOn(end, onto)
      if (dist(end, q) <= JUNCTION_SNAP_M) found.push(q)
    }
  }
  return found.sort((m, n) => dist(p, m) - dist(p, n))
}

interface Projected {
  road: RoadLike
  order: number
  line: XY[]
}

function crossingPhrase(p: XY, roads: readonly Projected[]): string | null {
  // Only roads passing near the place can cross near it: the pairs are few even in a big territory.
  const near = roads.filter((r) => dist(p, nearestOn(p, r.line)) <= CROSSING_NEAR_M + JUNCTION_SNAP_M)
  let best: { at: XY; first: Projected; second: Projected } | null = null
  for (let i = 0; i < near.length; i++) {
    for (let j = i + 1; j < near.length; j++) {
      const [r1, r2] = [near[i]!, near[j]!]
      if (r1.road.name === r2.road.name) continue
      const at = meetings(p, r1.line, r2.line)[0]
      if (!at || dist(p, at) > CROSSING_NEAR_M || (best && dist(p, at) >= dist(p, best.at))) continue
      const [first, second] = [r1, r2].sort((a, b) => KIND_RANK[a.road.kind] - KIND_RANK[b.road.kind] || a.order - b.order) as [Projected, Projected]
      best = { at, first, second }
    }
  }
  if (!best) return null
  const crossing = `${best.first.road.name}与${best.second.road.name}交叉口`
  const d = dist(p, best.at)
  return d <= AT_LANDMARK_M ? crossing : `${crossing}向${direction(best.at, p)}约${rounded(d)}米`
}

function marketPhrase(p: XY, markets: readonly { name: string; at: XY }[]): string | null {
  const nearest = markets.map((m) => ({ ...m, d: dist(p, m.at) })).sort((a, b) => a.d - b.d)[0]
  if (!nearest || nearest.d > MARKET_NEAR_M) return null
  return nearest.d <= AT_LANDMARK_M ? nearest.name : `${nearest.name}${direction(nearest.at, p)}侧约${rounded(nearest.d)}米`
}

function roadPhrase(p: XY, roads: readonly Projected[]): string | null {
  const nearest = roads.map((r) => ({ r, at: nearestOn(p, r.line) })).sort((a, b) => dist(p, a.at) - dist(p, b.at))[0]
  if (!nearest) return null
  const d = dist(p, nearest.at)
  if (d > ROAD_NEAR_M) return null
  if (d < 1) return nearest.r.road.name
  const side = `${nearest.r.road.name}（${direction(nearest.at, p)}侧）`
  return d <= AT_LANDMARK_M ? side : `${side}约${rounded(d)}米`
}

/** The phrase for a place, or null when no road or market is near enough (see the rules above). */
export function addressPhrase(point: LngLat, territory: AddressTerritory): string | null {
  const project = localProjection(point.lat)
  const p = project(toPosition(point))
  const roads = territory.roads.map((road, order) => ({ road, order, line: road.geometry.coordinates.map(project) }))
  const markets = territory.markets.map((m) => ({ name: m.name, at: project(toPosition(m.location)) }))
  return crossingPhrase(p, roads) ?? marketPhrase(p, markets) ?? roadPhrase(p, roads)
}
