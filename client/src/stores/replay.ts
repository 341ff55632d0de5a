import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import { ReplayTimeline, type ReplayScope } from '@shared/schemas/replay'
import { getJson, isApiError } from '../api/http'

export type ReplayLoadState = 'idle' | 'loading' | 'ready' | 'error'

/** Replay speeds, in replayed milliseconds per real second: 1 h/s, 6 h/s, 1 day/s. */
export const REPLAY_SPEEDS = [3_600_000, 21_600_000, 86_400_000] as const
export type ReplaySpeed = (typeof REPLAY_SPEEDS)[number]

export function replayPath(from: string, to: string, scope: ReplayScope): string {
  return `/replay?${new URLSearchParams({ from, to, scope }).toString()}`
}

/**
 * The replay being played: one period's timeline, read once (a replay looks back; it is not live),
 * and where the playback is. The timeline is thousands of tuples, held whole in a shallowRef and
 * never made deeply reactive. Opening another cancels the one in flight.
 */
export const useReplayStore = defineStore('replay', () => {
  const timeline = shallowRef<ReplayTimeline | null>(null)
  const state = ref<ReplayLoadState>('idle')
  const error = ref<string | null>(null)
  /** The replayed instant, epoch ms. */
  const at = ref(0)
  const playing = ref(false)
  const speed = ref<ReplaySpeed>(REPLAY_SPEEDS[1])
  let controller: AbortController | null = null

  async function open(from: string, to: string, scope: ReplayScope): Promise<void> {
    controller?.abort()
    const mine = new AbortController()
    controller = mine
    state.value = 'loading'
    error.value = null
    playing.value = false
    // The old period is not shown while the new one loads, nor played if it fails.
    timeline.value = null
    try {
      const next = await getJson(replayPath(from, to, scope), ReplayTimeline, { signal: mine.signal })
      if (controller !== mine) return
      timeline.value = next
      at.value = next.startAt
      state.value = 'ready'
    } catch (e) {
      if (controller !== mine) return
      error.value = isApiError(e) ? e.message : String(e)
      state.value = 'error'
    }
  }

  /** Moves the playback to `t`, kept inside the period. */
  function seek(t: number): void {
    const tl = timeline.value
    if (!tl) return
    at.value = Math.min(tl.endAt, Math.max(tl.startAt, Math.round(t)))
  }

  /** Plays on by `realMs` of wall time at the chosen speed; stops at the period's end. */
  function advance(realMs: number): void {
    const tl = timeline.value
    if (!tl || !playing.value) return
    seek(at.value + (realMs / 1000) * speed.value)
    if (at.value >= tl.endAt) playing.value = false
  }

  function toggle(): void {
    const tl = timeline.value
    if (!tl) return
    // Play from the start again once the end was reached.
    if (!playing.value && at.value >= tl.endAt) at.value = tl.startAt
    playing.value = !playing.value
  }

  function close(): void {
    controller?.abort()
    controller = null
    timeline.value = null
    state.value = 'idle'
    error.value = null
    playing.value = false
  }

  return { timeline, state, error, at, playing, speed, open, seek, advance, toggle, close }
})
