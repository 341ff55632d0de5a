import type { FeatureCollection } from 'geojson'
import { Popup, type GeoJSONSource, type LayerSpecification, type MapLayerMouseEvent, type Map as MaplibreMap } from 'maplibre-gl'
import { isStalePosition, type WorkerPosition } from '@shared/schemas/position'
import type { Locale } from '../../i18n'
import { createCoalescer } from '../../realtime/coalesce'
import { diffPointFeatures, indexFeatures, type IdPointFeature } from './featureDiff'
import { LIVE_LAYER_IDS } from './liveLayers'
import { styleScale } from './styleScale'
import { renderWorkerPopup, workerPopupModel, type WorkerPopupView } from './workerPopup'

/**
 * The field workers on duty as circle markers (issue 16), on the wall's map and the desk's: a
 * fix older than POSITION_STALE_MS is greyed, re-judged every AGE_REFRESH_MS as fixes age; a
 * click opens a popup with name, grid, age of the fix and current task. Bound to one map instance;
 * never reactive (STYLE.md 8). Positions come from the positions store.
 */

export const WORKER_SOURCE_ID = 'field-workers'
export const WORKER_LAYER_ID = 'field-worker-points'
/** How often the greying and an open popup's age are brought up to date. */
export const AGE_REFRESH_MS = 15_000
/** Pushes of a few hundred terminals every 30 s: the map takes at most one update a second. */
const WORKER_UPDATE_MS = 1000

const COLORS = { fresh: '#3ddc97', stale: '#8a94a3', stroke: '#0b1a2e' } as const

type WorkerProps = { id: string; stale: boolean }
export type WorkerFeature = IdPointFeature<WorkerProps>

/** One marker per worker on duty; `stale` greys it. */
export function workerFeatures(positions: readonly WorkerPosition[], now: number): WorkerFeature[] {
  const at = new Date(now)
  return positions.map((p) => ({
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [p.location.lng, p.location.lat] },
    properties: { id: p.workerId, stale: isStalePosition(p, at) },
  }))
}

export function workerLayerSpec(scale: number): LayerSpecification {
  const { z, px } = styleScale(scale)
  return {
    id: WORKER_LAYER_ID,
    type: 'circle',
    source: WORKER_SOURCE_ID,
    paint: {
      'circle-color': ['case', ['get', 'stale'], COLORS.stale, COLORS.fresh],
      'circle-opacity': ['case', ['get', 'stale'], 0.6, 0.95],
      'circle-radius': ['interpolate', ['linear'], ['zoom'], z(12), px(3.5), z(17), px(7.5)],
      'circle-stroke-color': COLORS.stroke,
      'circle-stroke-width': px(1.5),
    },
  }
}

export interface WorkerLayerOptions {
  /** The workers on duty now (the positions store). */
  positions: (now: number) => readonly WorkerPosition[]
  gridName: (gridId: string) => string | null
  locale: () => Locale
  scale: () => number
}

export interface WorkerLayer {
  request(): void
  /** Where a worker's marker is drawn (CSS px from the canvas's top left), or null when it is not. */
  point(workerId: string): { x: number; y: number } | null
  stop(): void
}

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] }

function addLayer(map: MaplibreMap, scale: number): void {
  if (!map.getSource(WORKER_SOURCE_ID)) map.addSource(WORKER_SOURCE_ID, { type: 'geojson', data: EMPTY, promoteId: 'id' })
  // Under the single cases: an urgent case is never hidden by a worker walking past it.
  const before = map.getLayer(LIVE_LAYER_IDS.pulse) ? LIVE_LAYER_IDS.pulse : undefined
  if (!map.getLayer(WORKER_LAYER_ID)) map.addLayer(workerLayerSpec(scale), before)
}

