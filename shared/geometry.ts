import type { LineStringGeometry, LngLat, PointGeometry, PolygonGeometry, Position } from './schemas/geo'

/** Mean Earth radius (IUGG), metres. */
export const EARTH_RADIUS_M = 6_371_008.8
const RAD = Math.PI / 180

/** [minLng, minLat, maxLng, maxLat], the GeoJSON bbox order. */
export type BBox = [number, number, number, number]

/**
 * Even-odd ray casting on one ring. A point exactly on an edge may land either way; callers
 * that need certainty keep a margin with `distanceToBoundaryMeters`.
 */
export function pointInRing(pt: Position, ring: readonly Position[]): boolean {
  const [x, y] = pt
  let inside = false
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!
    const [xj, yj] = ring[j]!
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside
  }
  return inside
}

/** Inside the outer ring and inside none of the holes. */
export function pointInPolygon(pt: Position, polygon: PolygonGeometry): boolean {
  const [outer, ...holes] = polygon.coordinates
  if (!outer || !pointInRing(pt, outer)) return false
  return !holes.some((hole) => pointInRing(pt, hole))
}

/**
 * Local equirectangular projection to metres around `lat0`. Over a few kilometres its error is
 * far below a metre, which is all a sub-district needs; it is not for country-sized shapes.
 */
export function localProjection(lat0: number): (p: Position) => [number, number] {
  const kx = EARTH_RADIUS_M * RAD * Math.cos(lat0 * RAD)
  const ky = EARTH_RADIUS_M * RAD
  return ([lng, lat]) => [lng * kx, lat * ky]
}

/**
 * Shoelace in the Lambert cylindrical equal-area projection (x = R·λ, y = R·sin φ): areas come
 * out in true m², and because the sum runs over edges, polygons that share edges add up exactly
 * to their union. Taken relative to the ring's first vertex to keep the products small.
 */
function ringAreaSigned(ring: readonly Position[]): number {
  const first = ring[0]
  if (!first) return 0
  const x0 = first[0] * RAD
  const y0 = Math.sin(first[1] * RAD)
  let sum = 0
  for (let i = 0; i < ring.length - 1; i++) {
    const x1 = ring[i]![0] * RAD - x0
    const y1 = Math.sin(ring[i]![1] * RAD) - y0
    const x2 = ring[i + 1]![0] * RAD - x0
    const y2 = Math.sin(ring[i + 1]![1] * RAD) - y0
    sum += x1 * y2 - x2 * y1
  }
  return (sum / 2) * EARTH_RADIUS_M * EARTH_RADIUS_M
}

/** Area in m², holes subtracted (see ringAreaSigned; for a street-sized shape it is the true area). */
export function polygonArea(polygon: PolygonGeometry): number {
  const [outer, ...holes] = polygon.coordinates
  if (!outer) return 0
  return Math.abs(ringAreaSigned(outer)) - holes.reduce((a, h) => a + Math.abs(ringAreaSigned(h)), 0)
}

/** Great-circle distance in metres (haversine). */
export function distanceMeters(a: LngLat, b: LngLat): number {
  const dLat = (b.lat - a.lat) * RAD
  const dLng = (b.lng - a.lng) * RAD
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * RAD) * Math.cos(b.lat * RAD) * Math.sin(dLng / 2) ** 2
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)))
}

/** Initial compass bearing from a to b: degrees clockwise from north, in [0, 360). */
export function bearingDegrees(a: LngLat, b: LngLat): number {
  const phi1 = a.lat * RAD
  const phi2 = b.lat * RAD
  const dLambda = (b.lng - a.lng) * RAD
  const y = Math.sin(dLambda) * Math.cos(phi2)
  const x = Math.cos(phi1) * Math.sin(phi2) - Math.sin(phi1) * Math.cos(phi2) * Math.cos(dLambda)
  const deg = Math.atan2(y, x) / RAD
  return ((deg % 360) + 360) % 360
}

