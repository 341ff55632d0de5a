import { fetchMe } from '../../api/auth'
import { isApiError } from '../../api/http'
import { useFieldTerminalStore } from '../../stores/fieldTerminal'
import { useSessionStore } from '../../stores/session'
import { terminalLogin } from './fieldApi'
import { FIELD_SESSION_CACHE } from './pwaOptions'

/** Signing a person in on this handset (POST /auth/terminal with its id) and out again. */
export async function signInTerminal(username: string, password: string, terminalId: string): Promise<boolean> {
  const terminal = useFieldTerminalStore()
  const session = useSessionStore()
  terminal.busy = true
  terminal.error = null
  try {
    const me = await terminalLogin({ username, password, terminalId })
    terminal.rememberTerminal(terminalId)
    terminal.csrf = me.csrfToken
    // The session store learns of the new cookie the way a reload would.
    await session.check()
    return session.state === 'signed-in'
  } catch (err) {
    terminal.error = isApiError(err) ? err.code : 'NETWORK'
    return false
  } finally {
    terminal.busy = false
  }
}

/** The CSRF token of the current session, for the outbox's uploads (offline the service worker's kept answer serves). */
export async function hydrateCsrf(): Promise<void> {
  const terminal = useFieldTerminalStore()
  if (terminal.csrf || useSessionStore().state !== 'signed-in') return
  terminal.csrf = (await fetchMe().catch(() => null))?.csrfToken ?? null
}

export async function signOutTerminal(): Promise<void> {
  await useSessionStore().signOut()
  useFieldTerminalStore().csrf = null
  // The kept session answer must not sign the next person on this handset in as this one.
  await globalThis.caches?.open(FIELD_SESSION_CACHE).then((c) => c.delete('/api/v1/auth/me')).catch(() => undefined)
}
