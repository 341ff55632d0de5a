import type { StreamQuality } from '@shared/schemas/api'
import { type MediaPlaylist, type Variant, PlaylistError, parsePlaylist } from './hlsPlaylist'
import { type FetchLimits, type UpstreamAuth, fetchUpstream } from './upstreamFetch'
import { UpstreamError, type UpstreamPolicy, splitCredentials } from './upstreamPolicy'

/** A camera's upstream as the relay stream sees it: HTTP HLS, or a local ffmpeg remux. */
/** A fetched playlist or segment as the relay caches and serves it. */
export interface CachedBody {
  body: Buffer
  contentType: string
}

export interface UpstreamSource {
  readonly kind: 'hls' | 'remux'
  /** The current media playlist, every URI already resolved and checked (opaque to the caller). */
  loadPlaylist(): Promise<MediaPlaylist>
  fetch(uri: string, what: string, maxBytes: number): Promise<CachedBody>
  close(): Promise<void>
}

export interface HlsUpstreamOptions {
  url: string
  quality: StreamQuality
  policy: UpstreamPolicy
  limits: Omit<FetchLimits, 'maxBytes'> & { maxPlaylistBytes: number }
  /** Aborts every fetch of this upstream (the prober stopping). */
  signal?: AbortSignal
}

const CONTENT_TYPES: Record<string, string> = {
  ts: 'video/mp2t',
  m4s: 'video/mp4',
  mp4: 'video/mp4',
  m4v: 'video/mp4',
  aac: 'audio/aac',
  key: 'application/octet-stream',
}

/** A type from the extension when the upstream sends none or a useless one. */
export function contentTypeFor(uri: string, given: string | null): string {
  if (given && !/^(application\/octet-stream|text\/plain|binary\/octet-stream)\b/i.test(given)) return given.split(';')[0] ?? given
  const ext = /\.([a-z0-9]{1,4})(?:$|[?#])/i.exec(uri)?.[1]?.toLowerCase() ?? ''
  return CONTENT_TYPES[ext] ?? 'application/octet-stream'
}

/** sub: the lightest variant; main: the one with the most lines (then bandwidth). */
export function pickVariant(variants: Variant[], quality: StreamQuality): Variant {
  const sorted = [...variants].sort((a, b) => (a.height ?? 0) - (b.height ?? 0) || a.bandwidth - b.bandwidth)
  return (quality === 'sub' ? sorted[0] : sorted[sorted.length - 1]) as Variant
}

/**
 * An HTTP(S) HLS upstream (camera, NVR, media server). A master playlist is followed once to the
 * variant for the quality; every URI of the media playlist is resolved against where the playlist
 * really came from (after redirects) and checked before the relay will ever fetch it.
 */
export function createHlsUpstream(opts: HlsUpstreamOptions): UpstreamSource {
  const entry = splitCredentials(new URL(opts.url))
  const auth: UpstreamAuth | null = entry.auth
  let variantUrl: URL | null = null
  const limits = { ...opts.limits, maxBytes: opts.limits.maxPlaylistBytes }

  const parse = (body: Buffer) => {
    try {
      return parsePlaylist(body.toString('utf8'))
    } catch (err) {
      if (err instanceof PlaylistError) throw new UpstreamError('malformed', `playlist: ${err.message}`)
      throw err
    }
  }
  const resolve = (raw: string, base: URL, what: string): string => {
    if (!URL.canParse(raw, base)) throw new UpstreamError('refused', `${what}: unparseable URI in the playlist`)
    const url = new URL(raw, base)
    opts.policy.check(url, `${what} in the playlist`)
    return url.href
  }

  return {
    kind: 'hls',
    async loadPlaylist() {
      try {
        let fetched = await fetchUpstream(variantUrl ?? entry.url, { policy: opts.policy, limits, what: 'playlist', auth, signal: opts.signal })
        let parsed = parse(fetched.body)
        if (parsed.kind === 'master') {
          const variant = pickVariant(parsed.variants, opts.quality)
          variantUrl = new URL(resolve(variant.uri, fetched.url, 'variant'))
          fetched = await fetchUpstream(variantUrl, { policy: opts.policy, limits, what: 'variant playlist', auth, signal: opts.signal })
          parsed = parse(fetched.body)
          if (parsed.kind === 'master') throw new UpstreamError('malformed', 'variant playlist is another master playlist')
        }
        const base = fetched.url
        for (const s of parsed.segments) {
          s.uri = resolve(s.uri, base, 'segment')
          if (s.key?.uri) s.key.uri = resolve(s.key.uri, base, 'key')
          if (s.mapUri) s.mapUri = resolve(s.mapUri, base, 'init section')
        }
        return parsed
      } catch (err) {
        // The master may have moved its variants: look again next time.
        variantUrl = null
        throw err
      }
    },
    async fetch(uri, what, maxBytes) {
      const got = await fetchUpstream(new URL(uri), { policy: opts.policy, limits: { ...opts.limits, maxBytes }, what, auth, signal: opts.signal })
      return { body: got.body, contentType: contentTypeFor(uri, got.contentType) }
    },
    async close() {},
  }
}
