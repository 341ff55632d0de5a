import type { Position } from 'geojson'
import type { Map as MaplibreMap } from 'maplibre-gl'
import { canvasPoint, isMapPress, suppressNextClick, trackGesture } from './mapPointer'

/** Smaller than this (px) is a shift-click, not a box. */
const MIN_BOX_PX = 5

/**
 * Shift+drag draws a box; on release `onSelect` gets its corners as a closed ring of [lng, lat].
 * MapLibre's own box zoom is off (useGridMap), so shift+drag means "these cameras" and nothing else.
 */
export function installBoxSelect(map: MaplibreMap, onSelect: (ring: Position[]) => void): () => void {
  let stopGesture: (() => void) | null = null
  let box: HTMLDivElement | null = null

  function removeBox(): void {
    box?.remove()
    box = null
  }

  function down(event: MouseEvent): void {
    if (!event.shiftKey || !isMapPress(map, event) || stopGesture) return
    event.stopPropagation()
    event.preventDefault()
    const start = canvasPoint(map, event)
    let end = start
    box = document.createElement('div')
    box.className = 'map-select-box'
    box.setAttribute('data-testid', 'map-select-box')
    map.getCanvasContainer().append(box)
    const draw = () => {
      if (!box) return
      box.style.left = `${Math.min(start[0], end[0])}px`
      box.style.top = `${Math.min(start[1], end[1])}px`
      box.style.width = `${Math.abs(end[0] - start[0])}px`
      box.style.height = `${Math.abs(end[1] - start[1])}px`
    }
    draw()
    stopGesture = trackGesture({
      move(e) {
        end = canvasPoint(map, e)
        draw()
      },
      end(e) {
        stopGesture = null
        removeBox()
        if (!e) return
        end = canvasPoint(map, e)
        suppressNextClick()
        if (Math.abs(end[0] - start[0]) < MIN_BOX_PX || Math.abs(end[1] - start[1]) < MIN_BOX_PX) return
        const corners: [number, number][] = [start, [end[0], start[1]], end, [start[0], end[1]], start]
        onSelect(corners.map((p) => map.unproject(p).toArray()))
      },
    })
  }

  window.addEventListener('mousedown', down, true)
  return () => {
    window.removeEventListener('mousedown', down, true)
    stopGesture?.()
    stopGesture = null
    removeBox()
  }
}
