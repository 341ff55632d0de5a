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
import { markRaw, onBeforeUnmount, onMounted, ref, shallowRef, watch, type Ref } from 'vue'
import type { CameraStatus } from '../../api/reference'
import type { Locale } from '../../i18n'
import { diffPointFeatures, indexFeatures, type IdPointFeature } from './featureDiff'
import { buildLiveSources, clusterOptions, LIVE_SOURCE_IDS } from './liveLayers'
import { featureBounds } from './mapGeometry'
import {
  buildBaseStyle,
  buildSourceData,
  buildSources,
  buildWallLayers,
  SOURCE_IDS,
  type SourceId,
  type WallMapData,
} from './mapStyle'
import { LABEL_FONTS } from './mapTheme'
import { createMapReadout, installDiagnostics } from './wallDiagnostics'

export interface UseGridMapOptions {
  container: Readonly<Ref<HTMLElement | null>>
  data: () => WallMapData
  /** The intranet base style; `undefined` while the map config is still loading (the map waits for it). */
  styleUrl: () => string | null | undefined
  locale: () => Locale
  /** Room to keep clear at the map's foot when fitting the street (a legend strip lying over it), in CSS px. */
  footInset?: () => number
}

export type GridMapState = 'waiting' | 'starting' | 'drawing' | 'ready' | 'failed'

/** Which API collections each source is built from, to re-send only the sources whose input changed. */
const SOURCE_INPUTS: Record<SourceId, (d: WallMapData) => unknown[]> = {
  [SOURCE_IDS.mask]: (d) => [d.street],
  [SOURCE_IDS.street]: (d) => [d.street],
  [SOURCE_IDS.communities]: (d) => [d.communities],
  [SOURCE_IDS.communityLabels]: (d) => [d.communities],
  [SOURCE_IDS.grids]: (d) => [d.grids, d.communities],
  [SOURCE_IDS.gridLabels]: (d) => [d.grids],
  [SOURCE_IDS.roads]: (d) => [d.roads],
  [SOURCE_IDS.markets]: (d) => [d.markets],
  [SOURCE_IDS.cameras]: (d) => [d.cameras],
}

/** The wall is designed at 1920×1080; a 3840×2160 wall at pixel ratio 1 is scale 2. */
export function wallScale(width: number, height: number): number {
  return Math.min(4, Math.max(0.75, Math.min(width / 1920, height / 1080)))
}

/**
 * Owns the MapLibre map of the wall: creates it once the container and the map config are there,
 * feeds it data, keeps labels in the chosen language and size, and removes it on unmount. The map
 * lives in a shallowRef and is marked raw: Vue must never proxy it.
 */
