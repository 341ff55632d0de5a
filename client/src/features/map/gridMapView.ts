import {
  Map as MaplibreMap,
  getWorkerUrl,
  setWorkerUrl,
  type AllLayoutProperties,
  type AllPaintProperties,
  type GeoJSONSource,
  type LayerSpecification,
} from 'maplibre-gl'
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url'
import 'maplibre-gl/dist/maplibre-gl.css'
import { clusterOptions, LIVE_SOURCE_IDS } from './liveLayers'
import { featureBounds } from './mapGeometry'
import { buildBaseStyle, type WallMapData } from './mapStyle'
import { LABEL_FONTS } from './mapTheme'

/**
 * What useGridMap does to a MapLibre map, one step each: open it as the wall wants it, fit the
 * street, restyle it for a new size or language, and wait for the first complete picture. The
 * composable owns the one instance; these take it as an argument and keep nothing of it.
 */

export interface WallMapEvents {
  /** The style is in: sources and layers may be added. */
  loaded: (instance: MaplibreMap) => void
  /** The base map could not be reached before it loaded: the caller draws again without it. */
  baseFailed: () => void
  /** No map at all (no WebGL, or the context was lost). */
  failed: (cause: unknown) => void
}

/**
 * The wall's map on `styleUrl`, or on our own plain style when the server names no base map; null
 * (after `failed`) when MapLibre cannot make one.
 */
export function openWallMap(container: HTMLElement, styleUrl: string | null, on: WallMapEvents): MaplibreMap | null {
  // The worker is a separate file; Vite must emit it and tell MapLibre where it went, or the map never loads.
  if (getWorkerUrl() !== workerUrl) setWorkerUrl(workerUrl)
  const hasBaseMap = styleUrl !== null
  let instance: MaplibreMap
  try {
    instance = new MaplibreMap({
      container,
      style: styleUrl ?? buildBaseStyle(),
      attributionControl: hasBaseMap ? { compact: true } : false,
      localIdeographFontFamily: LABEL_FONTS.map((f) => (f.includes(' ') ? `'${f}'` : f)).join(', '),
      dragRotate: false,
      // Shift+drag selects cameras for the wall (mapInteractions), it does not zoom.
      boxZoom: false,
      pitchWithRotate: false,
      touchPitch: false,
      maxPitch: 0,
      renderWorldCopies: false,
      center: [116.84, 40.37],
      zoom: 12,
    })
  } catch (cause) {
    on.failed(cause)
    return null
  }
  let styleLoaded = false
  instance.on('load', () => {
    styleLoaded = true
    on.loaded(instance)
  })
  instance.on('error', (event) => {
    // A base map that cannot be reached must not leave the wall black: fall back to our own style.
    if (!styleLoaded && hasBaseMap) {
      console.warn('[map] base style failed, drawing without it:', event.error?.message)
      return on.baseFailed()
    }
    console.warn('[map]', event.error?.message ?? event)
  })
  instance.on('webglcontextlost', () => on.failed(new Error('WebGL context lost')))
  return instance
}

/**
 * Fits the street (or, before it is known, the grids) into the map, keeping `footInset` CSS px clear
 * at the foot for what lies over it. False while there is nothing to fit yet.
 */
export function fitStreet(instance: MaplibreMap, data: WallMapData, scale: number, footInset: number): boolean {
  const bounds = data.street ? featureBounds(data.street) : data.grids ? featureBounds(data.grids) : null
  if (!bounds) return false
  const side = Math.round(48 * scale)
  // Never more than the canvas can give: MapLibre refuses a fit whose padding leaves no room.
  const room = instance.getContainer().clientHeight - side - 40
  const bottom = footInset > 0 ? Math.max(side / 2, Math.min(footInset + Math.round(8 * scale), room)) : side
  // With a strip taking height at the foot, take less at the top: the street is what was squeezed.
  const top = footInset > 0 ? Math.round(side / 2) : side
  instance.fitBounds(bounds, { padding: { top, right: side, bottom, left: side }, duration: 0 })
  return true
}

/** Re-applies every layer's layout, paint and zoom range, and the case clusters' size; MapLibre ignores values that did not change. */
export function restyleMap(instance: MaplibreMap, layers: LayerSpecification[], scale: number): void {
  for (const layer of layers) {
    if (!instance.getLayer(layer.id)) continue
    for (const [key, value] of Object.entries(layer.layout ?? {})) instance.setLayoutProperty(layer.id, key as keyof AllLayoutProperties, value)
    for (const [key, value] of Object.entries(layer.paint ?? {})) instance.setPaintProperty(layer.id, key as keyof AllPaintProperties, value)
    instance.setLayerZoomRange(layer.id, layer.minzoom ?? 0, layer.maxzoom ?? 24)
  }
  const cases = instance.getSource<GeoJSONSource>(LIVE_SOURCE_IDS.cases)
  const wanted = clusterOptions(scale)
  const current = cases?.getClusterOptions()
  if (cases && current && (current.clusterMaxZoom !== wanted.clusterMaxZoom || current.clusterRadius !== wanted.clusterRadius)) {
    void cases.setClusterOptions(wanted).catch((cause: unknown) => console.warn('[map] cannot regroup cases for the new size:', cause))
  }
}

/**
 * Calls `done` on the first frame drawn with every source and tile loaded, unless `current()` says
 * the map was replaced meanwhile. Not 'idle': a pulsing urgent case repaints the map for as long as
 * it is open, so a wall loaded while one is on the map would never see idle.
 */
export function whenPictureComplete(instance: MaplibreMap, current: () => boolean, done: () => void): void {
  const onRender = () => {
    if (!current()) return void instance.off('render', onRender)
    if (!instance.loaded()) return
    instance.off('render', onRender)
    done()
  }
  instance.on('render', onRender)
  instance.triggerRepaint()
}
