import type { FeatureCollection } from 'geojson'
import type { GeoJSONSource, Map as MaplibreMap } from 'maplibre-gl'
import type { LngLat } from '@shared/schemas/geo'

/**
 * The call's point on the intake form's small map, as one GeoJSON circle layer (STYLE.md 8: map
 * features are layers, not DOM markers). Bound to one map instance; never reactive.
 */
const SOURCE = 'intake-pin'
const LAYER = 'intake-pin'

const pointData = (at: LngLat | null): FeatureCollection => ({
  type: 'FeatureCollection',
  features: at ? [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [at.lng, at.lat] } }] : [],
})

export function startPinLayer(map: MaplibreMap, at: LngLat | null): { show: (at: LngLat | null) => void } {
  if (!map.getSource(SOURCE)) {
    map.addSource(SOURCE, { type: 'geojson', data: pointData(at) })
    map.addLayer({
      id: LAYER,
      type: 'circle',
      source: SOURCE,
      paint: { 'circle-radius': 9, 'circle-color': '#f43f5e', 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2 },
    })
  }
  return {
    show(next) {
      ;(map.getSource(SOURCE) as GeoJSONSource | undefined)?.setData(pointData(next))
      if (next) map.easeTo({ center: [next.lng, next.lat], zoom: Math.max(map.getZoom(), 15), duration: 0 })
    },
  }
}
