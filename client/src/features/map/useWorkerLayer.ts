import type { Map as MaplibreMap } from 'maplibre-gl'
import { computed, onBeforeUnmount, watch, type Ref, type ShallowRef } from 'vue'
import { useI18n } from 'vue-i18n'
import type { Locale } from '../../i18n'
import { usePositionsStore } from '../../stores/positions'
import { useReferenceStore } from '../../stores/reference'
import type { GridMapState } from './useGridMap'
import type { MapReadout } from './wallDiagnostics'
import { startWorkerLayer, type WorkerLayer } from './workerLayer'

/**
 * The field workers on a map (the wall's and the desk's), for a role that may see them: the layer
 * starts once the map draws and the positions store is ready, follows the store, and is let go
 * with its map instance or on unmount. Nothing of it is reactive but the inputs.
 */
export function useWorkerLayer(options: { map: Readonly<ShallowRef<MaplibreMap | null>>; state: Readonly<Ref<GridMapState>>; readout: MapReadout; scale: () => number }): void {
  const positions = usePositionsStore()
  const reference = useReferenceStore()
  const { locale } = useI18n()
  const drawing = computed(() => options.state.value === 'drawing' || options.state.value === 'ready')
  const ready = computed(() => positions.allowed && positions.loadState === 'ready')
  const gridName = (id: string) => reference.grids?.features.find((g) => g.properties.id === id)?.properties.name ?? null

  let layer: WorkerLayer | null = null
  let layerMap: MaplibreMap | null = null
  function stop(): void {
    layer?.stop()
    layer = null
    layerMap = null
    options.readout.workers = null
  }

  const stopLayerWatch = watch(
    [options.map, drawing, ready],
    ([map, isDrawing, isReady]) => {
      if (layer && (layerMap !== map || !isDrawing || !isReady)) stop()
      if (layer || !map || !isDrawing || !isReady) return
      layer = startWorkerLayer(map, { positions: (now) => positions.onDutyAt(now), gridName, locale: () => locale.value as Locale, scale: options.scale })
      layerMap = map
      options.readout.workers = layer
      layer.request()
    },
    { immediate: true },
  )
  const stopChangeWatch = watch([() => positions.version, locale], () => layer?.request())
  onBeforeUnmount(() => {
    stopLayerWatch()
    stopChangeWatch()
    stop()
  })
}
