import type { Feature, FeatureCollection, Point } from 'geojson'
import type { GeoJSONSourceSpecification, StyleSpecification } from 'maplibre-gl'
import type {
  CommunityCollection,
  GridCollection,
  Market,
  RoadCollection,
  StreetCollection,
  WallCamera,
} from '../../api/reference'
import type { Locale } from '../../i18n'
import { labelPoints, outsideMask } from './mapGeometry'
import { MAP_COLORS } from './mapTheme'

/**
 * The wall map's style, built from our own API data: the base style, the sources and their GeoJSON
 * (the layers drawn from them are in wallLayers.ts). Pure functions only: `useGridMap` hands the
 * results to MapLibre, the unit tests inspect them.
 */

export const SOURCE_IDS = {
  mask: 'wall-mask',
  street: 'wall-street',
  communities: 'wall-communities',
  communityLabels: 'wall-community-labels',
  grids: 'wall-grids',
  gridLabels: 'wall-grid-labels',
  roads: 'wall-roads',
  markets: 'wall-markets',
  cameras: 'wall-cameras',
} as const
export type SourceId = (typeof SOURCE_IDS)[keyof typeof SOURCE_IDS]

export const LAYER_IDS = {
  background: 'wall-background',
  mask: 'wall-mask',
  gridFill: 'wall-grid-fill',
  streetGlow: 'wall-street-glow',
  gridLine: 'wall-grid-line',
  communityLine: 'wall-community-line',
  roadCasing: 'wall-road-casing',
  roadLine: 'wall-road-line',
  streetLine: 'wall-street-line',
  market: 'wall-market',
  cameras: 'wall-camera-points',
  gridLabel: 'wall-grid-label',
  laneLabel: 'wall-lane-label',
  roadLabel: 'wall-road-label',
  marketLabel: 'wall-market-label',
  communityLabel: 'wall-community-label',
} as const

/** Everything the map draws; each collection may still be loading. */
export interface WallMapData {
  street: StreetCollection | null
  communities: CommunityCollection | null
  grids: GridCollection | null
  roads: RoadCollection | null
  markets: Market[] | null
  cameras: WallCamera[] | null
}

export interface WallStyleOptions {
  /**
   * How much larger than a 1920×1080 wall the map is drawn (2 on a 3840×2160 wall at device pixel
   * ratio 1). Sizes are multiplied by it and zoom stops shifted by log2 of it, so a bigger wall shows
   * the same picture, only sharper, instead of the same tiny labels over a wider area.
   */
  scale: number
  locale: Locale
  /** A base map from the intranet lies underneath: dim it outside the street. */
  hasBaseMap: boolean
}

/** The style used when the server names no base map: a plain deep-navy ground and no glyphs URL. */
export function buildBaseStyle(): StyleSpecification {
  return {
    version: 8,
    name: 'gulou-wall',
    sources: {},
    layers: [{ id: LAYER_IDS.background, type: 'background', paint: { 'background-color': MAP_COLORS.background } }],
  }
}

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] }

/** The GeoJSON for every source, derived from the API data (empty collections for what is missing). */
export function buildSourceData(data: WallMapData): Record<SourceId, FeatureCollection> {
  const communityIndex = new Map((data.communities?.features ?? []).map((f, i) => [f.properties.id, i]))
  const grids: FeatureCollection = data.grids
    ? {
        type: 'FeatureCollection',
        features: data.grids.features.map((f) => ({
          ...f,
          id: f.properties.id,
          // Neighbouring grids of one community share a tone, so community blocks read at a glance.
          properties: { ...f.properties, tone: (communityIndex.get(f.properties.communityId) ?? 0) % MAP_COLORS.gridTones.length },
        })),
      }
    : EMPTY
  return {
    [SOURCE_IDS.mask]: data.street ? outsideMask(data.street) : EMPTY,
    [SOURCE_IDS.street]: data.street ?? EMPTY,
    [SOURCE_IDS.communities]: data.communities ?? EMPTY,
    [SOURCE_IDS.communityLabels]: data.communities ? labelPoints(data.communities) : EMPTY,
    [SOURCE_IDS.grids]: grids,
    [SOURCE_IDS.gridLabels]: data.grids ? labelPoints(data.grids) : EMPTY,
    [SOURCE_IDS.roads]: data.roads ?? EMPTY,
    [SOURCE_IDS.markets]: pointCollection(data.markets ?? [], (m) => ({ id: m.id, name: m.name, gridId: m.gridId })),
    [SOURCE_IDS.cameras]: pointCollection(data.cameras ?? [], (c) => ({
      id: c.id,
      name: c.name,
      status: c.status,
      gridId: c.gridId,
      site: c.site,
    })),
  }
}

function pointCollection<T extends { location: { lng: number; lat: number } }>(
  items: T[],
  properties: (item: T) => { id: string } & Record<string, string | number | boolean>,
): FeatureCollection<Point> {
  return {
    type: 'FeatureCollection',
    features: items.map((item): Feature<Point> => {
      const props = properties(item)
      return { type: 'Feature', id: props.id, properties: props, geometry: { type: 'Point', coordinates: [item.location.lng, item.location.lat] } }
    }),
  }
}

/** Sources keyed by id; `promoteId` makes each feature's `id` property its feature id (for diffs and feature state). */
export function buildSources(data: WallMapData): Record<SourceId, GeoJSONSourceSpecification> {
  const geojson = buildSourceData(data)
  return Object.fromEntries(
    (Object.keys(geojson) as SourceId[]).map((id) => [id, { type: 'geojson', data: geojson[id], promoteId: 'id' } satisfies GeoJSONSourceSpecification]),
  ) as Record<SourceId, GeoJSONSourceSpecification>
}

/** The layers that a diagnostics query counts as "drawn": grids by their fill, cameras by their points. */
export const DIAGNOSTIC_LAYERS = { grids: LAYER_IDS.gridFill, cameras: LAYER_IDS.cameras } as const
