import type { ExpressionSpecification, LayerSpecification } from 'maplibre-gl'
import { caseClusterLayers, caseMarkerLayers, gridLoadLayers } from './liveLayers'
import { LAYER_IDS, SOURCE_IDS, type WallStyleOptions } from './mapStyle'
import { LABEL_FONTS, LABEL_FONTS_BOLD, LABEL_FONTS_LATIN_BOLD, MAP_COLORS } from './mapTheme'
import { styleScale } from './styleScale'

/**
 * The wall map's own layers, bottom to top, as MapLibre layer specifications: pure functions the
 * unit tests inspect and `useGridMap` adds over the base style. Each group below draws one kind of
 * thing; `buildWallLayers` stacks them in the order the wall reads them.
 */

type ScaleKit = ReturnType<typeof styleScale>

/** What every group draws with: the wall's size helpers, its language, and the shared expressions. */
interface LayerKit {
  z: ScaleKit['z']
  px: ScaleKit['px']
  byZoom: ScaleKit['byZoom']
  en: boolean
  hasBaseMap: boolean
  /** A value per road kind: main, secondary, lane. */
  roadKind: (main: number, secondary: number, lane: number) => ExpressionSpecification
  textHalo: { 'text-halo-color': string; 'text-halo-width': number; 'text-halo-blur': number }
}

function layerKit({ scale, locale, hasBaseMap }: WallStyleOptions): LayerKit {
  const { z, px, byZoom } = styleScale(scale)
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
  return { z, px, byZoom, en: locale === 'en', hasBaseMap, roadKind, textHalo }
}

/** Our layers, bottom to top; added over the base style (whose own background stays underneath). */
export function buildWallLayers(options: WallStyleOptions): LayerSpecification[] {
  const kit = layerKit(options)
  const layers: LayerSpecification[] = [
    gridFillLayer(kit),
    // Live load over the tones and under every line, so boundaries and roads read as before.
    ...gridLoadLayers(SOURCE_IDS.grids, options.scale),
    ...boundaryLayers(kit),
    ...roadLayers(kit),
    ...pointLayers(kit),
    // Case clusters under the names: a cluster is a count, and the community names must read over it.
    ...caseClusterLayers(options.scale),
    ...labelLayers(kit),
    // Single cases over everything: an urgent case must not hide under a label.
    ...caseMarkerLayers(options.scale),
  ]
  if (!options.hasBaseMap) return layers
  const mask: LayerSpecification = {
    id: LAYER_IDS.mask,
    type: 'fill',
    source: SOURCE_IDS.mask,
    paint: { 'fill-color': MAP_COLORS.outsideMask },
  }
  return [mask, ...layers]
}

/** The grids in their community's tone. */
function gridFillLayer({ hasBaseMap }: LayerKit): LayerSpecification {
  const [tone0, tone1, tone2, tone3, tone4] = MAP_COLORS.gridTones
  const toneColor: ExpressionSpecification = ['match', ['get', 'tone'], 1, tone1, 2, tone2, 3, tone3, 4, tone4, tone0]
  return {
    id: LAYER_IDS.gridFill,
    type: 'fill',
    source: SOURCE_IDS.grids,
    paint: { 'fill-color': toneColor, 'fill-opacity': hasBaseMap ? 0.35 : 0.72, 'fill-antialias': true },
  }
}

/** The street's glow, the grid and community boundaries. */
function boundaryLayers({ px, byZoom }: LayerKit): LayerSpecification[] {
  return [
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
  ]
}

/** Roads by kind, casing under line, and the street's own edge over them. */
function roadLayers({ z, px, roadKind }: LayerKit): LayerSpecification[] {
  return [
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
  ]
}

/** The markets and the cameras, coloured by health. */
function pointLayers({ z, px, byZoom }: LayerKit): LayerSpecification[] {
  return [
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
        // 562 cameras over a whole-street view were a carpet that hid the names: small and faint
        // there, full size once zoomed to a few grids.
        'circle-radius': byZoom([[12, 1.3], [13.8, 2], [14.8, 3.4], [17, 7]]),
        'circle-stroke-color': MAP_COLORS.cameraStroke,
        'circle-stroke-width': byZoom([[13.8, 0], [14.8, 1]]),
        'circle-opacity': ['interpolate', ['linear'], ['zoom'], z(13.8), 0.7, z(14.8), 0.95],
      },
    },
  ]
}

/** Names: grids, lanes, roads, communities, and the markets placed first. */
function labelLayers({ z, px, byZoom, en, roadKind, textHalo }: LayerKit): LayerSpecification[] {
  const bilingual = (primary: string, secondary: string): ExpressionSpecification => [
    'format',
    ['get', primary],
    {},
    '\n',
    {},
    ['get', secondary],
    { 'font-scale': 0.72 },
  ]
  return [
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
  ]
}
