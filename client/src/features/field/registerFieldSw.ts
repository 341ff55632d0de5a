import { FIELD_SCOPE } from './pwaOptions'

/** What the page fetched before the service worker controlled it, fetched again through it so an offline start has it. */
const KEPT_FOR_OFFLINE = ['/auth/me', '/categories', '/street', '/communities', '/grids', '/roads', '/markets', '/map/config']

/**
 * Registers the field terminal's service worker, from /m only: the wall's pages never register it
 * (and its scope would not cover them anyway). Not in development, where Vite serves no sw.js.
 */
export async function registerFieldSw(): Promise<void> {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return
  const { Workbox } = await import('workbox-window')
  const wb = new Workbox('/sw.js', { scope: FIELD_SCOPE })
  // The first install takes over this page (clientsClaim) after its data was already loaded.
  wb.addEventListener('controlling', () => void warmCaches())
  await wb.register().catch(() => undefined)
}

async function warmCaches(): Promise<void> {
  await Promise.all(KEPT_FOR_OFFLINE.map((path) => fetch(`/api/v1${path}`, { credentials: 'same-origin' }).catch(() => undefined)))
}
