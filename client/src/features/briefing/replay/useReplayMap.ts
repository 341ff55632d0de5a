import type { GeoJSONSource, Map as MaplibreMap } from 'maplibre-gl'
import { computed, onBeforeUnmount, onMounted, shallowRef, watch, type Ref, type ShallowRef } from 'vue'
import type { ReplayCaseAt } from '@shared/rules/replayState'
import type { ReplayTimeline } from '@shared/schemas/replay'
import { LIVE_SOURCE_IDS } from '../../map/liveLayers'
import type { GridMapState } from '../../map/useGridMap'
import { createFrameIndex, replayFeature } from './replayFrames'

/**
 * What the replay has drawn, for the browser test and for whoever checks a replay from the console:
 * `at` is the replayed instant whose cases are in the map's source now, `caseIds` those cases.
 */
export interface ReplayDiagnostics {
  readonly ready: boolean
  readonly at: number | null
  caseIds(): string[]
  readonly count: number
}

declare global {
  interface Window {
    __replayDiagnostics?: ReplayDiagnostics
  }
}

export interface UseReplayMapOptions {
  map: Readonly<ShallowRef<MaplibreMap | null>>
  state: Readonly<Ref<GridMapState>>
  timeline: Readonly<Ref<ReplayTimeline | null>>
  at: Readonly<Ref<number>>
}

/**
 * Feeds the wall map's case source from the replay: at each replayed instant the cases open then,
 * coloured by their step, so they appear at their report, change colour through the loop and go
 * when closed. The source is re-sent only when the instant passed a step (createFrameIndex).
 */
export function useReplayMap(options: UseReplayMapOptions) {
  /** The cases open at the replayed instant (a new array only when the set changed). */
  const open = shallowRef<ReplayCaseAt[]>([])
  const drawing = computed(() => options.state.value === 'drawing' || options.state.value === 'ready')
  let index: ReturnType<typeof createFrameIndex> | null = null
  let sent = 0
  /** The set last sent to the source, the latest instant it stands for, and whether the map has it. */
  let shown: { at: number; ids: string[]; confirmed: boolean } | null = null

  function send(m: MaplibreMap, at: number, cases: ReplayCaseAt[]): void {
    const source = m.getSource<GeoJSONSource>(LIVE_SOURCE_IDS.cases)
    if (!source) return
    const mine = ++sent
    const next = { at, ids: cases.map((c) => c.id).sort(), confirmed: false }
    shown = next
    void source
      .setData({ type: 'FeatureCollection', features: cases.map(replayFeature) })
      .then(() => {
        if (mine === sent) next.confirmed = true
      })
      .catch((cause: unknown) => console.warn('[replay] drawing the cases failed:', cause instanceof Error ? cause.message : cause))
  }

  function update(force: boolean): void {
    const tl = options.timeline.value
    if (!tl || !index) return
    const at = options.at.value
    const frame = index.frame(at)
    if (frame.changed) open.value = frame.open
    const m = options.map.value
    if (m && drawing.value && (frame.changed || force)) send(m, at, frame.open)
    // The same set as sent (drawn or on its way): it stands for this instant too.
    else if (shown && !frame.changed) shown.at = at
  }

  const stops = [
    watch(
      options.timeline,
      (tl) => {
        index = tl ? createFrameIndex(tl) : null
        shown = null
        update(true)
      },
      { immediate: true },
    ),
    watch(options.at, () => update(false)),
    watch([options.map, drawing], () => update(true)),
  ]

  onMounted(() => {
    window.__replayDiagnostics = {
      get ready() {
        return options.state.value === 'ready' && shown?.confirmed === true && shown.at === options.at.value
      },
      get at() {
        return shown?.confirmed ? shown.at : null
      },
      caseIds: () => (shown?.confirmed ? [...shown.ids] : []),
      get count() {
        return shown?.confirmed ? shown.ids.length : 0
      },
    }
  })
  onBeforeUnmount(() => {
    stops.forEach((stop) => stop())
    delete window.__replayDiagnostics
  })

  return { open }
}
