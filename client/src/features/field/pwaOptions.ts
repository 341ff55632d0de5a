import type { VitePWAOptions } from 'vite-plugin-pwa'

/**
 * The field terminal as an installable app that opens offline after its first load (issue 16).
 * Workbox generates the service worker; its scope is /m, so it never controls the wall, the desk or
 * the briefing (their HLS streams and socket.io never meet it). On /m it answers navigations with
 * the precached app shell and leaves every /api/ request to the network, except the reference data
 * the report form needs and the session answer, which are deliberately kept for offline starts
 * (network first: online they are always fresh). Registration happens on /m only (registerFieldSw.ts).
 */
export const FIELD_SCOPE = '/m'
/** Cache names the page also knows: signing out drops the kept session answer. */
export const FIELD_SESSION_CACHE = 'field-session'
export const FIELD_REFERENCE_CACHE = 'field-reference'

export const fieldPwaOptions: Partial<VitePWAOptions> = {
  strategies: 'generateSW',
  registerType: 'autoUpdate',
  // No script injected into index.html: the wall's pages must not register anything.
  injectRegister: false,
  scope: FIELD_SCOPE,
  includeAssets: ['favicon.svg', 'field-apple-touch-icon.png'],
  manifest: {
    id: FIELD_SCOPE,
    name: '网格通 · 鼓楼街道网格员终端',
    short_name: '网格通',
    description: '网格员巡查上报、接单、处置反馈（离线可用）',
    lang: 'zh-CN',
    start_url: FIELD_SCOPE,
    scope: FIELD_SCOPE,
    display: 'standalone',
    orientation: 'portrait',
    background_color: '#ffffff',
    theme_color: '#0b4f8a',
    icons: [
      { src: '/field-icon-192.png', sizes: '192x192', type: 'image/png' },
      { src: '/field-icon-512.png', sizes: '512x512', type: 'image/png' },
      { src: '/field-icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
    ],
  },
  workbox: {
    globPatterns: ['**/*.{js,css,html,svg,png,woff2}'],
    // MapLibre's and ECharts' chunks are over Workbox's 2 MiB default; the shell must include them.
    maximumFileSizeToCacheInBytes: 6 * 1024 * 1024,
    navigateFallback: '/index.html',
    navigateFallbackAllowlist: [/^\/m(\/|$|\?)/],
    cleanupOutdatedCaches: true,
    clientsClaim: true,
    skipWaiting: true,
    runtimeCaching: [
      {
        urlPattern: /\/api\/v1\/(categories|street|communities|grids|roads|markets|map\/config)(\?.*)?$/,
        handler: 'NetworkFirst',
        options: { cacheName: FIELD_REFERENCE_CACHE, networkTimeoutSeconds: 8, cacheableResponse: { statuses: [200] } },
      },
      {
        // Who is signed in, so an offline start still knows the worker (and the outbox whose items to send).
        urlPattern: /\/api\/v1\/auth\/me$/,
        handler: 'NetworkFirst',
        options: { cacheName: FIELD_SESSION_CACHE, networkTimeoutSeconds: 8, cacheableResponse: { statuses: [200] } },
      },
    ],
  },
}
