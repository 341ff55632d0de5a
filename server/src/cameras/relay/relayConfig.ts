import { z } from 'zod'
import { wholeNumber as whole } from '../../core/envNumber'


/** `host`, `host:port`, `*.suffix` or `[v6]:port`; a pattern without a port matches every port of that host. */
const HOST_PATTERN = /^(?:\*\.)?(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i

const hostList = z
  .string()
  .transform((v) =>
    v
      .split(',')
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean),
  )
  .pipe(z.array(z.string().regex(HOST_PATTERN, 'expected comma-separated host, host:port or *.domain entries (no scheme, no path)')))

const MiB = 1024 * 1024

/** The relay's environment variables; spread into the app's ConfigSchema. */
export const relayEnv = {
  /** Extra upstream hosts besides those in the camera registry (a CDN or NVR that playlists point to). */
  RELAY_ALLOWED_HOSTS: hostList.default([]),
  /** How long a stream URL handed to a browser stays valid; players ask again on 410. */
  RELAY_LINK_TTL_S: whole('seconds', 60, 7 * 24 * 3600).default(4 * 3600),
  /** A camera nobody has asked for this long is dropped from memory and its ffmpeg stopped. */
  RELAY_IDLE_MS: whole('milliseconds', 500, 3_600_000).default(30_000),
  RELAY_CACHE_BYTES: whole('bytes', MiB, 64 * 1024 * MiB).default(256 * MiB),
  RELAY_CAMERA_CACHE_BYTES: whole('bytes', 256 * 1024, 4096 * MiB).default(32 * MiB),
  RELAY_MAX_SEGMENT_BYTES: whole('bytes', 1024, 1024 * MiB).default(16 * MiB),
  RELAY_MAX_PLAYLIST_BYTES: whole('bytes', 1024, 16 * MiB).default(256 * 1024),
  /** Longer upstream playlists (an EVENT list growing all day) are cut to their newest segments. */
  RELAY_MAX_SEGMENTS: whole('segments', 3, 1000).default(30),
  RELAY_MAX_STREAMS: whole('streams', 1, 10_000).default(256),
  RELAY_CONNECT_TIMEOUT_MS: whole('milliseconds', 100, 120_000).default(3000),
  RELAY_READ_TIMEOUT_MS: whole('milliseconds', 100, 300_000).default(10_000),
}

type RelayEnv = { [K in keyof typeof relayEnv]: z.infer<(typeof relayEnv)[K]> }

export interface RelayConfig {
  allowedHosts: string[]
  linkTtlMs: number
  idleMs: number
  cacheBytes: number
  cameraCacheBytes: number
  maxSegmentBytes: number
  maxPlaylistBytes: number
  maxSegments: number
  maxStreams: number
  connectTimeoutMs: number
  readTimeoutMs: number
}

export function relayConfigFrom(c: RelayEnv): RelayConfig {
  return {
    allowedHosts: c.RELAY_ALLOWED_HOSTS,
    linkTtlMs: c.RELAY_LINK_TTL_S * 1000,
    idleMs: c.RELAY_IDLE_MS,
    cacheBytes: c.RELAY_CACHE_BYTES,
    cameraCacheBytes: Math.min(c.RELAY_CAMERA_CACHE_BYTES, c.RELAY_CACHE_BYTES),
    maxSegmentBytes: c.RELAY_MAX_SEGMENT_BYTES,
    maxPlaylistBytes: c.RELAY_MAX_PLAYLIST_BYTES,
    maxSegments: c.RELAY_MAX_SEGMENTS,
    maxStreams: c.RELAY_MAX_STREAMS,
    connectTimeoutMs: c.RELAY_CONNECT_TIMEOUT_MS,
    readTimeoutMs: c.RELAY_READ_TIMEOUT_MS,
  }
}
