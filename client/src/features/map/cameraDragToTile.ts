import type { Map as MaplibreMap } from 'maplibre-gl'
import { canvasPoint, isMapPress, suppressNextClick, trackGesture } from './mapPointer'

/** Moving less than this (px) after pressing a camera is a click on it, not a drag. */
const DRAG_START_PX = 6

export interface CameraDragOptions {
  /** The camera drawn at a canvas point, unless a case lies on top of it there. */
  cameraAt(point: [number, number]): { id: string; name: string } | null
  /** The text of the floating label; `tile` is the wall tile under the pointer, if any. */
  label(name: string, tile: number | null): string
  onTap(cameraId: string): void
  onDrop(tile: number, cameraId: string): void
}

/** The tile index of the video-wall cell at a screen point, or null. */
export function wallCellAt(x: number, y: number): number | null {
  const cell = document.elementFromPoint(x, y)?.closest('[data-testid="wall-cell"]')
  const tile = Number(cell?.getAttribute('data-tile') ?? NaN)
  return Number.isInteger(tile) && tile >= 0 ? tile : null
}

/**
 * Press a camera and move: a small label follows the pointer; release it over a wall tile and the
 * camera goes there. The press is kept from MapLibre so the map does not pan under the drag, which
 * also means MapLibre sees no click on a camera: a press released without moving is reported as a
 * tap instead (MapLibre would judge that click against an older press and might drop it).
 */
export function installCameraDrag(map: MaplibreMap, options: CameraDragOptions): () => void {
  let stopGesture: (() => void) | null = null
  let label: HTMLDivElement | null = null

  function removeLabel(): void {
    label?.remove()
    label = null
  }

  function down(event: MouseEvent): void {
    if (event.shiftKey || !isMapPress(map, event) || stopGesture) return
    const camera = options.cameraAt(canvasPoint(map, event))
    if (!camera) return
    event.stopPropagation()
    event.preventDefault()
    const from = { x: event.clientX, y: event.clientY }
    let tile: number | null = null
    stopGesture = trackGesture({
      move(e) {
        if (!label && Math.hypot(e.clientX - from.x, e.clientY - from.y) < DRAG_START_PX) return
        if (!label) {
          label = document.createElement('div')
          label.className = 'map-drag-label'
          label.setAttribute('data-testid', 'map-drag-label')
          document.body.append(label)
        }
        const over = wallCellAt(e.clientX, e.clientY)
        if (over !== tile || !label.textContent) {
          tile = over
          label.textContent = options.label(camera.name, tile)
          label.classList.toggle('map-drag-label--over', tile !== null)
        }
        label.style.transform = `translate(${e.clientX + 14}px, ${e.clientY + 14}px)`
      },
      end(e) {
        stopGesture = null
        const dragged = label !== null
        removeLabel()
        suppressNextClick()
        if (!e) return
        if (!dragged) {
          options.onTap(camera.id)
          return
        }
        const target = wallCellAt(e.clientX, e.clientY)
        if (target !== null) options.onDrop(target, camera.id)
      },
    })
  }

  window.addEventListener('mousedown', down, true)
  return () => {
    window.removeEventListener('mousedown', down, true)
    stopGesture?.()
    stopGesture = null
    removeLabel()
  }
}
