import type { Map as MaplibreMap, MapGeoJSONFeature } from 'maplibre-gl'
import type { CameraStatus } from '../../api/reference'
import { LIVE_LAYER_IDS } from './liveLayers'
import { DIAGNOSTIC_LAYERS } from './mapStyle'

/**
 * A read-only window into what the wall actually drew, for the e2e tests and for a duty engineer
 * checking a wall from the browser console. It is installed only after the map has loaded and every
 * source has its data, so `mapLoaded: true` means "the picture is complete".
 */
export interface WallDiagnostics {
  mapLoaded: true
  /** Ids of the grids whose fill is drawn in the current view, each once. */
  renderedGridIds(): string[]
  /** Ids of the cameras drawn in the current view, each once. */
  renderedCameraIds(): string[]
  /** Ids of the grids drawn under a box of the map's canvas (CSS px from its top left), e.g. under the legend. */
  gridIdsUnder(box: { left: number; top: number; right: number; bottom: number }): string[]
  /** The status the map colours a camera by, or null for a camera it does not have. */
  cameraStatus(cameraId: string): CameraStatus | null
  /** The map's zoom now. */
  zoom(): number
  /** The map's centre now, [lng, lat]. */
  center(): [number, number]
  /** Case clusters drawn in the current view: where (CSS px from the canvas's top left) and how many cases. */
  clusters(): { x: number; y: number; count: number }[]
  /** Open cases in the cases source (0 until the cases store is ready). */
  readonly caseCount: number
  /** Ids in the cases source, sorted; a test waits here for a case's marker. */
  caseIds(): string[]
  /** Main-thread time of the last coalesced case update (diff, grid load, pulse), in ms. */
  readonly lastCaseUpdateMs: number | null
  /** The recent update durations, oldest first, for a bench to take percentiles of. */
  readonly caseUpdateDurations: number[]
  /** Where a field worker's marker is drawn (CSS px from the canvas's top left), or null. */
  workerPoint(workerId: string): { x: number; y: number } | null
}

declare global {
  interface Window {
    __wallDiagnostics?: WallDiagnostics
  }
}

/** The last `capacity` durations; a fixed ring so an unattended wall does not grow it for weeks. */
export class DurationRing {
  private readonly values: number[] = []
  private next = 0
  private latest: number | null = null

  constructor(readonly capacity = 300) {}

  record(ms: number): void {
    this.latest = ms
    if (this.values.length < this.capacity) this.values.push(ms)
    else this.values[this.next] = ms
    this.next = (this.next + 1) % this.capacity
  }

  get last(): number | null {
    return this.latest
  }

  /** Oldest first. */
  toArray(): number[] {
    if (this.values.length < this.capacity) return [...this.values]
    return [...this.values.slice(this.next), ...this.values.slice(0, this.next)]
  }
}

/** What the live layers report to the diagnostics; the case layer plugs in while it runs. */
export interface MapReadout {
  cases: { ids(): string[]; count(): number } | null
  /** The field workers' layer while it runs (useWorkerLayer.ts). */
  workers: { point(workerId: string): { x: number; y: number } | null } | null
  readonly caseTimings: DurationRing
  cameraStatus(cameraId: string): CameraStatus | null
}

export function createMapReadout(cameraStatus: (cameraId: string) => CameraStatus | null): MapReadout {
  return { cases: null, workers: null, caseTimings: new DurationRing(), cameraStatus }
}

/** Feature ids, each once: a feature cut by tile boundaries comes back from the query once per tile. */
export function uniqueFeatureIds(features: Pick<MapGeoJSONFeature, 'id' | 'properties'>[]): string[] {
  const ids = new Set<string>()
  for (const f of features) {
    const id = f.id ?? (f.properties as Record<string, unknown> | null)?.['id']
    if (typeof id === 'string' || typeof id === 'number') ids.add(String(id))
  }
  return [...ids].sort()
}

export function installDiagnostics(map: MaplibreMap, readout: MapReadout): () => void {
  const rendered = (layer: string) => () => uniqueFeatureIds(map.queryRenderedFeatures({ layers: [layer] }))
  const diagnostics: WallDiagnostics = {
    mapLoaded: true,
    renderedGridIds: rendered(DIAGNOSTIC_LAYERS.grids),
    renderedCameraIds: rendered(DIAGNOSTIC_LAYERS.cameras),
    gridIdsUnder: (box) =>
      uniqueFeatureIds(
        map.queryRenderedFeatures(
          [
            [box.left, box.top],
            [box.right, box.bottom],
          ],
          { layers: [DIAGNOSTIC_LAYERS.grids] },
        ),
      ),
    cameraStatus: (id) => readout.cameraStatus(id),
    zoom: () => map.getZoom(),
    center: () => map.getCenter().toArray() as [number, number],
    clusters: () => {
      const seen = new Map<unknown, { x: number; y: number; count: number }>()
      for (const f of map.queryRenderedFeatures({ layers: [LIVE_LAYER_IDS.clusters] })) {
        if (f.geometry.type !== 'Point' || seen.has(f.properties['cluster_id'])) continue
        const { x, y } = map.project(f.geometry.coordinates as [number, number])
        seen.set(f.properties['cluster_id'], { x, y, count: Number(f.properties['point_count']) })
      }
      return [...seen.values()]
    },
    get caseCount() {
      return readout.cases?.count() ?? 0
    },
    caseIds: () => readout.cases?.ids().sort() ?? [],
    get lastCaseUpdateMs() {
      return readout.caseTimings.last
    },
    get caseUpdateDurations() {
      return readout.caseTimings.toArray()
    },
    workerPoint: (id) => readout.workers?.point(id) ?? null,
  }
  window.__wallDiagnostics = diagnostics
  return () => {
    if (window.__wallDiagnostics === diagnostics) delete window.__wallDiagnostics
  }
}
