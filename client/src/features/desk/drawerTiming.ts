import { nextTick, watch } from 'vue'
import { useDeskStore } from '../../stores/desk'

/** The performance.measure a browser test (or a duty engineer's console) reads: click → history and actions on screen. */
export const DRAWER_OPEN_MEASURE = 'desk:drawer-open'
const OPENING_MARK = 'desk:drawer-opening'

/**
 * Measures how long the drawer takes to open: from the mark the store sets when a row, a marker or
 * Enter opens a case, to the first frame after its history has been rendered. The issue asks for
 * ≤ 300 ms with history and suggestion; the figure is reported, not enforced.
 * Call once from the drawer's setup.
 */
export function useDrawerTiming(): void {
  const desk = useDeskStore()
  watch(
    () => desk.detail?.id ?? null,
    async (id) => {
      if (!id || id !== desk.drawerId || performance.getEntriesByName(OPENING_MARK, 'mark').length === 0) return
      await nextTick()
      requestAnimationFrame(() => {
        performance.measure(DRAWER_OPEN_MEASURE, OPENING_MARK)
        performance.clearMarks(OPENING_MARK)
      })
    },
  )
}
