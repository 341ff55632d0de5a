import type { Feature, FeatureCollection, Point } from 'geojson'
import type {
  ExpressionSpecification,
  GeoJSONSourceSpecification,
  LayerSpecification,
  StyleSpecification,
} from 'maplibre-gl'
import type {
  CommunityCollection,
  GridCollection,
  Market,
  RoadCollection,
  StreetCollection,
  WallCamera,
} from '../../api/reference'
import type { Locale } from '../../i18n'
import { gridLoadLayers, caseLayers } from './liveLayers'
import { labelPoints, outsideMask } from './mapGeometry'
import { LABEL_FONTS, LABEL_FONTS_BOLD, LABEL_FONTS_LATIN_BOLD, MAP_COLORS } from './mapTheme'
import { styleScale } from './styleScale'

/**
 * The wall map's style, built from our own API data. Pure functions only: `useGridMap` hands the
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

/** Our layers, bottom to top; added over the base style (whose own background stays underneath). */
export function buildWallLayers({ scale, locale, hasBaseMap }: WallStyleOptions): LayerSpecification[] {
  const { z, px, byZoom } = styleScale(scale)
  const en = locale === 'en'
  const bilingual = (primary: string, secondary: string): ExpressionSpecification => [
    'format',
    ['get', primary],
    {},
    '\n',
    {},
    ['get', secondary],
    { 'font-scale': 0.72 },
  ]
  const [tone0, tone1, tone2, tone3, tone4] = MAP_COLORS.gridTones
  const toneColor: ExpressionSpecification = ['match', ['get', 'tone'], 1, tone1, 2, tone2, 3, tone3, 4, tone4, tone0]
  const roadKind = (main: number, secondary: number, lane: number): ExpressionSpecification => [
    'match',
    ['get', 'kind'],
    'main',
    main,
    'secondary',
    secondary,
    lane,
  ]
  const textHalo = { 'text-halo-color': MAP_COLORS.halo, 'text-halo-width': px(1.6), 'text-halo-blur': px(0.4) }

  const layers: LayerSpecification[] = [
    {
      id: LAYER_IDS.gridFill,
      type: 'fill',
      source: SOURCE_IDS.grids,
      paint: { 'fill-color': toneColor, 'fill-opacity': hasBaseMap ? 0.35 : 0.72, 'fill-antialias': true },
    },
    // Live load over the tones and under every line, so boundaries and roads read as before.
    ...gridLoadLayers(SOURCE_IDS.grids, scale),
    {
      id: LAYER_IDS.streetGlow,
      type: 'line',
      source: SOURCE_IDS.street,
      layout: { 'line-join': 'round' },
      paint: { 'line-color': MAP_COLORS.streetGlow, 'line-width': px(14), 'line-blur': px(9) },
    },
    {
      id: LAYER_IDS.gridLine,
      type: 'line',
      source: SOURCE_IDS.grids,
      layout: { 'line-join': 'round' },
      paint: { 'line-color': MAP_COLORS.grid, 'line-opacity': 0.55, 'line-width': byZoom([[13, 0.6], [15, 1.1], [17, 2]]) },
    },
    {
      id: LAYER_IDS.communityLine,
      type: 'line',
      source: SOURCE_IDS.communities,
      layout: { 'line-join': 'round' },
      paint: {
        'line-color': MAP_COLORS.community,
        'line-opacity': 0.85,
        'line-width': byZoom([[13, 1.2], [15, 2], [17, 3]]),
        'line-dasharray': [3, 2],
      },
    },
    {
      id: LAYER_IDS.roadCasing,
      type: 'line',
      source: SOURCE_IDS.roads,
      layout: { 'line-join': 'round', 'line-cap': 'round', 'line-sort-key': roadKind(3, 2, 1) },
      paint: {
        'line-color': MAP_COLORS.roadCasing,
        'line-opacity': 0.85,
        'line-width': ['interpolate', ['linear'], ['zoom'], z(13), roadKind(px(4), px(3), px(1.5)), z(17), roadKind(px(14), px(10), px(5))],
      },
    },
    {
      id: LAYER_IDS.roadLine,
      type: 'line',
      source: SOURCE_IDS.roads,
      layout: { 'line-join': 'round', 'line-cap': 'round', 'line-sort-key': roadKind(3, 2, 1) },
      paint: {
        'line-color': ['match', ['get', 'kind'], 'main', MAP_COLORS.road.main, 'secondary', MAP_COLORS.road.secondary, MAP_COLORS.road.lane],
        'line-opacity': 0.92,
        'line-width': ['interpolate', ['linear'], ['zoom'], z(13), roadKind(px(2), px(1.4), px(0.6)), z(17), roadKind(px(9), px(6), px(2.5))],
      },
    },
    {
      id: LAYER_IDS.streetLine,
      type: 'line',
      source: SOURCE_IDS.street,
      layout: { 'line-join': 'round' },
      paint: { 'line-color': MAP_COLORS.street, 'line-width': px(3) },
    },
    {
      id: LAYER_IDS.market,
      type: 'circle',
      source: SOURCE_IDS.markets,
      paint: {
        'circle-color': MAP_COLORS.market,
        'circle-radius': byZoom([[13, 6], [17, 12]]),
        'circle-stroke-color': MAP_COLORS.marketRing,
        'circle-stroke-width': px(2.5),
      },
    },
    {
      id: LAYER_IDS.cameras,
      type: 'circle',
      source: SOURCE_IDS.cameras,
      // Faults draw on top of healthy cameras: an offline camera must never hide under an online one.
      layout: { 'circle-sort-key': ['match', ['get', 'status'], 'offline', 3, 'stalled', 2, 'unknown', 1, 0] },
      paint: {
        'circle-color': [
          'match',
          ['get', 'status'],
          'online',
          MAP_COLORS.camera.online,
          'offline',
          MAP_COLORS.camera.offline,
          'stalled',
          MAP_COLORS.camera.stalled,
          MAP_COLORS.camera.unknown,
        ],
        'circle-radius': byZoom([[12, 2.2], [14.5, 3.6], [17, 7]]),
        'circle-stroke-color': MAP_COLORS.cameraStroke,
        'circle-stroke-width': px(1),
        'circle-opacity': 0.95,
      },
    },
    {
      id: LAYER_IDS.gridLabel,
      type: 'symbol',
      source: SOURCE_IDS.gridLabels,
      minzoom: z(13.6),
      layout: {
        'text-field': [
          'step',
          ['zoom'],
          ['format', ['get', 'code'], {}],
          z(15.6),
          ['format', ['get', 'code'], {}, '\n', {}, ['get', 'name'], { 'font-scale': 0.8 }],
        ],
        'text-font': LABEL_FONTS,
        'text-size': byZoom([[13.6, 12], [15, 14.5], [17, 19]]),
        'text-letter-spacing': 0.05,
        'text-padding': px(2),
      },
      paint: { 'text-color': MAP_COLORS.labelGrid, 'text-opacity': 0.9, ...textHalo },
    },
    {
      id: LAYER_IDS.laneLabel,
      type: 'symbol',
      source: SOURCE_IDS.roads,
      minzoom: z(15.4),
      filter: ['==', ['get', 'kind'], 'lane'],
      layout: {
        'symbol-placement': 'line',
        'symbol-spacing': px(320),
        'text-field': ['get', 'name'],
        'text-font': LABEL_FONTS,
        'text-size': byZoom([[15.4, 12], [17, 15]]),
        'text-max-angle': 40,
      },
      paint: { 'text-color': MAP_COLORS.labelRoad, 'text-opacity': 0.8, ...textHalo },
    },
    {
      id: LAYER_IDS.roadLabel,
      type: 'symbol',
      source: SOURCE_IDS.roads,
      minzoom: z(13.2),
      filter: ['!=', ['get', 'kind'], 'lane'],
      layout: {
        'symbol-placement': 'line',
        'symbol-spacing': px(420),
        'symbol-sort-key': roadKind(1, 2, 3),
        'text-field': ['get', 'name'],
        'text-font': LABEL_FONTS_BOLD,
        'text-size': byZoom([[13.2, 13], [15, 15], [17, 19]]),
        'text-letter-spacing': 0.12,
        'text-max-angle': 35,
      },
      paint: { 'text-color': MAP_COLORS.labelRoad, ...textHalo },
    },
    {
      id: LAYER_IDS.communityLabel,
      type: 'symbol',
      source: SOURCE_IDS.communityLabels,
      layout: {
        'text-field': en ? bilingual('nameEn', 'name') : ['get', 'name'],
        'text-font': en ? LABEL_FONTS_LATIN_BOLD : LABEL_FONTS_BOLD,
        'text-size': byZoom([[13, 15], [15, 19], [17, 26]]),
        'text-max-width': en ? 9 : 7,
        'text-letter-spacing': en ? 0.02 : 0.08,
        'text-line-height': 1.15,
        'text-padding': px(4),
      },
      paint: { 'text-color': MAP_COLORS.labelCommunity, ...textHalo },
    },
    {
      // Last, so placed first: the markets of 四街三市场 are where joint enforcement goes; their names
      // must not give way to the area labels. The anchor moves around the marker to find room.
      id: LAYER_IDS.marketLabel,
      type: 'symbol',
      source: SOURCE_IDS.markets,
      layout: {
        'text-field': ['get', 'name'],
        'text-font': LABEL_FONTS_BOLD,
        'text-size': byZoom([[13, 14], [17, 20]]),
        'text-variable-anchor': ['left', 'right', 'top', 'bottom'],
        'text-radial-offset': 0.9,
        'text-justify': 'auto',
      },
      paint: { 'text-color': MAP_COLORS.labelMarket, ...textHalo },
    },
    // Cases over everything: an urgent case must not hide under a label.
    ...caseLayers(scale),
  ]

  if (!hasBaseMap) return layers
  const mask: LayerSpecification = {
    id: LAYER_IDS.mask,
    type: 'fill',
    source: SOURCE_IDS.mask,
    paint: { 'fill-color': MAP_COLORS.outsideMask },
  }
  return [mask, ...layers]
}

/** The layers that a diagnostics query counts as "drawn": grids by their fill, cameras by their points. */
export const DIAGNOSTIC_LAYERS = { grids: LAYER_IDS.gridFill, cameras: LAYER_IDS.cameras } as const
