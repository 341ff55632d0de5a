import type { Map as MaplibreMap, MapGeoJSONFeature } from 'maplibre-gl'
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
}

declare global {
  interface Window {
    __wallDiagnostics?: WallDiagnostics
  }
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

export function installDiagnostics(map: MaplibreMap): () => void {
  const rendered = (layer: string) => () => uniqueFeatureIds(map.queryRenderedFeatures({ layers: [layer] }))
  const diagnostics: WallDiagnostics = {
    mapLoaded: true,
    renderedGridIds: rendered(DIAGNOSTIC_LAYERS.grids),
    renderedCameraIds: rendered(DIAGNOSTIC_LAYERS.cameras),
  }
  window.__wallDiagnostics = diagnostics
  return () => {
    if (window.__wallDiagnostics === diagnostics) delete window.__wallDiagnostics
  }
}
