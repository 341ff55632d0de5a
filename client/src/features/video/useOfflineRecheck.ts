import { onScopeDispose, readonly, ref, watch, type Ref } from 'vue'

/** How long a tile of a camera said to be offline waits before looking for itself. */
export const OFFLINE_RECHECK_MS = 30_000
/** How long that look may take (a player start, a first segment) before the tile stands down again. */
export const OFFLINE_RECHECK_WINDOW_MS = 15_000

/**
 * A tile holds no player while the health push says its camera is offline, but it looks again now
 * and then: `rechecking` is true for `windowMs` every `everyMs` while `offline` stays true. Only a
 * prober or a working relay says "online" again; without this, a tile of a camera that came back
 * stays dark until someone else happens to open it, or for ever where no prober runs.
 */
export function useOfflineRecheck(offline: Readonly<Ref<boolean>>, everyMs = OFFLINE_RECHECK_MS, windowMs = OFFLINE_RECHECK_WINDOW_MS) {
  const rechecking = ref(false)
  let timer: ReturnType<typeof setTimeout> | undefined

  function wait(): void {
    timer = setTimeout(() => {
      rechecking.value = true
      timer = setTimeout(() => {
        rechecking.value = false
        wait()
      }, windowMs)
    }, everyMs)
  }

  function reset(isOffline: boolean): void {
    clearTimeout(timer)
    timer = undefined
    rechecking.value = false
    if (isOffline) wait()
  }

  watch(offline, reset, { immediate: true })
  onScopeDispose(() => clearTimeout(timer))
  return readonly(rechecking)
}
