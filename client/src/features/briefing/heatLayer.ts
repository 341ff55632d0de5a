import type { Map as MaplibreMap } from 'maplibre-gl'

const SOURCE = 'briefing-heat'
export const HEAT_LAYER_ID = 'briefing-heat'

/** GeoJSON of the period's report points, each a feature of weight one. */
export function heatFeatures(points: readonly (readonly [number, number])[]): GeoJSON.FeatureCollection<GeoJSON.Point> {
  return {
    type: 'FeatureCollection',
    features: points.map(([lng, lat]) => ({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [lng, lat] } })),
  }
}

/**
 * Each point's weight: a month of the street is ~8,000 reports, which at full weight turns the whole
 * street red; the weight falls with the count so only the blocks that stand out glow.
 */
export function heatWeight(count: number): number {
  return Math.min(1, 150 / Math.max(1, count))
}

/**
 * Puts (or replaces) the heat map of the period's reports on a street map, over the grids and
 * under the labels: the radius grows with the zoom so a street-wide view still shows hot blocks.
 */
export function showHeat(map: MaplibreMap, points: readonly (readonly [number, number])[], scale: number): void {
  const data = heatFeatures(points)
  const weight = heatWeight(points.length)
  const source = map.getSource(SOURCE)
  if (source && 'setData' in source) {
    ;(source as { setData(d: unknown): void }).setData(data)
    map.setPaintProperty(HEAT_LAYER_ID, 'heatmap-weight', weight)
    return
  }
  map.addSource(SOURCE, { type: 'geojson', data })
  const firstSymbol = map.getStyle().layers.find((l) => l.type === 'symbol')?.id
  map.addLayer(
    {
      id: HEAT_LAYER_ID,
      type: 'heatmap',
      source: SOURCE,
      paint: {
        'heatmap-weight': weight,
        'heatmap-radius': ['interpolate', ['linear'], ['zoom'], 12, 10 * scale, 16, 40 * scale],
        'heatmap-intensity': ['interpolate', ['linear'], ['zoom'], 12, 0.6, 16, 1.5],
        'heatmap-opacity': 0.8,
        'heatmap-color': [
          'interpolate',
          ['linear'],
          ['heatmap-density'],
          0,
          'rgba(0,0,0,0)',
          0.2,
          '#1e3a8a',
          0.4,
          '#0ea5e9',
          0.6,
          '#fbbf24',
          0.8,
          '#f97316',
          1,
          '#f43f5e',
        ],
      },
    },
    firstSymbol,
  )
}
