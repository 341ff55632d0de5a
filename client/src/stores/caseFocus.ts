import { defineStore } from 'pinia'
import { shallowRef } from 'vue'

/** One request to show a case on the map; `n` makes a second click on the same row a new request. */
export interface CaseFocusRequest {
  caseId: string
  n: number
}

/**
 * "Show me this case": the live feed asks, the map answers (flies there and opens its popup).
 * A store between them, so neither feature imports the other.
 */
export const useCaseFocusStore = defineStore('caseFocus', () => {
  const request = shallowRef<CaseFocusRequest | null>(null)
  let n = 0
  const focus = (caseId: string) => void (request.value = { caseId, n: ++n })
  return { request, focus }
})
