import { onScopeDispose, shallowRef, watch } from 'vue'
import type { PossibleDuplicates } from '@shared/schemas/caseApi'
import type { LngLat } from '@shared/schemas/geo'
import { isApiError } from '../api/http'
import { fetchPossibleDuplicates } from '../api/intake'

/** How long typing pauses before the duplicates are asked for: a pick or a pin, not each key. */
export const DUPLICATES_DEBOUNCE_MS = 300

export type DuplicateItem = PossibleDuplicates['items'][number]

/**
 * The possible duplicates of the call being registered, kept in step with its category and place:
 * asked for (debounced) once both are known.
 * An answer to an older question is dropped, not aborted (an aborted request reads as a failure in
 * the browser's log). Call inside a store's setup.
 */
export function usePossibleDuplicates(what: () => { categoryCode: string | null; location: LngLat | null }) {
  const items = shallowRef<readonly DuplicateItem[]>([])
  const failed = shallowRef<string | null>(null)
  let timer: ReturnType<typeof setTimeout> | null = null
  /** Which question is the current one. */
  let asked = 0

  function stop(): void {
    if (timer) clearTimeout(timer)
    timer = null
    asked++
  }

  async function ask(categoryCode: string, location: LngLat): Promise<void> {
    const mine = ++asked
    try {
      const found = await fetchPossibleDuplicates(categoryCode, location)
      if (mine !== asked) return
      items.value = found.items
      failed.value = null
    } catch (error) {
      if (mine === asked) failed.value = isApiError(error) ? error.message : String(error)
    }
  }

  function refresh(): void {
    stop()
    const { categoryCode, location } = what()
    items.value = []
    if (!categoryCode || !location) return
    timer = setTimeout(() => void ask(categoryCode, location), DUPLICATES_DEBOUNCE_MS)
  }

  watch(() => { const w = what(); return `${w.categoryCode}|${w.location?.lng}|${w.location?.lat}` }, refresh)
  onScopeDispose(stop)
  return { items, failed, refresh }
}
