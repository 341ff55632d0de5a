import type { Map as MaplibreMap } from 'maplibre-gl'

/** The pointer's position in the map canvas's pixels, as MapLibre's queries and `unproject` take it. */
export function canvasPoint(map: MaplibreMap, event: MouseEvent): [number, number] {
  const rect = map.getCanvas().getBoundingClientRect()
  return [event.clientX - rect.left, event.clientY - rect.top]
}

/** A left press on the map itself, not on a popup, control or legend lying over it. */
export function isMapPress(map: MaplibreMap, event: MouseEvent): boolean {
  return event.button === 0 && event.target === map.getCanvas()
}

/**
 * Swallows the click the browser sends after a drag released on the map: MapLibre would take it for
 * a click on whatever lies under the pointer (and fill the wall with a grid).
 */
export function suppressNextClick(): void {
  const swallow = (event: MouseEvent) => {
    event.stopPropagation()
    event.preventDefault()
    done()
  }
  const timer = setTimeout(() => done(), 400)
  function done(): void {
    clearTimeout(timer)
    window.removeEventListener('click', swallow, true)
  }
  window.addEventListener('click', swallow, true)
}

/**
 * Starts a press-and-move gesture that MapLibre does not see: the press is stopped before it reaches
 * the map (so it does not pan), and move/up/Escape are listened for on the window until it ends.
 */
export function trackGesture(handlers: {
  move(event: MouseEvent): void
  end(event: MouseEvent | null): void
}): () => void {
  const move = (event: MouseEvent) => handlers.move(event)
  const up = (event: MouseEvent) => {
    cleanup()
    handlers.end(event)
  }
  const key = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return
    cleanup()
    handlers.end(null)
  }
  function cleanup(): void {
    window.removeEventListener('mousemove', move, true)
    window.removeEventListener('mouseup', up, true)
    window.removeEventListener('keydown', key, true)
  }
  window.addEventListener('mousemove', move, true)
  window.addEventListener('mouseup', up, true)
  window.addEventListener('keydown', key, true)
  return cleanup
}
