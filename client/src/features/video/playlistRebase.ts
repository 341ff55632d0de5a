import type { HlsConfig, Loader, LoaderCallbacks, LoaderConfiguration, LoaderContext, PlaylistLoaderConstructor, PlaylistLoaderContext } from 'hls.js'

/**
 * Keeps EXT-X-DISCONTINUITY-SEQUENCE small for hls.js.
 *
 * hls.js 1.7 keeps per-discontinuity timestamps in an array indexed by the discontinuity number and,
 * on every playlist load, walks it from 0 (`initPTS.some(…)` in the stream controller). A live
 * source that numbers discontinuities from the epoch (a looping origin whose count is
 * media-sequence / loop length, ≈2×10^8) makes that a walk over a 200-million-slot sparse array
 * every target duration: measured at a whole CPU core per tile. RFC 8216 only asks the number to be
 * consistent across reloads, so the player subtracts the first value it saw: relations between
 * discontinuities are unchanged, the numbers hls.js indexes by stay small. A source already
 * counting from 0 is left exactly as it is.
 */
export interface RebaseState {
  /** The first discontinuity sequence this player saw, or null before the first playlist. */
  base: bigint | null
}

const TAG = /^#EXT-X-DISCONTINUITY-SEQUENCE:[ \t]*(\d{1,20})[ \t]*$/m

export function rebaseDiscontinuitySequence(playlist: string, state: RebaseState): string {
  const match = TAG.exec(playlist)
  if (!match) return playlist
  // BigInt: the RFC allows values up to 2^64-1, beyond what a double counts in ones.
  const value = BigInt(match[1]!)
  state.base ??= value
  if (state.base === 0n) return playlist
  // A number below the base means the source restarted its count; 0 keeps it valid and the
  // player's watchdog deals with the jump in the picture.
  const rebased = value > state.base ? value - state.base : 0n
  return playlist.replace(TAG, `#EXT-X-DISCONTINUITY-SEQUENCE:${rebased}`)
}

type PlaylistLoader = Loader<PlaylistLoaderContext>

/** hls.js's documented custom-loader hook (`pLoader`): the default loader, with playlists rebased on success. */
export function rebasingPlaylistLoader(DefaultLoader: new (config: HlsConfig) => Loader<LoaderContext>): PlaylistLoaderConstructor {
  const state: RebaseState = { base: null }
  const Base = DefaultLoader as unknown as new (config: HlsConfig) => PlaylistLoader
  return class RebasingPlaylistLoader extends Base {
    override load(context: PlaylistLoaderContext, config: LoaderConfiguration, callbacks: LoaderCallbacks<PlaylistLoaderContext>): void {
      super.load(context, config, {
        ...callbacks,
        onSuccess: (response, stats, ctx, details) => {
          if (typeof response.data === 'string') response.data = rebaseDiscontinuitySequence(response.data, state)
          callbacks.onSuccess(response, stats, ctx, details)
        },
      })
    }
  }
}
