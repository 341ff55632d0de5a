import { onScopeDispose, readonly, ref, watch, type Ref } from 'vue'

/** How long a tile of a camera said to be offline waits before looking for itself. */
export const OFFLINE_RECHECK_MS = 30_000
/** How long that look may take (a player start, a first segment) before the tile stands down again. */
export const OFFLINE_RECHECK_WINDOW_MS = 15_000

export interface OfflineRecheckOptions {
  everyMs?: number
  windowMs?: number
  /**
   * Look at once if the camera is offline when the tile opens (an alarm tile): the health judgement
   * may be a prober pass old, and an alarm is when the picture matters most.
   */
  lookFirst?: boolean
}

/**
 * A tile holds no player while the health push says its camera is offline, but it looks again now
 * and then: `rechecking` is true for `windowMs` every `everyMs` while `offline` stays true. Only a
 * prober or a working relay says "online" again; without this, a tile of a camera that came back
 * stays dark until someone else happens to open it, or for ever where no prober runs.
 */
export function useOfflineRecheck(offline: Readonly<Ref<boolean>>, options: OfflineRecheckOptions = {}) {
  const { everyMs = OFFLINE_RECHECK_MS, windowMs = OFFLINE_RECHECK_WINDOW_MS, lookFirst = false } = options
  const rechecking = ref(false)
  let timer: ReturnType<typeof setTimeout> | undefined

  function look(): void {
    rechecking.value = true
    timer = setTimeout(() => {
      rechecking.value = false
      wait()
    }, windowMs)
  }

  function wait(): void {
    timer = setTimeout(look, everyMs)
  }

  function reset(isOffline: boolean, wasOffline: boolean | undefined): void {
    clearTimeout(timer)
    timer = undefined
    rechecking.value = false
    if (!isOffline) return
    if (lookFirst && wasOffline === undefined) look()
    else wait()
  }

  watch(offline, reset, { immediate: true })
  onScopeDispose(() => clearTimeout(timer))
  return readonly(rechecking)
}
