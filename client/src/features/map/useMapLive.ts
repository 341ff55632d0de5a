import type { Map as MaplibreMap } from 'maplibre-gl'
import { computed, onBeforeUnmount, watch, type Ref, type ShallowRef } from 'vue'
import { useI18n } from 'vue-i18n'
import type { Locale } from '../../i18n'
import { useCaseFocusStore } from '../../stores/caseFocus'
import { useCasesStore } from '../../stores/cases'
import { useDispatchStore } from '../../stores/dispatch'
import { useCameraHealthStore } from '../../stores/cameraHealth'
import { useSessionStore } from '../../stores/session'
import { useWallStore } from '../../stores/wall'
import { canDispatch } from '../cases/dispatchChoices'
import { startCaseLayer, type CaseLayer } from './caseLayer'
import type { CasePopupText } from './casePopup'
import { createCasePopup, type CasePopupController } from './casePopupController'
import { installMapInteractions } from './mapInteractions'
import './mapLive.css'
import type { GridMapState } from './useGridMap'
import type { MapReadout } from './wallDiagnostics'

/** Close enough to tell the case's street and its neighbours apart. */
const FOCUS_ZOOM = 16

export interface UseMapLiveOptions {
  map: Readonly<ShallowRef<MaplibreMap | null>>
  state: Readonly<Ref<GridMapState>>
  readout: MapReadout
  scale: () => number
}

/**
 * The live half of the wall map: cases, pulses and grid load from the cases store once both the
 * map and the store are ready, a case's popup when the feed asks to show it (for everyone), and the
 * dispatcher's gestures and the popup's camera buttons for someone who may control the wall.
 * Each piece is bound to one map instance and torn down with it (the map is re-created when the
 * base style fails) and on unmount.
 */
export function useMapLive(options: UseMapLiveOptions): void {
  const cases = useCasesStore()
  const health = useCameraHealthStore()
  const wall = useWallStore()
  const session = useSessionStore()
  const dispatch = useDispatchStore()
  const focus = useCaseFocusStore()
  const canControl = session.can('wall:control')
  const { t, locale } = useI18n()

  const drawing = computed(() => options.state.value === 'drawing' || options.state.value === 'ready')
  const casesReady = computed(() => cases.loadState === 'ready')

  let layer: CaseLayer | null = null
  let layerMap: MaplibreMap | null = null

  function stopLayer(clear: boolean): void {
    if (!layer) return
    if (clear) layer.clear()
    else layer.stop()
    layer = null
    layerMap = null
    options.readout.cases = null
  }

  const stopLayerWatch = watch(
    [options.map, drawing, casesReady],
    ([map, isDrawing, ready]) => {
      // Same map, cases gone (signed out, reloading from scratch): empty the layers; another map: just let go.
      if (layer && (layerMap !== map || !isDrawing || !ready)) stopLayer(layerMap === map && isDrawing)
      if (layer || !map || !isDrawing || !ready) return
      layer = startCaseLayer(map, { cases: () => cases.list, scale: options.scale, timings: options.readout.caseTimings })
      layerMap = map
      options.readout.cases = layer
      layer.request()
    },
    { immediate: true },
  )
  const stopVersionWatch = watch(
    () => cases.version,
    () => layer?.request(),
  )
  const offUrgent = cases.onUrgentCase(() => layer?.flush())

  const popupText = (): CasePopupText => ({
    urgent: t('mapLive.popup.urgent'),
    overdue: t('mapLive.popup.overdue'),
    atRisk: t('mapLive.popup.atRisk'),
    address: t('mapLive.popup.address'),
    state: t('mapLive.popup.state'),
    source: t('mapLive.popup.source'),
    timeLeft: t('mapLive.popup.timeLeft'),
    nearest: t('mapLive.popup.nearest'),
    noCameras: t('mapLive.popup.noCameras'),
    allToWall: t('mapLive.popup.allToWall'),
    toSelected: t('mapLive.popup.toSelected'),
    dispatch: t('mapLive.popup.dispatch'),
    meters: (m) => t('mapLive.popup.meters', { m }),
    timeLeftText: (kind, time) => t(`mapLive.popup.timeLeftText.${kind}`, { time }),
  })

  let popup: CasePopupController | null = null
  let uninstallInteractions: (() => void) | null = null

  function stopInteractions(): void {
    uninstallInteractions?.()
    uninstallInteractions = null
    popup?.destroy()
    popup = null
  }

  const stopControlWatch = watch(
    [options.map, drawing, canControl],
    ([map, isDrawing, control]) => {
      stopInteractions()
      if (!map || !isDrawing) return
      const command = (cmd: Parameters<typeof wall.command>[0]) => void wall.command(cmd)
      const cameras = () => health.cameras ?? []
      const openDispatch = (caseId: string) => void dispatch.open(caseId)
      popup = createCasePopup(map, {
        getCase: (id) => cases.getCase(id),
        cameras,
        locale: () => locale.value as Locale,
        text: popupText,
        // Buttons only for what this role may do: a watcher's popup lists the cameras, it does not move them.
        actions: control
          ? {
              showAll: (cameraIds) => command({ type: 'fillTiles', cameraIds }),
              showOne: (cameraId) => command({ type: 'setTile', tile: wall.state?.selectedTile ?? 0, cameraId }),
              dispatch: openDispatch,
            }
          : { dispatch: openDispatch },
        canDispatch: (c) => canDispatch(c, session.user?.role),
      })
      if (!control) return
      uninstallInteractions = installMapInteractions(map, {
        scale: options.scale,
        cameras,
        selectedTile: () => wall.state?.selectedTile ?? 0,
        command,
        popup,
        dragLabel: (name, tile) => (tile === null ? t('mapLive.drag.hint', { name }) : t('mapLive.drag.toTile', { name, n: tile + 1 })),
      })
    },
    { immediate: true },
  )
  const stopLocaleWatch = watch(locale, () => popup?.refresh())

  /** The feed asked for a case: fly to it (closer, never farther out) and open its popup. */
  const stopFocusWatch = watch(
    () => focus.request,
    (request) => {
      const map = options.map.value
      const c = request ? cases.getCase(request.caseId) : undefined
      if (!map || !popup || !c) return
      map.flyTo({ center: [c.location.lng, c.location.lat], zoom: Math.max(map.getZoom(), FOCUS_ZOOM), essential: true })
      popup.open(c.id)
    },
  )

  onBeforeUnmount(() => {
    ;[stopLayerWatch, stopVersionWatch, stopControlWatch, stopLocaleWatch, stopFocusWatch].forEach((stop) => stop())
    offUrgent()
    stopInteractions()
    stopLayer(false)
  })
}