export function bbox(shape: PolygonGeometry | LineStringGeometry | PointGeometry | readonly Position[]): BBox {
  const points: readonly Position[] = !('type' in shape)
    ? shape
    : shape.type === 'Polygon'
      ? shape.coordinates.flat()
      : shape.type === 'LineString'
        ? shape.coordinates
        : [shape.coordinates]
  const box: BBox = [Infinity, Infinity, -Infinity, -Infinity]
  for (const [lng, lat] of points) {
    if (lng < box[0]) box[0] = lng
    if (lat < box[1]) box[1] = lat
    if (lng > box[2]) box[2] = lng
    if (lat > box[3]) box[3] = lat
  }
  return box
}

export function bboxesIntersect(a: BBox, b: BBox): boolean {
  return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3]
}

/** Planar area centroid of the outer ring (vertex mean if the ring is degenerate). */
export function polygonCentroid(polygon: PolygonGeometry): Position {
  const ring = polygon.coordinates[0] ?? []
  const [ox, oy] = ring[0] ?? [0, 0]
  let a = 0
  let cx = 0
  let cy = 0
  // Relative to the first vertex so the cross products do not lose digits at 116°E.
  for (let i = 0; i < ring.length - 1; i++) {
    const x1 = ring[i]![0] - ox
    const y1 = ring[i]![1] - oy
    const x2 = ring[i + 1]![0] - ox
    const y2 = ring[i + 1]![1] - oy
    const cross = x1 * y2 - x2 * y1
    a += cross
    cx += (x1 + x2) * cross
    cy += (y1 + y2) * cross
  }
  if (a === 0) {
    const n = Math.max(1, ring.length - 1)
    const sx = ring.slice(0, n).reduce((s, p) => s + p[0], 0)
    const sy = ring.slice(0, n).reduce((s, p) => s + p[1], 0)
    return [sx / n, sy / n]
  }
  return [ox + cx / (3 * a), oy + cy / (3 * a)]
}

/**
 * A point surely inside the polygon, for labels and containment checks: the centroid when it
 * is inside, else the middle of the widest inside stretch of a horizontal line through it.
 */
export function interiorPoint(polygon: PolygonGeometry): Position {
  const c = polygonCentroid(polygon)
  if (pointInPolygon(c, polygon)) return c
  const [, minLat, , maxLat] = bbox(polygon)
  // Nudge the scanline off the centroid's latitude so it is unlikely to pass through a vertex.
  const y = c[1] + (maxLat - minLat) * 1e-4
  const xs: number[] = []
  for (const ring of polygon.coordinates) {
    for (let i = 0; i < ring.length - 1; i++) {
      const [x1, y1] = ring[i]!
      const [x2, y2] = ring[i + 1]!
      if (y1 > y !== y2 > y) xs.push(x1 + ((y - y1) * (x2 - x1)) / (y2 - y1))
    }
  }
  xs.sort((p, q) => p - q)
  let best: Position = c
  let widest = -1
  for (let i = 0; i + 1 < xs.length; i += 2) {
    const w = xs[i + 1]! - xs[i]!
    if (w > widest) {
      widest = w
      best = [(xs[i]! + xs[i + 1]!) / 2, y]
    }
  }
  return best
}

/** Shortest distance in metres from a point to any ring of the polygon (0 on an edge). */
export function distanceToBoundaryMeters(pt: Position, polygon: PolygonGeometry): number {
  const project = localProjection(pt[1])
  const [px, py] = project(pt)
  let best = Infinity
  for (const ring of polygon.coordinates) {
    for (let i = 0; i < ring.length - 1; i++) {
      const [ax, ay] = project(ring[i]!)
      const [bx, by] = project(ring[i + 1]!)
      const dx = bx - ax
      const dy = by - ay
      const len2 = dx * dx + dy * dy
      const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2))
      best = Math.min(best, Math.hypot(px - (ax + t * dx), py - (ay + t * dy)))
    }
  }
  return best
}

export const toLngLat = ([lng, lat]: Position): LngLat => ({ lng, lat })
export const toPosition = ({ lng, lat }: LngLat): Position => [lng, lat]
