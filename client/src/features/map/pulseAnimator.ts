import type { Map as MaplibreMap } from 'maplibre-gl'
import { PULSE_FRAME_MS, pulseFrame } from './liveLayers'

export interface PulseAnimator {
  start(): void
  stop(): void
  readonly running: boolean
}

/**
 * Animates the pulse layer's ring by its paint (radius and fade), never its data: the map repaints
 * a handful of points and re-tiles nothing. A timer wakes the page 12.5 times a second and the paint
 * lands on the next animation frame; a hidden tab throttles both. Stopped whenever nothing pulses.
 */
export function createPulseAnimator(map: MaplibreMap, layerId: string, scale: () => number): PulseAnimator {
  let timer: ReturnType<typeof setTimeout> | undefined
  let frame = 0
  let startedAt = 0
  let running = false

  function tick(): void {
    timer = undefined
    frame = requestAnimationFrame((now) => {
      frame = 0
      if (!running || !map.getLayer(layerId)) return
      const { radius, opacity } = pulseFrame(now - startedAt, scale())
      map.setPaintProperty(layerId, 'circle-radius', radius)
      map.setPaintProperty(layerId, 'circle-stroke-opacity', opacity)
      timer = setTimeout(tick, PULSE_FRAME_MS)
    })
  }

  return {
    start() {
      if (running) return
      running = true
      startedAt = performance.now()
      tick()
    },
    stop() {
      running = false
      clearTimeout(timer)
      cancelAnimationFrame(frame)
      timer = undefined
      frame = 0
    },
    get running() {
      return running
    },
  }
}
