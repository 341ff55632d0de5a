import { describe, expect, it } from 'vitest'
import {
  bbox,
  bearingDegrees,
  distanceMeters,
  distanceToBoundaryMeters,
  interiorPoint,
  pointInPolygon,
  polygonArea,
  polygonCentroid,
} from './geometry'
import type { PolygonGeometry, Position } from './schemas/geo'

const square = (x0: number, y0: number, size: number): Position[] => [
  [x0, y0],
  [x0 + size, y0],
  [x0 + size, y0 + size],
  [x0, y0 + size],
  [x0, y0],
]
const withHole: PolygonGeometry = { type: 'Polygon', coordinates: [square(0, 0, 10), square(4, 4, 2)] }

describe('pointInPolygon', () => {
  it('finds points inside and outside, and respects holes', () => {
    expect(pointInPolygon([1, 1], withHole)).toBe(true)
    expect(pointInPolygon([5, 5], withHole)).toBe(false)
    expect(pointInPolygon([11, 5], withHole)).toBe(false)
    expect(pointInPolygon([-0.1, 5], withHole)).toBe(false)
  })

  it('handles a concave ring', () => {
    // A "U": the notch between the arms is outside.
    const u: PolygonGeometry = {
      type: 'Polygon',
      coordinates: [[[0, 0], [3, 0], [3, 3], [2, 3], [2, 1], [1, 1], [1, 3], [0, 3], [0, 0]]],
    }
    expect(pointInPolygon([0.5, 2], u)).toBe(true)
    expect(pointInPolygon([1.5, 2], u)).toBe(false)
    expect(pointInPolygon([2.5, 2], u)).toBe(true)
  })
})

describe('areas and distances around Gulou (40.376 N)', () => {
  const lat = 40.376
  const lng = 116.843
  const dLat = 1000 / 111_195.08
  const dLng = dLat / Math.cos((lat * Math.PI) / 180)
  const km: PolygonGeometry = {
    type: 'Polygon',
    coordinates: [[[lng, lat], [lng + dLng, lat], [lng + dLng, lat + dLat], [lng, lat + dLat], [lng, lat]]],
  }

  it('gives a 1 km square about 1 km², holes subtracted', () => {
    expect(polygonArea(km) / 1e6).toBeCloseTo(1, 2)
    const holed: PolygonGeometry = { type: 'Polygon', coordinates: [...km.coordinates, km.coordinates[0]!.slice().reverse()] }
    expect(polygonArea(holed)).toBeCloseTo(0, 3)
  })

  it('measures haversine distance and compass bearing', () => {
    expect(distanceMeters({ lng: 0, lat: 0 }, { lng: 0, lat: 1 })).toBeCloseTo(111_195, -1)
    expect(distanceMeters({ lng, lat }, { lng: lng + dLng, lat })).toBeCloseTo(1000, -1)
    expect(bearingDegrees({ lng, lat }, { lng, lat: lat + 0.01 })).toBeCloseTo(0, 5)
    expect(bearingDegrees({ lng, lat }, { lng: lng + 0.01, lat })).toBeCloseTo(90, 1)
    expect(bearingDegrees({ lng, lat }, { lng, lat: lat - 0.01 })).toBeCloseTo(180, 5)
    expect(bearingDegrees({ lng, lat }, { lng: lng - 0.01, lat })).toBeCloseTo(270, 1)
  })

  it('measures distance to the nearest edge in metres', () => {
    expect(distanceToBoundaryMeters([lng + dLng / 2, lat + dLat / 2], km)).toBeCloseTo(500, -1)
    expect(distanceToBoundaryMeters([lng, lat + dLat / 2], km)).toBeCloseTo(0, 6)
  })
})

describe('bbox, centroid and interior point', () => {
  it('boxes polygons, lines and position lists', () => {
    expect(bbox(withHole)).toEqual([0, 0, 10, 10])
    expect(bbox({ type: 'LineString', coordinates: [[3, -1], [-2, 4]] })).toEqual([-2, -1, 3, 4])
    expect(bbox([[1, 2]])).toEqual([1, 2, 1, 2])
  })

  it('finds the centroid, and an inside point even when the centroid is outside', () => {
    expect(polygonCentroid({ type: 'Polygon', coordinates: [square(2, 2, 2)] })).toEqual([3, 3])
    const c: PolygonGeometry = {
      type: 'Polygon',
      coordinates: [[[0, 0], [10, 0], [10, 1], [1, 1], [1, 9], [10, 9], [10, 10], [0, 10], [0, 0]]],
    }
    expect(pointInPolygon(polygonCentroid(c), c)).toBe(false)
    expect(pointInPolygon(interiorPoint(c), c)).toBe(true)
  })
})
