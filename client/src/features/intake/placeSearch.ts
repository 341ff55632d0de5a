import { interiorPoint, pointInPolygon, toLngLat } from '@shared/geometry'
import type { CommunityCollection, GridCollection, RoadCollection } from '@shared/schemas/api'
import type { LngLat, PolygonGeometry } from '@shared/schemas/geo'
import type { Market } from '@shared/schemas/reference'
import { initialsOf, spelledOf } from './pinyinKeys'

/**
 * Where a call is about, from what the caller says: a road, a market, a community or a grid of the
 * street, by Chinese words or pinyin initials. Each place carries a point and the grid that point
 * lies in, so the case's grid is derived from its location, never typed.
 */
export type PlaceKind = 'market' | 'road' | 'community' | 'grid'

export interface Place {
  kind: PlaceKind
  id: string
  name: string
  location: LngLat
  /** The grid the location lies in; null outside every grid. */
  gridId: string | null
  initials: string
  spelled: string
}

export interface PlaceSources {
  grids: GridCollection
  communities: CommunityCollection
  roads: RoadCollection
  markets: readonly Market[]
}

/** The grid a point lies in, or null. */
export function gridAt(grids: GridCollection, at: LngLat): string | null {
  return grids.features.find((f) => pointInPolygon([at.lng, at.lat], f.geometry as PolygonGeometry))?.properties.id ?? null
}

export function indexPlaces(src: PlaceSources): Place[] {
  const place = (kind: PlaceKind, id: string, name: string, location: LngLat, gridId?: string): Place => ({
    kind, id, name, location, gridId: gridId ?? gridAt(src.grids, location), initials: initialsOf(name), spelled: spelledOf(name),
  })
  return [
    ...src.markets.map((m) => place('market', m.id, m.name, m.location, m.gridId)),
    ...src.roads.features.map((f) => {
      // The road's middle vertex: on the road, and as central as a polyline allows without a measure.
      const line = f.geometry.coordinates
      return place('road', f.properties.id, f.properties.name, toLngLat(line[Math.floor(line.length / 2)]!))
    }),
    ...src.communities.features.map((f) => place('community', f.properties.id, f.properties.name, toLngLat(interiorPoint(f.geometry))),
    ),
    ...src.grids.features.map((f) => place('grid', f.properties.id, f.properties.name, toLngLat(interiorPoint(f.geometry)), f.properties.id)),
  ]
}

const KIND_ORDER: Record<PlaceKind, number> = { market: 0, road: 1, community: 2, grid: 3 }

/** Places matching `query`, best first: the exact name, the name, then its initials, then its pinyin; markets and roads before areas. */
export function searchPlaces(index: readonly Place[], query: string, limit = 10): Place[] {
  const q = query.trim().toLowerCase().replace(/\s+/g, '')
  if (!q) return []
  const score = (p: Place) => (p.name === q ? 6 : p.name.startsWith(q) ? 5 : p.name.includes(q) ? 4 : p.initials.startsWith(q) ? 3 : p.spelled.startsWith(q) ? 2 : q.length >= 2 && p.initials.includes(q) ? 1 : 0)
  return index
    .map((p) => ({ p, s: score(p) }))
    .filter((x) => x.s > 0)
    .sort((a, b) => b.s - a.s || KIND_ORDER[a.p.kind] - KIND_ORDER[b.p.kind] || a.p.name.length - b.p.name.length)
    .slice(0, limit)
    .map((x) => x.p)
}
