import type { FeatureCollection } from 'geojson'
import type { ExpressionSpecification, GeoJSONSourceSpecification, LayerSpecification } from 'maplibre-gl'
import { LABEL_FONTS_LATIN_BOLD, LOAD_STEPS, MAP_COLORS } from './mapTheme'
import { round, styleScale } from './styleScale'

/**
 * The live layers of the wall map: grid load from feature state, and the open cases as a
 * clustered point source with a tiny second source for the few markers that pulse. Pure builders,
 * like mapStyle.ts; `buildWallLayers` (wallLayers.ts) places them and `caseLayer.ts` feeds them.
 */

export const LIVE_SOURCE_IDS = {
  cases: 'wall-cases',
  pulse: 'wall-case-pulse',
} as const
export type LiveSourceId = (typeof LIVE_SOURCE_IDS)[keyof typeof LIVE_SOURCE_IDS]

export const LIVE_LAYER_IDS = {
  gridLoad: 'wall-grid-load',
  gridOverdue: 'wall-grid-overdue',
  pulse: 'wall-case-pulse',
  clusters: 'wall-case-clusters',
  clusterCount: 'wall-case-cluster-count',
  cases: 'wall-case-points',
} as const

/** Feature-state keys set on each grid of the grids source. */
export const GRID_LOAD_STATE = { open: 'open', overdue: 'overdue' } as const

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] }

/**
 * Clusters until zoom 14 on a 1080p wall (the whole street in view), single markers from 15; the
 * zoom and the pixel radius follow the wall scale like every other size, so 4K groups the same.
 */
export function clusterOptions(scale: number): { clusterMaxZoom: number; clusterRadius: number } {
  return { clusterMaxZoom: Math.round(14 + Math.log2(scale)), clusterRadius: Math.round(40 * scale) }
}

/**
 * Both start empty: the cases store fills them once it is ready. Clustering and `updateData` combine
 * in this MapLibre (the worker applies the diff and regroups), so the cases source takes diffs.
 */
export function buildLiveSources(scale: number): Record<LiveSourceId, GeoJSONSourceSpecification> {
  return {
    [LIVE_SOURCE_IDS.cases]: {
      type: 'geojson',
      data: EMPTY,
      promoteId: 'id',
      cluster: true,
      ...clusterOptions(scale),
      // A cluster hiding an urgent or overdue case must say so before anyone zooms in.
      clusterProperties: {
        urgent: ['+', ['case', ['get', 'urgent'], 1, 0]],
        overdue: ['+', ['case', ['get', 'overdue'], 1, 0]],
      },
    },
    [LIVE_SOURCE_IDS.pulse]: { type: 'geojson', data: EMPTY, promoteId: 'id' },
  }
}

/** Load colour and overdue outline of each grid, from its feature state (no state: not drawn). */
export function gridLoadLayers(gridSource: string, scale: number): LayerSpecification[] {
  const { px } = styleScale(scale)
  const open: ExpressionSpecification = ['coalesce', ['feature-state', GRID_LOAD_STATE.open], 0]
  const overdue: ExpressionSpecification = ['coalesce', ['feature-state', GRID_LOAD_STATE.overdue], 0]
  const [first, ...rest] = MAP_COLORS.load
  const steps = rest.flatMap((color, i) => [LOAD_STEPS[i + 1] as number, color])
  return [
    {
      id: LIVE_LAYER_IDS.gridLoad,
      type: 'fill',
      source: gridSource,
      paint: {
        'fill-color': ['step', open, first as string, ...steps] as ExpressionSpecification,
        'fill-opacity': ['case', ['>=', open, LOAD_STEPS[0]], 0.5, 0],
      },
    },
    {
      id: LIVE_LAYER_IDS.gridOverdue,
      type: 'line',
      source: gridSource,
      layout: { 'line-join': 'round' },
      paint: {
        'line-color': MAP_COLORS.gridOverdue,
        'line-opacity': ['case', ['>', overdue, 0], 0.9, 0],
        'line-width': ['step', overdue, px(1.5), 3, px(2.5), 10, px(3.5)],
      },
    },
  ]
}

const IS_CLUSTER: ExpressionSpecification = ['has', 'point_count']

/**
 * The case clusters and their counts. They lie under the map's names (wallLayers.ts): a cluster is a
 * count, and a wall of them over the street hid the community names; an urgent or overdue case inside
 * still rings its cluster, and single markers (caseMarkerLayers) stay on top of everything.
 */
