import type { Map as MaplibreMap } from 'maplibre-gl'

/**
 * Whether the map still shows the whole street as it was last fitted. A cluster click, a wheel or a
 * drag takes it elsewhere; then the map offers the way back (GridMap's 全街道 button).
 */
export interface StreetView {
  /** The street was just fitted: this view is "the whole street". */
  fitted(): void
  stop(): void
}

/** Far enough off the fitted view to call it moved: a hair of zoom or a couple of pixels is not. */
const ZOOM_EPSILON = 0.02
const CENTER_EPSILON_PX = 3

export function watchStreetView(map: MaplibreMap, onAway: (away: boolean) => void): StreetView {
  let fit: { center: [number, number]; zoom: number } | null = null
  let away = false
  const report = (next: boolean) => {
    if (next === away) return
    away = next
    onAway(next)
  }
  const onMoveEnd = () => {
    if (!fit) return
    const [x, y] = [map.getContainer().clientWidth / 2, map.getContainer().clientHeight / 2]
    const was = map.project(fit.center)
    const moved = Math.hypot(was.x - x, was.y - y) > CENTER_EPSILON_PX
    report(moved || Math.abs(map.getZoom() - fit.zoom) > ZOOM_EPSILON)
  }
  map.on('moveend', onMoveEnd)
  return {
    fitted() {
      const center = map.getCenter()
      fit = { center: [center.lng, center.lat], zoom: map.getZoom() }
      report(false)
    },
    stop() {
      map.off('moveend', onMoveEnd)
    },
  }
}
