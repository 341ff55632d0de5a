import type { Polygon, Position } from 'geojson'
import { nearestCameras, type RankedCamera } from '@shared/wall/nearestCameras'
import type { CameraStatus, WallCamera } from '../../api/reference'
import { pointInPolygon } from './mapGeometry'

/**
 * Which cameras a map gesture puts on the wall, in wall order. The wall fills tiles in order, so a
 * working camera goes before a broken one: an offline camera in the first tile shows nothing.
 */

const HEALTH_ORDER: Record<CameraStatus, number> = { online: 0, stalled: 1, preparing: 2, unknown: 3, offline: 4 }

type Located = Pick<WallCamera, 'id' | 'status' | 'location'>

function byHealthThen<T extends Located>(rank: (c: T) => number) {
  return (a: T, b: T) => HEALTH_ORDER[a.status] - HEALTH_ORDER[b.status] || rank(a) - rank(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
}

/** A grid's cameras, healthy first, then by id (the registry's order along the grid). */
export function camerasOfGrid(cameras: readonly (Located & Pick<WallCamera, 'gridId'>)[], gridId: string): string[] {
  return cameras
    .filter((c) => c.gridId === gridId)
    .sort(byHealthThen(() => 0))
    .map((c) => c.id)
}

/** Cameras inside a drawn area (a closed ring of [lng, lat]), healthy first, then nearest its middle. */
export function camerasInArea(cameras: readonly Located[], ring: readonly Position[]): string[] {
  if (ring.length < 4) return []
  const polygon: Polygon = { type: 'Polygon', coordinates: [ring as Position[]] }
  const lngs = ring.map((p) => p[0] as number)
  const lats = ring.map((p) => p[1] as number)
  const mid = [(Math.min(...lngs) + Math.max(...lngs)) / 2, (Math.min(...lats) + Math.max(...lats)) / 2] as const
  // Degrees are fine for ranking inside a box of a few hundred metres; the cosine keeps east-west honest.
  const k = Math.cos((mid[1] * Math.PI) / 180)
  const distance = (c: Located) => Math.hypot((c.location.lng - mid[0]) * k, c.location.lat - mid[1])
  return cameras
    .filter((c) => pointInPolygon([c.location.lng, c.location.lat], polygon))
    .sort(byHealthThen(distance))
    .map((c) => c.id)
}

/** How many cameras the case popup offers. */
export const NEAREST_COUNT = 4

/** The cameras best placed to show a case (shared ranking: distance, then facing). */
export function camerasNear(cameras: readonly WallCamera[], at: { lng: number; lat: number }): RankedCamera[] {
  return nearestCameras([at.lng, at.lat], cameras, { count: NEAREST_COUNT })
}
