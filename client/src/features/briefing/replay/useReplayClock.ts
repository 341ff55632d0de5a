import { onBeforeUnmount, onMounted } from 'vue'

/**
 * Calls `advance` with the wall time since the last frame, once per animation frame while mounted.
 * A hidden tab gets no frames, so a replay left playing in the background does not jump ahead.
 */
export function useReplayClock(advance: (realMs: number) => void): void {
  let frame = 0
  let last: number | null = null
  const tick = (now: number) => {
    if (last !== null) advance(Math.min(now - last, 250))
    last = now
    frame = requestAnimationFrame(tick)
  }
  onMounted(() => (frame = requestAnimationFrame(tick)))
  onBeforeUnmount(() => cancelAnimationFrame(frame))
}