export function startWorkerLayer(map: MaplibreMap, options: WorkerLayerOptions): WorkerLayer {
  addLayer(map, options.scale())
  let held = new Map<string, WorkerFeature>()
  let loaded = false
  let stopped = false
  const source = () => map.getSource<GeoJSONSource>(WORKER_SOURCE_ID)
  const popup = createWorkerPopup(map, options)

  function update(): void {
    const markers = source()
    if (stopped || !markers) return
    const now = Date.now()
    const next = workerFeatures(options.positions(now), now)
    const diff = loaded ? diffPointFeatures(held, next) : null
    if (!loaded) void markers.setData({ type: 'FeatureCollection', features: next }).catch(warn)
    else if (diff) void markers.updateData(diff).catch((cause: unknown) => (warn(cause), void markers.setData({ type: 'FeatureCollection', features: next }).catch(warn)))
    held = indexFeatures(next)
    loaded = true
    popup.refresh(now)
  }

  const pace = createCoalescer(update, WORKER_UPDATE_MS, { onError: warn })
  const ageing = setInterval(() => pace.request(), AGE_REFRESH_MS)
  const onClick = (event: MapLayerMouseEvent) => {
    const id = event.features?.[0]?.properties?.['id']
    if (typeof id === 'string') popup.open(id, Date.now())
  }
  const onEnter = () => void (map.getCanvas().style.cursor = 'pointer')
  const onLeave = () => void (map.getCanvas().style.cursor = '')
  map.on('click', WORKER_LAYER_ID, onClick)
  map.on('mouseenter', WORKER_LAYER_ID, onEnter)
  map.on('mouseleave', WORKER_LAYER_ID, onLeave)

  return {
    request: () => pace.request(),
    point(workerId) {
      const feature = held.get(workerId)
      if (!feature || !map.queryRenderedFeatures({ layers: [WORKER_LAYER_ID] }).some((f) => f.properties['id'] === workerId)) return null
      const { x, y } = map.project(feature.geometry.coordinates as [number, number])
      return { x, y }
    },
    stop() {
      stopped = true
      pace.cancel()
      clearInterval(ageing)
      popup.destroy()
      map.off('click', WORKER_LAYER_ID, onClick)
      map.off('mouseenter', WORKER_LAYER_ID, onEnter)
      map.off('mouseleave', WORKER_LAYER_ID, onLeave)
      if (map.getLayer(WORKER_LAYER_ID)) map.removeLayer(WORKER_LAYER_ID)
      if (map.getSource(WORKER_SOURCE_ID)) map.removeSource(WORKER_SOURCE_ID)
    },
  }
}

/** The one worker popup of a map: follows its worker, ages with the refresh, closes when they go off duty. */
function createWorkerPopup(map: MaplibreMap, options: WorkerLayerOptions) {
  const popup = new Popup({ closeButton: true, closeOnClick: false, focusAfterOpen: false, maxWidth: 'none', offset: 10, className: 'case-popup-shell' })
  let shown: { id: string; position: WorkerPosition; view: WorkerPopupView; locale: Locale } | null = null
  popup.on('close', () => void (shown = null))
  const find = (id: string, now: number) => options.positions(now).find((p) => p.workerId === id)

  function render(position: WorkerPosition, now: number): void {
    const locale = options.locale()
    const model = workerPopupModel(position, position.gridId ? options.gridName(position.gridId) : null, now, locale)
    const view = renderWorkerPopup(document, model, locale)
    shown = { id: position.workerId, position, view, locale }
    popup.setLngLat([position.location.lng, position.location.lat]).setDOMContent(view.root)
  }

  return {
    open(id: string, now: number) {
      const position = find(id, now)
      if (!position) return
      render(position, now)
      if (!popup.isOpen()) popup.addTo(map)
    },
    refresh(now: number) {
      if (!shown) return
      const position = find(shown.id, now)
      if (!position) return void popup.remove()
      if (position !== shown.position || options.locale() !== shown.locale) render(position, now)
      else shown.view.setAge(workerPopupModel(position, position.gridId ? options.gridName(position.gridId) : null, now, shown.locale))
    },
    destroy: () => void popup.remove(),
  }
}

function warn(cause: unknown): void {
  console.warn('[map] updating the worker layer failed:', cause instanceof Error ? cause.message : cause)
}
