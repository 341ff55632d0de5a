import { defineStore } from 'pinia'
import { computed, onScopeDispose, shallowRef } from 'vue'

/**
 * The wall's link to the server as the operators see it. `reconnecting` is a short blip the
 * wall rides out quietly; after OFFLINE_AFTER_MS without a link (or at once when the server
 * refused or dropped us on purpose) the status is `offline`, and the wall should say its figures
 * may be stale. The socket keeps trying in both states.
 */
export type ConnectionStatus = 'online' | 'reconnecting' | 'offline'

export const OFFLINE_AFTER_MS = 5000

/** What the socket layer reports, in terms of the link rather than of socket.io. */
export type LinkEvent =
  | { type: 'connecting' }
  | { type: 'connected' }
  /** `willRetry: false`: the server closed the socket on purpose and will not take it back by itself. */
  | { type: 'disconnected'; willRetry: boolean }
  /** The handshake was refused (e.g. UNAUTHENTICATED, FORBIDDEN): retrying at once will not help. */
  | { type: 'refused'; code: string }
  /** Time passed: lets `reconnecting` turn into `offline`. */
  | { type: 'tick' }

export interface ConnectionSnapshot {
  status: ConnectionStatus
  /** When the current status began (ms since epoch). */
  since: number
  /** When the link was lost; null while online. The wall shows "offline since" with this. */
  lostAt: number | null
  /** The handshake refusal code, if that is why we are offline. */
  error: string | null
}

/** Before the first connect the wall is "trying", and goes offline if that takes too long. */
export function initialConnection(now: number): ConnectionSnapshot {
  return { status: 'reconnecting', since: now, lostAt: now, error: null }
}

export function reduceConnection(state: ConnectionSnapshot, event: LinkEvent, now: number): ConnectionSnapshot {
  switch (event.type) {
    case 'connected':
      return state.status === 'online' ? state : { status: 'online', since: now, lostAt: null, error: null }
    case 'connecting':
      // An attempt does not make an offline wall "reconnecting" again: it has still been down too long.
      return state.status === 'online' ? { status: 'reconnecting', since: now, lostAt: now, error: null } : state
    case 'disconnected': {
      const lostAt = state.lostAt ?? now
      if (!event.willRetry) return { status: 'offline', since: now, lostAt, error: state.error }
      return state.status === 'online' ? { status: 'reconnecting', since: now, lostAt, error: null } : state
    }
    case 'refused':
      return { status: 'offline', since: state.status === 'offline' ? state.since : now, lostAt: state.lostAt ?? now, error: event.code }
    case 'tick':
      if (state.status === 'reconnecting' && state.lostAt !== null && now - state.lostAt >= OFFLINE_AFTER_MS) {
        return { ...state, status: 'offline', since: now }
      }
      return state
  }
}

/**
 * The connection status for the UI. Fed only by realtime/socket.ts (`report`); components read
 * `status`, `since`, `lostAt` and `error`.
 */
export const useConnectionStore = defineStore('connection', () => {
  const state = shallowRef<ConnectionSnapshot>(initialConnection(Date.now()))
  // A page that never opens the socket (the bare tile grid) has no link to lose.
  const linked = shallowRef(false)
  let escalation: ReturnType<typeof setTimeout> | undefined

  function report(event: LinkEvent, now = Date.now()): void {
    if (event.type !== 'tick') linked.value = true
    state.value = reduceConnection(state.value, event, now)
    clearTimeout(escalation)
    escalation = undefined
    const { status, lostAt } = state.value
    if (status === 'reconnecting' && lostAt !== null) {
      escalation = setTimeout(() => report({ type: 'tick' }), Math.max(0, lostAt + OFFLINE_AFTER_MS - now))
    }
  }

  // Arm the escalation for the very first connect too.
  report({ type: 'tick' })
  onScopeDispose(() => clearTimeout(escalation))

  return {
    status: computed(() => state.value.status),
    /** Whether this page has a realtime link at all (it reported a connect, a loss or a refusal). */
    linked: computed(() => linked.value),
    since: computed(() => state.value.since),
    lostAt: computed(() => state.value.lostAt),
    error: computed(() => state.value.error),
    report,
  }
})