export function useGridMap(options: UseGridMapOptions) {
  const map = shallowRef<MaplibreMap | null>(null)
  const state = ref<GridMapState>('waiting')
  const error = ref<string | null>(null)

  let scale = wallScale(window.innerWidth, window.innerHeight)
  let hasBaseMap = false
  let styleLoaded = false
  let fitted = false
  let uninstallDiagnostics: (() => void) | null = null
  const sentInputs = new Map<SourceId, unknown[]>()
  /** The camera features the source holds, so a status change is sent as a diff, not the whole fleet. */
  let sentCameras = new Map<string, IdPointFeature>()
  const stops: (() => void)[] = []
  const readout = createMapReadout((id) => (sentCameras.get(id)?.properties['status'] as CameraStatus | undefined) ?? null)

  function create(container: HTMLElement, styleUrl: string | null): void {
    // The worker is a separate file; Vite must emit it and tell MapLibre where it went, or the map never loads.
    if (getWorkerUrl() !== workerUrl) setWorkerUrl(workerUrl)
    hasBaseMap = styleUrl !== null
    state.value = 'starting'
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
      fail(cause)
      return
    }
    map.value = markRaw(instance)

    instance.on('load', () => {
      styleLoaded = true
      addWallLayers(instance)
      state.value = 'drawing'
      void sync()
    })
    instance.on('error', (event) => {
      // A base map that cannot be reached must not leave the wall black: fall back to our own style.
      if (!styleLoaded && hasBaseMap) {
        console.warn('[map] base style failed, drawing without it:', event.error?.message)
        destroy()
        create(container, null)
        return
      }
      console.warn('[map]', event.error?.message ?? event)
    })
    instance.on('webglcontextlost', () => fail(new Error('WebGL context lost')))
  }

  function addWallLayers(instance: MaplibreMap): void {
    const sources = buildSources(options.data())
    for (const [id, spec] of Object.entries(sources)) instance.addSource(id, spec)
    for (const [id, spec] of Object.entries(buildLiveSources(scale))) instance.addSource(id, spec)
    for (const layer of currentLayers()) instance.addLayer(layer)
    sentCameras = indexFeatures(camerasOf(sources[SOURCE_IDS.cameras].data))
    sentInputs.clear()
    for (const id of Object.keys(SOURCE_INPUTS) as SourceId[]) sentInputs.set(id, SOURCE_INPUTS[id](options.data()))
  }

  function currentLayers(): LayerSpecification[] {
    return buildWallLayers({ scale, locale: options.locale(), hasBaseMap })
  }

  /** Sends changed data to the sources, fits the street once, and reports readiness when all is drawn. */
  async function sync(): Promise<void> {
    const instance = map.value
    if (!instance || !styleLoaded) return
    const data = options.data()
    const geojson = buildSourceData(data)
    const updates: Promise<void>[] = []
    for (const id of Object.keys(SOURCE_INPUTS) as SourceId[]) {
      const inputs = SOURCE_INPUTS[id](data)
      const previous = sentInputs.get(id)
      if (previous && previous.every((v, i) => v === inputs[i])) continue
      sentInputs.set(id, inputs)
      const source = instance.getSource<GeoJSONSource>(id)
      if (!source) continue
      if (id === SOURCE_IDS.cameras) {
        // Statuses change all day (camera:status); the fleet itself almost never: send what changed.
        const next = camerasOf(geojson[id])
        const diff = diffPointFeatures(sentCameras, next)
        sentCameras = indexFeatures(next)
        if (diff) updates.push(source.updateData(diff))
      } else updates.push(source.setData(geojson[id]))
    }
    await Promise.all(updates)
    if (map.value !== instance) return

    if (!fitted) fitted = fit(instance, data)
    const complete = Object.values(data).every((v) => v !== null)
    if (complete && state.value !== 'ready') {
      // Not 'idle': a pulsing urgent case repaints the map for as long as it is open, so a wall
      // loaded while one is on the map would never see idle. A frame drawn with every source and
      // tile loaded is the same "picture complete".
      const whenComplete = () => {
        if (map.value !== instance) return void instance.off('render', whenComplete)
        if (!instance.loaded()) return
        instance.off('render', whenComplete)
        uninstallDiagnostics?.()
        uninstallDiagnostics = installDiagnostics(instance, readout)
        state.value = 'ready'
      }
      instance.on('render', whenComplete)
      instance.triggerRepaint()
    }
  }

  function fit(instance: MaplibreMap, data: WallMapData): boolean {
    const bounds = data.street ? featureBounds(data.street) : data.grids ? featureBounds(data.grids) : null
    if (!bounds) return false
    const side = Math.round(48 * scale)
    const foot = options.footInset?.() ?? 0
    // Never more than the canvas can give: MapLibre refuses a fit whose padding leaves no room.
    const room = instance.getContainer().clientHeight - side - 40
    const bottom = foot > 0 ? Math.max(side / 2, Math.min(foot + Math.round(8 * scale), room)) : side
    // With a strip taking height at the foot, take less at the top: the street is what was squeezed.
    const top = foot > 0 ? Math.round(side / 2) : side
    instance.fitBounds(bounds, { padding: { top, right: side, bottom, left: side }, duration: 0 })
    return true
  }

  /** Fit the street again, e.g. when what lies over the map changed size. */
  function refit(): void {
    const instance = map.value
    if (instance && fitted) fit(instance, options.data())
  }

  /** Re-applies every layer's layout, paint and zoom range; MapLibre ignores values that did not change. */
  function restyle(): void {
    const instance = map.value
    if (!instance || !styleLoaded) return
    for (const layer of currentLayers()) {
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

  let resizeTimer: ReturnType<typeof setTimeout> | undefined
  function onResize(): void {
    clearTimeout(resizeTimer)
    resizeTimer = setTimeout(() => {
      const next = wallScale(window.innerWidth, window.innerHeight)
      const instance = map.value
      if (!instance) return
      instance.resize()
      if (Math.abs(next - scale) > 0.01) {
        scale = next
        restyle()
      }
      fit(instance, options.data())
    }, 150)
  }

  function fail(cause: unknown): void {
    state.value = 'failed'
    error.value = cause instanceof Error ? cause.message : String(cause)
    console.warn('[map] cannot draw the map:', error.value)
  }

  function destroy(): void {
    uninstallDiagnostics?.()
    uninstallDiagnostics = null
    map.value?.remove()
    map.value = null
    styleLoaded = false
    fitted = false
    sentInputs.clear()
    sentCameras = new Map()
  }

  onMounted(() => {
    window.addEventListener('resize', onResize)
    stops.push(
      watch(
        [options.container, options.styleUrl],
        ([container, styleUrl]) => {
          if (!container || styleUrl === undefined || map.value || state.value === 'failed') return
          create(container, styleUrl)
        },
        { immediate: true },
      ),
      watch(options.data, () => void sync()),
      watch(options.locale, restyle),
    )
  })

  onBeforeUnmount(() => {
    window.removeEventListener('resize', onResize)
    clearTimeout(resizeTimer)
    stops.forEach((stop) => stop())
    destroy()
  })

  return { map, state, error, readout, scale: () => scale, refit }
}

/** The camera source's features, typed as the diff wants them (buildSourceData gives each an `id`). */
function camerasOf(data: unknown): IdPointFeature[] {
  const fc = data as { features?: IdPointFeature[] } | null
  return fc?.features ?? []
}
