import type { Feature, FeatureCollection, Point, Polygon, Position } from 'geojson'

export type Bounds = [[number, number], [number, number]]

/** [[west, south], [east, north]] of every coordinate in the collections, or null when they are empty. */
export function featureBounds(...collections: FeatureCollection[]): Bounds | null {
  let west = Infinity
  let south = Infinity
  let east = -Infinity
  let north = -Infinity
  const visit = (p: Position) => {
    const [lng, lat] = p as [number, number]
    if (lng < west) west = lng
    if (lng > east) east = lng
    if (lat < south) south = lat
    if (lat > north) north = lat
  }
  for (const fc of collections) {
    for (const f of fc.features) {
      const g = f.geometry
      if (g.type === 'Point') visit(g.coordinates)
      else if (g.type === 'LineString' || g.type === 'MultiPoint') g.coordinates.forEach(visit)
      else if (g.type === 'Polygon' || g.type === 'MultiLineString') g.coordinates.forEach((r) => r.forEach(visit))
      else if (g.type === 'MultiPolygon') g.coordinates.forEach((p) => p.forEach((r) => r.forEach(visit)))
    }
  }
  return Number.isFinite(west) ? [[west, south], [east, north]] : null
}

/**
 * One label point per polygon. MapLibre would label a polygon once per tile it crosses (GeoJSON is cut
 * into tiles), so big areas got two or three names; a point source labels each area exactly once.
 */
export function labelPoints<P extends { id: string }>(fc: FeatureCollection<Polygon, P>): FeatureCollection<Point, P> {
  return {
    type: 'FeatureCollection',
    features: fc.features.map(
      (f): Feature<Point, P> => ({
        type: 'Feature',
        id: f.properties.id,
        properties: f.properties,
        geometry: { type: 'Point', coordinates: labelAnchor(f.geometry) },
      }),
    ),
  }
}

/**
 * The area-weighted centroid of the outer ring when it lies inside the polygon; otherwise (an L- or
 * U-shaped area) the middle of the widest inside span on the horizontal line through the centroid.
 */
export function labelAnchor(polygon: Polygon): [number, number] {
  const ring = polygon.coordinates[0] ?? []
  const centroid = ringCentroid(ring)
  if (pointInPolygon(centroid, polygon)) return centroid
  const lat = centroid[1]
  const crossings: number[] = []
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [x1, y1] = ring[i] as [number, number]
    const [x2, y2] = ring[j] as [number, number]
    if (y1 > lat !== y2 > lat) crossings.push(x1 + ((lat - y1) / (y2 - y1)) * (x2 - x1))
  }
  crossings.sort((a, b) => a - b)
  let best: [number, number] = centroid
  let widest = -1
  for (let k = 0; k + 1 < crossings.length; k += 2) {
    const a = crossings[k] as number
    const b = crossings[k + 1] as number
    if (b - a > widest) {
      widest = b - a
      best = [(a + b) / 2, lat]
    }
  }
  return best
}

function ringCentroid(ring: Position[]): [number, number] {
  let area = 0
  let cx = 0
  let cy = 0
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [x1, y1] = ring[j] as [number, number]
    const [x2, y2] = ring[i] as [number, number]
    const cross = x1 * y2 - x2 * y1
    area += cross
    cx += (x1 + x2) * cross
    cy += (y1 + y2) * cross
  }
  if (area === 0) {
    const first = ring[0] ?? [0, 0]
    return [first[0] ?? 0, first[1] ?? 0]
  }
  return [cx / (3 * area), cy / (3 * area)]
}

export function pointInPolygon([x, y]: [number, number], polygon: Polygon): boolean {
  let inside = false
  for (const ring of polygon.coordinates) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i] as [number, number]
      const [xj, yj] = ring[j] as [number, number]
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside
    }
  }
  return inside
}

/** A polygon covering the world with the street cut out, to dim whatever a base map shows outside it. */
export function outsideMask(street: FeatureCollection<Polygon>): FeatureCollection<Polygon> {
  const holes = street.features.map((f) => f.geometry.coordinates[0]).filter((r): r is Position[] => r !== undefined)
  const world: Position[] = [
    [-180, -85],
    [180, -85],
    [180, 85],
    [-180, 85],
    [-180, -85],
  ]
  return {
    type: 'FeatureCollection',
    features: [{ type: 'Feature', id: 'outside', properties: { id: 'outside' }, geometry: { type: 'Polygon', coordinates: [world, ...holes] } }],
  }
}
