/**
 * A live HLS media playlist over a pre-encoded loop, as a pure function of the clock (RFC 8216).
 *
 * Segment n covers wall-clock time [n·d, (n+1)·d) since the Unix epoch, where d is the segment
 * length, and plays loop segment n mod K (K segments per loop). So:
 * - EXT-X-MEDIA-SEQUENCE advances with the clock and every camera agrees on it;
 * - EXT-X-PROGRAM-DATE-TIME of segment n is exactly n·d: the moment its pictures "happened";
 * - the newest listed segment is the last one complete at `asOfMs` (a live encoder publishes a
 *   segment once it is written), and the window holds `windowSize` of them;
 * - where the loop wraps (n mod K = 0) timestamps jump back, so that segment carries
 *   EXT-X-DISCONTINUITY; its discontinuity sequence number is floor(n / K), and the playlist's
 *   EXT-X-DISCONTINUITY-SEQUENCE is that of its first segment, so the count stays consistent as
 *   tags slide out of the window (RFC 8216 §4.3.3.3, §6.2.2).
 */
export interface LiveWindowInput {
  /** The clock the playlist is drawn at; a stalled camera passes the moment it froze. */
  asOfMs: number
  segmentSeconds: number
  /** Segments per loop (K). */
  loopSegments: number
  windowSize: number
}

export interface LiveSegment {
  sequence: number
  /** Which file of the loop: sequence mod K. */
  loopIndex: number
  programDateTime: string
  discontinuity: boolean
}

export interface LiveWindow {
  mediaSequence: number
  discontinuitySequence: number
  segments: LiveSegment[]
}

export function liveWindow(o: LiveWindowInput): LiveWindow {
  const segMs = o.segmentSeconds * 1000
  const last = Math.floor(o.asOfMs / segMs) - 1
  const first = last - o.windowSize + 1
  const segments: LiveSegment[] = []
  for (let n = first; n <= last; n++) {
    segments.push({
      sequence: n,
      loopIndex: mod(n, o.loopSegments),
      programDateTime: new Date(n * segMs).toISOString(),
      discontinuity: n !== first && mod(n, o.loopSegments) === 0,
    })
  }
  return { mediaSequence: first, discontinuitySequence: Math.floor(first / o.loopSegments), segments }
}

export function renderPlaylist(w: LiveWindow, segmentSeconds: number): string {
  const lines = [
    '#EXTM3U',
    '#EXT-X-VERSION:3',
    `#EXT-X-TARGETDURATION:${Math.ceil(segmentSeconds)}`,
    `#EXT-X-MEDIA-SEQUENCE:${w.mediaSequence}`,
    `#EXT-X-DISCONTINUITY-SEQUENCE:${w.discontinuitySequence}`,
    // Every segment starts with a keyframe (GOP = segment), so each decodes on its own.
    '#EXT-X-INDEPENDENT-SEGMENTS',
  ]
  for (const s of w.segments) {
    if (s.discontinuity) lines.push('#EXT-X-DISCONTINUITY')
    lines.push(`#EXT-X-PROGRAM-DATE-TIME:${s.programDateTime}`, `#EXTINF:${segmentSeconds.toFixed(3)},`, `seg/${s.sequence}.ts`)
  }
  return `${lines.join('\n')}\n`
}

/**
 * Whether a segment may be fetched at `asOfMs`: anything in the window, and (RFC 8216 §6.2.2)
 * segments that left it for as long as the window lasts again plus one segment; never the future.
 */
export function segmentAvailable(sequence: number, o: LiveWindowInput): boolean {
  const last = Math.floor(o.asOfMs / (o.segmentSeconds * 1000)) - 1
  return Number.isSafeInteger(sequence) && sequence <= last && sequence > last - (2 * o.windowSize + 1)
}

const mod = (a: number, m: number) => ((a % m) + m) % m
