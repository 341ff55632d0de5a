import { defineStore } from 'pinia'
import { ref } from 'vue'

/**
 * The wall's one line of notice (shown by the shell, dismissed by a click): what an action did,
 * and above all what the signed-in role may not do. A refused action is never silent.
 */
export const useNoticeStore = defineStore('notice', () => {
  const text = ref<string | null>(null)
  const say = (message: string) => void (text.value = message)
  const clear = () => void (text.value = null)
  return { text, say, clear }
})
