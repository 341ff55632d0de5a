import type { HlsConfig, LoadPolicy } from 'hls.js'

/**
 * hls.js settings for a tile that plays one live camera 24/7 next to 35 others. Every number is
 * read against hls.js 1.7's own code, not guessed:
 *
 * - Memory: hls.js keeps the whole back buffer by default (`backBufferLength: Infinity`) and, through
 *   `maxBufferSize`, stretches the forward buffer to 8 × maxBufferSize / bitrate seconds (960 s of a
 *   500 kbps sub stream with the 60 MB default), capped only by `maxMaxBufferLength` (600 s). Live
 *   video is useless behind the playhead and the window ahead is a few segments anyway, so all
 *   three are small: a tile holds seconds of video, not minutes.
 * - Latency: start and sit `liveSyncDurationCount` target durations behind the edge (3, the hold-back
 *   the HLS spec recommends; 2 stalls whenever a segment is published a little late). Beyond
 *   `liveMaxLatencyDurationCount` hls.js itself jumps back to the sync point when the playlist
 *   refreshes; the player's own catch-up (playerPolicy.ts) acts earlier and more gently.
 * - `lowLatencyMode` is off: the cameras publish plain HLS, no parts or blocking reloads. In 1.7 the
 *   playback-rate catch-up behind `maxLiveSyncPlaybackRate` only runs in low-latency mode
 *   (LatencyController.onTimeupdate returns early otherwise), so it is set to 1 here and the player
 *   nudges `playbackRate` itself.
 * - Loading: the default fragment policy waits up to 120 s for a segment and retries six times; a
 *   live segment that late has long left the window. Timeouts here are a few seconds and retries
 *   few, so a dead camera reaches the player's own backoff (and the offline state) quickly instead
 *   of hls.js hammering it.
 * - The transmuxer runs in a worker. The ESM build does not inline it, so the worker script is served
 *   from our own origin (`workerPath`); hls.js shares one worker between every player on the page.
 */
export const WALL_LIVE_SYNC_COUNT = 3
export const WALL_MAX_LATENCY_COUNT = 6

function policy(ttfbMs: number, loadMs: number, timeoutRetries: number, errorRetries: number, maxDelayMs: number): LoadPolicy {
  return {
    default: {
      maxTimeToFirstByteMs: ttfbMs,
      maxLoadTimeMs: loadMs,
      timeoutRetry: { maxNumRetry: timeoutRetries, retryDelayMs: 0, maxRetryDelayMs: 0 },
      errorRetry: { maxNumRetry: errorRetries, retryDelayMs: 500, maxRetryDelayMs: maxDelayMs },
    },
  }
}

export function wallHlsConfig(workerPath: string): Partial<HlsConfig> {
  return {
    debug: false,
    enableWorker: true,
    workerPath,
    lowLatencyMode: false,

    backBufferLength: 3,
    maxBufferLength: 8,
    maxMaxBufferLength: 12,
    maxBufferSize: 2 * 1000 * 1000,
    frontBufferFlushThreshold: 20,

    liveSyncDurationCount: WALL_LIVE_SYNC_COUNT,
    liveMaxLatencyDurationCount: WALL_MAX_LATENCY_COUNT,
    maxLiveSyncPlaybackRate: 1,
    liveDurationInfinity: false,

    // One rendition per URL (sub or main is chosen by the tile), so no ABR probing or size capping.
    capLevelToPlayerSize: false,
    testBandwidth: false,
    // Ask for the first segment as soon as the playlist is in, before MediaSource has opened.
    startFragPrefetch: true,
    initialLiveManifestSize: 1,

    // The relay may start an RTSP remux on the first request, so the first playlist gets longer.
    manifestLoadPolicy: policy(8_000, 10_000, 1, 2, 2_000),
    playlistLoadPolicy: policy(4_000, 6_000, 2, 2, 2_000),
    fragLoadPolicy: policy(5_000, 10_000, 2, 3, 4_000),
  }
}
