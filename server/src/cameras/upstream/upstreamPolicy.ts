import type { Camera } from '@shared/schemas/reference'

export type UpstreamErrorKind = 'refused' | 'timeout' | 'unreachable' | 'http' | 'too-large' | 'malformed' | 'not-ready'

/** How far a source that is not ready yet has got, when it says (the demo origin does; see upstreamFetch). */
export interface PreparingProgress {
  /** Clips (or streams) of the whole source that are ready, and how many there are. */
  ready: number
  total: number
  /** Requests waiting ahead of this one, when the source queues them. */
  ahead: number | null
}

/** Why the relay could not serve an upstream; the message never holds credentials (URLs go through redactUrl). */
export class UpstreamError extends Error {
  override name = 'UpstreamError'
  constructor(
    readonly kind: UpstreamErrorKind,
    message: string,
    /** For `not-ready`: when the source asked to be asked again, and how far it is. */
    readonly notReady?: { retryAfterS: number; progress: PreparingProgress | null },
  ) {
    super(message)
  }
}

/** Where the camera list comes from: the reference repository, or an in-memory list in tests. */
export interface CameraRegistry {
  cameras(): Camera[]
  camera(id: string): Camera | null
}

export interface UpstreamPolicy {
  /** Throws UpstreamError('refused') unless the scheme is allowed here and the host is the registry's or allow-listed. */
  check(url: URL, what: string, schemes?: ReadonlySet<string>): void
}

/** Inside playlists and on redirects only plain HTTP(S) is followed: no file:, data:, ftp:, javascript: … */
export const HTTP_SCHEMES: ReadonlySet<string> = new Set(['http:', 'https:'])
/**
 * What a registry entry may name for the ffmpeg remux path (RTSP cameras, NVR TCP/UDP feeds, RTMP,
 * SRT). Not http(s): ffmpeg would follow HTTP redirects itself, outside this policy.
 */
export const REMUX_SCHEMES: ReadonlySet<string> = new Set(['rtsp:', 'rtsps:', 'rtmp:', 'rtmps:', 'srt:', 'tcp:', 'udp:'])

const DEFAULT_PORT: Record<string, string> = { 'http:': '80', 'https:': '443', 'rtsp:': '554', 'rtsps:': '322', 'rtmp:': '1935', 'rtmps:': '443' }

const portOf = (url: URL) => url.port || DEFAULT_PORT[url.protocol] || ''
const hostKey = (url: URL) => `${url.hostname.toLowerCase()}:${portOf(url)}`

interface HostPattern {
  host: string
  wildcard: boolean
  port: string | null
}

function parsePattern(entry: string): HostPattern {
  const m = /^(\*\.)?(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(entry)
  if (!m) throw new Error(`not a host pattern: ${entry}`)
  return { wildcard: Boolean(m[1]), host: (m[2] ?? '').toLowerCase(), port: m[3] ?? null }
}

function matches(p: HostPattern, url: URL): boolean {
  const host = url.hostname.toLowerCase()
  const hostOk = p.wildcard ? host.endsWith(`.${p.host}`) : host === p.host
  return hostOk && (p.port === null || p.port === portOf(url))
}

/**
 * The relay is not an open proxy: an upstream host must be one a camera in the registry names
 * (host and port) or one listed in RELAY_ALLOWED_HOSTS. The registry's host set is rebuilt only
 * when the repository hands out a new camera list (after an import).
 */
export function createUpstreamPolicy(opts: { registry: CameraRegistry; allowedHosts: readonly string[] }): UpstreamPolicy {
  const patterns = opts.allowedHosts.map(parsePattern)
  let builtFor: Camera[] | null = null
  let registryHosts = new Set<string>()

  const registered = (url: URL) => {
    const cameras = opts.registry.cameras()
    if (cameras !== builtFor) {
      registryHosts = new Set()
      for (const c of cameras) {
        for (const s of [c.mainStream, c.subStream]) {
          const u = URL.canParse(s.url) ? new URL(s.url) : null
          if (u) registryHosts.add(hostKey(u))
        }
      }
      builtFor = cameras
    }
    return registryHosts.has(hostKey(url))
  }

  return {
    check(url, what, schemes = HTTP_SCHEMES) {
      if (!schemes.has(url.protocol)) throw new UpstreamError('refused', `${what}: scheme ${url.protocol} is not allowed`)
      if (!url.hostname) throw new UpstreamError('refused', `${what}: no host`)
      if (!registered(url) && !patterns.some((p) => matches(p, url))) {
        throw new UpstreamError('refused', `${what}: host ${url.host} is neither a registered camera's nor in RELAY_ALLOWED_HOSTS`)
      }
    },
  }
}

/** For logs: no user:password, no query values (tokens live there). */
export function redactUrl(input: URL | string): string {
  const url = typeof input === 'string' ? (URL.canParse(input) ? new URL(input) : null) : input
  if (!url) return '[unparseable url]'
  const auth = url.username || url.password ? '[credentials]@' : ''
  return `${url.protocol}//${auth}${url.host}${url.pathname}${url.search ? '?[redacted]' : ''}`
}

/** Basic credentials move from the URL to a header bound to that URL's origin. */
export function splitCredentials(url: URL): { url: URL; auth: { origin: string; header: string } | null } {
  if (!url.username && !url.password) return { url, auth: null }
  const clean = new URL(url.href)
  const user = decodeURIComponent(url.username)
  const pass = decodeURIComponent(url.password)
  clean.username = ''
  clean.password = ''
  return { url: clean, auth: { origin: clean.origin, header: `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}` } }
}

/** HTTP(S) URLs of `.m3u8` playlists are relayed as HLS; RTSP and other stream URLs go through an ffmpeg remux. */
export function upstreamKind(url: URL): 'hls' | 'remux' | null {
  if (HTTP_SCHEMES.has(url.protocol)) return url.pathname.toLowerCase().endsWith('.m3u8') ? 'hls' : null
  return REMUX_SCHEMES.has(url.protocol) ? 'remux' : null
}
