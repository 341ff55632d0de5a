import { pointInPolygon } from '@shared/geometry'
import type { GridCollection } from '@shared/schemas/api'
import type { LngLat } from '@shared/schemas/geo'

/** The grid a point lies in (the photo's watermark and the map's frame), or null outside the street. */
export function gridAt(grids: GridCollection | null, at: LngLat): string | null {
  return grids?.features.find((g) => pointInPolygon([at.lng, at.lat], g.geometry))?.properties.id ?? null
}
