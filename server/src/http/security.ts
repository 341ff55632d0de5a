import type { RequestHandler } from 'express'
import helmet from 'helmet'

/**
 * Headers for an intranet wall: everything from our own origin only. No inline script anywhere
 * (Vite emits module files); MapLibre's worker is a same-origin file; hls.js feeds video through
 * MediaSource blob: URLs; tile snapshots are data:/blob: images. Styles set from script (MapLibre,
 * ECharts, Vue bindings) go through the CSSOM, which style-src does not restrict.
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        mediaSrc: ["'self'", 'blob:'],
        workerSrc: ["'self'", 'blob:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    // An intranet server over plain HTTP: HSTS would lock the wall out if TLS is not in front.
    strictTransportSecurity: false,
    crossOriginEmbedderPolicy: false,
  })
}
