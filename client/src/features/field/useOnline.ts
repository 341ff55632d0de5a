import { readonly, ref } from 'vue'

/** navigator.onLine as one reactive value, its listeners registered once per page (not per component). */
const online = ref(typeof navigator === 'undefined' ? true : navigator.onLine)
let listening = false

export function useOnline() {
  if (!listening && typeof window !== 'undefined') {
    listening = true
    window.addEventListener('online', () => (online.value = true))
    window.addEventListener('offline', () => (online.value = false))
  }
  return readonly(online)
}
