import type { ExpressionSpecification } from 'maplibre-gl'

/**
 * Size and zoom helpers for one wall scale (see WallStyleOptions.scale): sizes are multiplied by the
 * scale and zoom stops shifted by log2 of it, so a 4K wall shows the 1080p picture, only sharper.
 */
export function styleScale(scale: number) {
  const bias = Math.log2(scale)
  const z = (zoom: number) => round(zoom + bias)
  const px = (size: number) => round(size * scale)
  const byZoom = (stops: [number, number][]): ExpressionSpecification => [
    'interpolate',
    ['linear'],
    ['zoom'],
    ...stops.flatMap(([zoom, size]) => [z(zoom), px(size)]),
  ]
  return { z, px, byZoom }
}

export function round(n: number): number {
  return Math.round(n * 100) / 100
}