export function caseClusterLayers(scale: number): LayerSpecification[] {
  const { px } = styleScale(scale)
  const c = MAP_COLORS.case
  const [small, medium, large] = MAP_COLORS.cluster
  return [
    {
      id: LIVE_LAYER_IDS.clusters,
      type: 'circle',
      source: LIVE_SOURCE_IDS.cases,
      filter: IS_CLUSTER,
      paint: {
        'circle-color': ['step', ['get', 'point_count'], small as string, 10, medium as string, 50, large as string],
        'circle-radius': ['step', ['get', 'point_count'], px(12), 10, px(16), 50, px(21)],
        'circle-opacity': 0.88,
        'circle-stroke-color': ['case', ['>', ['get', 'urgent'], 0], c.pulseUrgent, ['>', ['get', 'overdue'], 0], c.overdue, c.stroke],
        'circle-stroke-width': ['case', ['>', ['+', ['get', 'urgent'], ['get', 'overdue']], 0], px(3), px(1.5)],
      },
    },
    {
      id: LIVE_LAYER_IDS.clusterCount,
      type: 'symbol',
      source: LIVE_SOURCE_IDS.cases,
      filter: IS_CLUSTER,
      layout: {
        'text-field': ['get', 'point_count_abbreviated'],
        'text-font': LABEL_FONTS_LATIN_BOLD,
        'text-size': px(13),
        'text-allow-overlap': true,
        'text-ignore-placement': true,
      },
      paint: { 'text-color': MAP_COLORS.clusterText },
    },
  ]
}

/** Pulse rings under the markers, then the single cases: over everything, an urgent case is never hidden. */
export function caseMarkerLayers(scale: number): LayerSpecification[] {
  const { z, px } = styleScale(scale)
  const c = MAP_COLORS.case
  const urgentSize = (normal: number, urgent: number): ExpressionSpecification => ['case', ['get', 'urgent'], px(urgent), px(normal)]
  const first = pulseFrame(0, scale)
  return [
    {
      id: LIVE_LAYER_IDS.pulse,
      type: 'circle',
      source: LIVE_SOURCE_IDS.pulse,
      paint: {
        'circle-color': 'rgba(0, 0, 0, 0)',
        'circle-radius': first.radius,
        'circle-stroke-color': ['case', ['get', 'urgent'], c.pulseUrgent, c.pulseNew],
        'circle-stroke-width': px(2.5),
        'circle-stroke-opacity': first.opacity,
      },
    },
    {
      id: LIVE_LAYER_IDS.cases,
      type: 'circle',
      source: LIVE_SOURCE_IDS.cases,
      filter: ['!', IS_CLUSTER],
      // Urgent over overdue over at risk over the rest: the worst case is the one on top.
      layout: { 'circle-sort-key': ['+', ['case', ['get', 'urgent'], 4, 0], ['case', ['get', 'overdue'], 2, ['get', 'atRisk'], 1, 0]] },
      paint: {
        'circle-color': ['match', ['get', 'group'], 'dispatch', c.dispatch, 'handling', c.handling, 'suspended', c.suspended, 'check', c.check, c.intake],
        'circle-radius': ['interpolate', ['linear'], ['zoom'], z(12), urgentSize(4.2, 6.5), z(17), urgentSize(8.5, 13)],
        'circle-stroke-color': ['case', ['get', 'overdue'], c.overdue, ['get', 'atRisk'], c.atRisk, c.stroke],
        'circle-stroke-width': ['case', ['any', ['get', 'overdue'], ['get', 'atRisk']], px(2.4), px(1.2)],
      },
    },
  ]
}

/** One pulse every 1.6 s; frames at most every 80 ms (12.5 fps) are plenty for a ring that fades. */
export const PULSE_PERIOD_MS = 1600
export const PULSE_FRAME_MS = 80

/** The ring `elapsedMs` into the pulse: it grows from the marker outwards and fades as it goes. */
export function pulseFrame(elapsedMs: number, scale: number): { radius: number; opacity: number } {
  const t = (((elapsedMs % PULSE_PERIOD_MS) + PULSE_PERIOD_MS) % PULSE_PERIOD_MS) / PULSE_PERIOD_MS
  const eased = 1 - (1 - t) * (1 - t)
  return { radius: round((7 + 17 * eased) * scale), opacity: round(0.95 * (1 - t)) }
}
