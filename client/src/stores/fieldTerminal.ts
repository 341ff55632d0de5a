import { defineStore } from 'pinia'
import { ref } from 'vue'

/**
 * The handset and who carries it now (issue 16, point 7). The terminal id from the 360-terminal
 * registry is typed once per handset and remembered; each person signs in with their own account
 * (features/field/terminalSession.ts), which the server keeps for 30 days on this device. The CSRF
 * token is kept here too, for the outbox's uploads (multipart, outside the JSON client).
 */
const TERMINAL_KEY = 'field.terminalId'
const TERMINAL_ID = /^[A-Za-z0-9_-]{1,64}$/

function readTerminalId(): string {
  try {
    const saved = localStorage.getItem(TERMINAL_KEY) ?? ''
    return TERMINAL_ID.test(saved) ? saved : ''
  } catch {
    return ''
  }
}

export const useFieldTerminalStore = defineStore('fieldTerminal', () => {
  const terminalId = ref(readTerminalId())
  const csrf = ref<string | null>(null)
  const busy = ref(false)
  /** The error code of the last sign-in (UNAUTHENTICATED, VALIDATION_FAILED, NETWORK, …). */
  const error = ref<string | null>(null)

  function rememberTerminal(id: string): void {
    terminalId.value = id
    try {
      localStorage.setItem(TERMINAL_KEY, id)
    } catch {
      // Storage off: the id is asked again at the next sign-in, nothing else is lost.
    }
  }

  return { terminalId, csrf, busy, error, rememberTerminal }
})
