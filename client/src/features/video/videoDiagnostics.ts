import type { PlayerStatus } from './playerPolicy'

/**
 * A read-only window into the players on the page, for the browser test, the benches and a duty
 * engineer at the browser console: how many hls.js instances exist right now (a closed tile must
 * leave none behind), and per tile when it asked for its stream and when its first frame showed.
 */
export interface PlayerRecord {
  cameraId: string
  quality: 'sub' | 'main'
  status: PlayerStatus
  /** Seconds, from the playlist (the watchdog's unit). */
  targetDuration: number
  /** performance.now() when the tile asked the API for its stream. */
  requestedAt: number
  /** performance.now() of the first decoded frame on screen, or null. */
  firstFrameAt: number | null
  recoveries: number
  droppedFrames: number
  totalFrames: number
  latencySeconds: number | null
}

export interface VideoDiagnostics {
  /** hls.js instances created and destroyed since the page loaded. */
  created: number
  destroyed: number
  /** Instances alive now. */
  live(): number
  players(): PlayerRecord[]
}

declare global {
  interface Window {
    __videoDiagnostics?: VideoDiagnostics
  }
}

const records = new Set<PlayerRecord>()
const diagnostics: VideoDiagnostics = {
  created: 0,
  destroyed: 0,
  live() {
    return this.created - this.destroyed
  },
  players() {
    return [...records].map((r) => ({ ...r }))
  },
}

function install(): void {
  if (typeof window !== 'undefined' && window.__videoDiagnostics !== diagnostics) window.__videoDiagnostics = diagnostics
}

export function trackPlayerRecord(record: PlayerRecord): () => void {
  install()
  records.add(record)
  return () => void records.delete(record)
}

export function countHlsCreated(): void {
  install()
  diagnostics.created += 1
}

export function countHlsDestroyed(): void {
  diagnostics.destroyed += 1
}
