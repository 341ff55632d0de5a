import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import { BriefingSummary, type BriefingScope } from '@shared/schemas/briefing'
import { getJson, isApiError } from '../api/http'

export type BriefingLoadState = 'idle' | 'loading' | 'ready' | 'error'

/** The summary API's path for a period and scope (the same query the notice and the PDF take). */
export function summaryPath(from: string, to: string, scope: BriefingScope): string {
  return `/briefing?${new URLSearchParams({ from, to, scope }).toString()}`
}

/**
 * The briefing being shown: one summary of one period and scope, read once when opened (a
 * briefing looks back; it is not live). Opening another cancels the one in flight, so a quick
 * change of period never shows the older answer.
 */
export const useBriefingStore = defineStore('briefing', () => {
  const summary = shallowRef<BriefingSummary | null>(null)
  const state = ref<BriefingLoadState>('idle')
  const error = ref<string | null>(null)
  let controller: AbortController | null = null

  async function open(from: string, to: string, scope: BriefingScope): Promise<void> {
    controller?.abort()
    const mine = new AbortController()
    controller = mine
    state.value = 'loading'
    error.value = null
    try {
      const next = await getJson(summaryPath(from, to, scope), BriefingSummary, { signal: mine.signal })
      if (controller !== mine) return
      summary.value = next
      state.value = 'ready'
    } catch (e) {
      if (controller !== mine) return
      error.value = isApiError(e) ? e.message : String(e)
      state.value = 'error'
    }
  }

  return { summary, state, error, open }
})
