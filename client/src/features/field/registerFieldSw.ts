import { FIELD_SCOPE } from './pwaOptions'

/** What the page fetched before the service worker controlled it, fetched again through it so an offline start has it. */
const KEPT_FOR_OFFLINE = ['/auth/me', '/categories', '/street', '/communities', '/grids', '/roads', '/markets', '/map/config']

/**
 * Registers the field terminal's service worker, from /m only: the wall's pages never register it
 * (and its scope would not cover them anyway). Not in development, where Vite serves no sw.js.
 * `signedIn` says whether the reads worth keeping for offline can be made now.
 */
export async function registerFieldSw(signedIn: () => boolean): Promise<void> {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return
  const { Workbox } = await import('workbox-window')
  const wb = new Workbox('/sw.js', { scope: FIELD_SCOPE })
  // The first install takes over this page (clientsClaim) after its data was already loaded. Signed
  // out there is nothing to keep (every read is 401); signed in later, the app's own reads pass
  // through the worker and are kept then.
  wb.addEventListener('controlling', () => {
    if (signedIn()) void warmCaches()
  })
  await wb.register().catch(() => undefined)
}

async function warmCaches(): Promise<void> {
  await Promise.all(KEPT_FOR_OFFLINE.map((path) => fetch(`/api/v1${path}`, { credentials: 'same-origin' }).catch(() => undefined)))
}
