import { type BBox, bbox, pointInPolygon } from '@shared/geometry'
import type { LngLat } from '@shared/schemas/geo'
import type { Grid } from '@shared/schemas/reference'
import type { ReferenceRepository } from '../reference/referenceRepository'

export type LocateResult = { ok: true; gridId: string; communityId: string } | { ok: false; reason: string }

/**
 * Resolve a reported location to its grid and community. Every case belongs to exactly one grid
 * (docs/domain.md), so a point in no grid is refused rather than guessed; the reason says whether it
 * is outside the street altogether or in a gap of the grid map.
 */
export function createCaseLocator(reference: ReferenceRepository): (p: LngLat) => LocateResult {
  // The reference repository hands out the same array until an import replaces it.
  let source: Grid[] | null = null
  let index: { grid: Grid; box: BBox }[] = []

  return (p) => {
    const grids = reference.grids()
    if (grids !== source) {
      source = grids
      index = grids.map((grid) => ({ grid, box: bbox(grid.boundary) }))
    }
    const street = reference.street()
    if (!street) return { ok: false, reason: 'no territory has been imported yet' }
    const pt: [number, number] = [p.lng, p.lat]
    if (!pointInPolygon(pt, street.boundary)) {
      return { ok: false, reason: `(${p.lng}, ${p.lat}) is outside ${street.name}` }
    }
    for (const { grid, box } of index) {
      if (p.lng < box[0] || p.lat < box[1] || p.lng > box[2] || p.lat > box[3]) continue
      if (pointInPolygon(pt, grid.boundary)) return { ok: true, gridId: grid.id, communityId: grid.communityId }
    }
    return { ok: false, reason: `(${p.lng}, ${p.lat}) is inside ${street.name} but in no grid` }
  }
}
