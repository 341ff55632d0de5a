import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { hasPermission, type Permission } from '@shared/permissions'
import type { Me, SessionUser } from '@shared/schemas/auth'
import * as authApi from '../api/auth'
import { isApiError, onUnauthenticated, setCsrfToken } from '../api/http'

export type SessionState = 'checking' | 'signed-out' | 'signed-in'

/**
 * Who is signed in. The session itself is an httpOnly cookie the page cannot read; this store
 * holds what the server says about it and the CSRF token for state-changing requests.
 */
export const useSessionStore = defineStore('session', () => {
  const state = ref<SessionState>('checking')
  const user = ref<SessionUser | null>(null)
  const error = ref<string | null>(null)
  const busy = ref(false)

  function accept(me: Me): void {
    user.value = me.user
    setCsrfToken(me.csrfToken)
    error.value = null
    state.value = 'signed-in'
  }

  function signedOut(): void {
    user.value = null
    setCsrfToken(null)
    state.value = 'signed-out'
  }

  // Any 401 (expired, revoked, signed out in another tab) drops back to the sign-in page.
  onUnauthenticated(() => {
    if (state.value === 'signed-in') signedOut()
  })

  async function check(): Promise<void> {
    try {
      accept(await authApi.fetchMe())
    } catch (err) {
      if (isApiError(err) && err.code === 'UNAUTHENTICATED') signedOut()
      else {
        error.value = err instanceof Error ? err.message : String(err)
        signedOut()
      }
    }
  }

  async function run(work: () => Promise<Me>): Promise<boolean> {
    busy.value = true
    try {
      accept(await work())
      return true
    } catch (err) {
      error.value = isApiError(err) ? err.code : 'NETWORK'
      return false
    } finally {
      busy.value = false
    }
  }

  const signIn = (username: string, password: string) => run(() => authApi.login({ username, password }))
  const signInDisplay = (token: string) => run(() => authApi.loginDisplay({ token }))

  let started: Promise<void> | null = null
  /**
   * The first answer to "who is this": a wall PC's display token from its link if there is one,
   * else the session cookie. Asked once; the router waits for it before the first page.
   */
  function ready(displayToken: string | null = null): Promise<void> {
    started ??= (async () => {
      if (displayToken && (await signInDisplay(displayToken))) return
      await check()
    })()
    return started
  }

  async function signOut(): Promise<void> {
    await authApi.logout().catch(() => undefined)
    signedOut()
  }

  const can = (permission: Permission) => computed(() => (user.value ? hasPermission(user.value.role, permission) : false))

  return { state, user, error, busy, check, ready, signIn, signInDisplay, signOut, can }
})
