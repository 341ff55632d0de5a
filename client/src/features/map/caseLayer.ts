import type { FeatureCollection } from 'geojson'
import type { GeoJSONSource, Map as MaplibreMap } from 'maplibre-gl'
import type { Case } from '@shared/schemas/case'
import { createCoalescer } from '../../realtime/coalesce'
import { diffPointFeatures, indexFeatures } from './featureDiff'
import { gridLoadChanges, gridLoads, type GridLoad } from './gridLoad'
import { caseFeatures, nextPulseExpiry, pulseCollection, pulseKey, trackFirstSeen, type CaseFeature } from './caseFeatures'
import { GRID_LOAD_STATE, LIVE_LAYER_IDS, LIVE_SOURCE_IDS } from './liveLayers'
import { SOURCE_IDS } from './mapStyle'
import { createPulseAnimator } from './pulseAnimator'
import type { DurationRing } from './wallDiagnostics'

/** Cases change up to ten times a second; the map takes at most one update a second. */
export const CASE_UPDATE_MS = 1000

export interface CaseLayerOptions {
  /** The open cases now (the cases store's list). */
  cases: () => readonly Case[]
  scale: () => number
  timings: DurationRing
}

export interface CaseLayer {
  /** Something changed: update within CASE_UPDATE_MS. */
  request(): void
  /** A new urgent case: update now, whatever the pace (alarms are rare; seconds matter). */
  flush(): void
  ids(): string[]
  count(): number
  /** Empties the sources and grid states (the cases went away, e.g. signed out). */
  clear(): void
  stop(): void
}

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] }

/**
 * Feeds the cases, pulse and grid-load layers of one map from the open cases. Each update
 * diffs the cases against what the source holds and sends only that (`updateData`), sets feature
 * state for the grids whose load changed, and re-sends the small pulse source when its set changed.
 */
export function startCaseLayer(map: MaplibreMap, options: CaseLayerOptions): CaseLayer {
  let held = new Map<string, CaseFeature>()
  const featureCache = new WeakMap<Case, CaseFeature>()
  let loaded = false
  let firstSeen = new Map<string, number>()
  let loads = new Map<string, GridLoad>()
  let lastPulse = ''
  let expiry: ReturnType<typeof setTimeout> | undefined
  let stopped = false
  const animator = createPulseAnimator(map, LIVE_LAYER_IDS.pulse, options.scale)

  const source = (id: string) => map.getSource<GeoJSONSource>(id)

  function update(): void {
    if (stopped) return
    const markers = source(LIVE_SOURCE_IDS.cases)
    if (!markers) return
    const started = performance.now()
    const cases = options.cases()
    const next = caseFeatures(cases, featureCache)
    if (!loaded) {
      void markers.setData({ type: 'FeatureCollection', features: next }).catch(warn)
    } else {
      const diff = diffPointFeatures(held, next)
      if (diff) {
        // A diff the worker refuses would leave the markers wrong until the next change: send it all.
        void markers.updateData(diff).catch((cause: unknown) => {
          warn(cause)
          if (!stopped) void markers.setData({ type: 'FeatureCollection', features: [...held.values()] }).catch(warn)
        })
      }
    }
    const now = Date.now()
    const nextHeld = indexFeatures(next)
    firstSeen = trackFirstSeen(firstSeen, loaded ? held : null, nextHeld.keys(), now)
    held = nextHeld
    loaded = true

    const nextLoads = gridLoads(cases)
    for (const { gridId, load } of gridLoadChanges(loads, nextLoads)) {
      map.setFeatureState({ source: SOURCE_IDS.grids, id: gridId }, { [GRID_LOAD_STATE.open]: load.open, [GRID_LOAD_STATE.overdue]: load.overdue })
    }
    loads = nextLoads

    refreshPulse(now)
    options.timings.record(performance.now() - started)
  }

  function refreshPulse(now: number): void {
    const pulse = pulseCollection(held.values(), firstSeen, now)
    const key = pulseKey(pulse)
    if (key !== lastPulse) {
      lastPulse = key
      void source(LIVE_SOURCE_IDS.pulse)?.setData(pulse).catch(warn)
    }
    if (pulse.features.length > 0) animator.start()
    else animator.stop()

    clearTimeout(expiry)
    const ends = nextPulseExpiry(firstSeen)
    if (ends !== null) {
      expiry = setTimeout(() => {
        const at = Date.now()
        firstSeen = trackFirstSeen(firstSeen, held, held.keys(), at)
        refreshPulse(at)
      }, Math.max(0, ends - now) + 50)
    }
  }

  const pace = createCoalescer(update, CASE_UPDATE_MS, { onError: warn })

  function halt(): void {
    stopped = true
    pace.cancel()
    animator.stop()
    clearTimeout(expiry)
  }

  return {
    request: () => pace.request(),
    flush: () => pace.flush(),
    ids: () => [...held.keys()],
    count: () => held.size,
    clear() {
      halt()
      held = new Map()
      firstSeen = new Map()
      void source(LIVE_SOURCE_IDS.cases)?.setData(EMPTY).catch(warn)
      void source(LIVE_SOURCE_IDS.pulse)?.setData(EMPTY).catch(warn)
      map.removeFeatureState({ source: SOURCE_IDS.grids })
      loads = new Map()
    },
    stop: halt,
  }
}

function warn(cause: unknown): void {
  console.warn('[map] updating the case layer failed:', cause instanceof Error ? cause.message : cause)
}
