import type { Map as MaplibreMap } from 'maplibre-gl'
import { markRaw, onBeforeUnmount, onMounted, ref, shallowRef, watch, type Ref } from 'vue'
import type { Locale } from '../../i18n'
import { createSourceFeeder } from './gridMapSources'
import { fitStreet, openWallMap, restyleMap, whenPictureComplete } from './gridMapView'
import type { WallMapData } from './mapStyle'
import { watchStreetView, type StreetView } from './streetView'
import { createMapReadout, installDiagnostics } from './wallDiagnostics'
import { buildWallLayers } from './wallLayers'

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

/** The wall is designed at 1920×1080; a 3840×2160 wall at pixel ratio 1 is scale 2. */
export function wallScale(width: number, height: number): number {
  return Math.min(4, Math.max(0.75, Math.min(width / 1920, height / 1080)))
}

/**
 * Owns the MapLibre map of the wall: creates it once the container and the map config are there,
 * feeds it data (gridMapSources.ts), keeps labels in the chosen language and size, and removes it on
 * unmount; each step on the map itself is in gridMapView.ts. The map lives in a shallowRef and is
 * marked raw: Vue must never proxy it.
 */
export function useGridMap(options: UseGridMapOptions) {
  const map = shallowRef<MaplibreMap | null>(null)
  const state = ref<GridMapState>('waiting')
  const error = ref<string | null>(null)
  /** The map shows something other than the whole street (a cluster click zoomed in, someone panned). */
  const awayFromStreet = ref(false)

  let scale = wallScale(window.innerWidth, window.innerHeight)
  let hasBaseMap = false
  let styleLoaded = false
  let fitted = false
  let uninstallDiagnostics: (() => void) | null = null
  let streetView: StreetView | null = null
  const feeder = createSourceFeeder()
  const stops: (() => void)[] = []
  const readout = createMapReadout(feeder.cameraStatus)
  const currentLayers = () => buildWallLayers({ scale, locale: options.locale(), hasBaseMap })
  const fit = (instance: MaplibreMap, data = options.data()) => {
    const done = fitStreet(instance, data, scale, options.footInset?.() ?? 0)
    if (done) streetView?.fitted()
    return done
  }

  function create(container: HTMLElement, styleUrl: string | null): void {
    hasBaseMap = styleUrl !== null
    state.value = 'starting'
    const instance = openWallMap(container, styleUrl, {
      loaded: (m) => {
        styleLoaded = true
        feeder.install(m, options.data(), scale, currentLayers())
        state.value = 'drawing'
        void sync()
      },
      baseFailed: () => {
        destroy()
        create(container, null)
      },
      failed: fail,
    })
    if (!instance) return
    map.value = markRaw(instance)
    streetView = watchStreetView(instance, (away) => (awayFromStreet.value = away))
  }

  /** Sends changed data to the sources, fits the street once, and reports readiness when all is drawn. */
  async function sync(): Promise<void> {
    const instance = map.value
    if (!instance || !styleLoaded) return
    const data = options.data()
    await Promise.all(feeder.send(instance, data))
    if (map.value !== instance) return
    if (!fitted) fitted = fit(instance, data)
    if (Object.values(data).some((v) => v === null) || state.value === 'ready') return
    whenPictureComplete(instance, () => map.value === instance, () => {
      uninstallDiagnostics?.()
      uninstallDiagnostics = installDiagnostics(instance, readout)
      state.value = 'ready'
    })
  }

  /** Fit the street again, e.g. when what lies over the map changed size. */
  function refit(): void {
    const instance = map.value
    if (instance && fitted) fit(instance)
  }

  /** Back to the whole street, wherever the map was taken (the 全街道 button). */
  function showStreet(): void {
    const instance = map.value
    if (instance) fitted = fit(instance)
  }

  function restyle(): void {
    const instance = map.value
    if (instance && styleLoaded) restyleMap(instance, currentLayers(), scale)
  }

  function onResize(): void {
    const next = wallScale(window.innerWidth, window.innerHeight)
    const instance = map.value
    if (!instance) return
    instance.resize()
    if (Math.abs(next - scale) > 0.01) {
      scale = next
      restyle()
    }
    fit(instance)
  }

  function fail(cause: unknown): void {
    state.value = 'failed'
    error.value = cause instanceof Error ? cause.message : String(cause)
    console.warn('[map] cannot draw the map:', error.value)
  }

  function destroy(): void {
    uninstallDiagnostics?.()
    uninstallDiagnostics = null
    streetView?.stop()
    streetView = null
    awayFromStreet.value = false
    map.value?.remove()
    map.value = null
    styleLoaded = false
    fitted = false
    feeder.clear()
  }

  onSettledResize(onResize)
  onMounted(() => {
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
    stops.forEach((stop) => stop())
    destroy()
  })

  return { map, state, error, readout, scale: () => scale, refit, awayFromStreet, showStreet }
}

/** Calls `handler` once the window has stopped resizing for a moment, while the owner is mounted. */
function onSettledResize(handler: () => void, settleMs = 150): void {
  let timer: ReturnType<typeof setTimeout> | undefined
  const onResize = () => {
    clearTimeout(timer)
    timer = setTimeout(handler, settleMs)
  }
  onMounted(() => window.addEventListener('resize', onResize))
  onBeforeUnmount(() => {
    window.removeEventListener('resize', onResize)
    clearTimeout(timer)
  })
}
