import type { StreamQuality } from '@shared/schemas/api'
import { UpstreamError } from './upstreamPolicy'

/**
 * What one look at a camera stream saw, by whoever looked: the relay serving a viewer or the
 * prober looking at an idle camera. Camera health judges these; the lookers only report them.
 */
export type HealthObservation =
  | {
      kind: 'playlist'
      cameraId: string
      quality: StreamQuality
      /** Media sequence number of the newest segment. */
      lastSeq: number
      /** Program date-time of the newest segment, epoch ms, if the playlist carries one. */
      newestPdtMs: number | null
      newestDurationMs: number
      targetDurationMs: number
      endList: boolean
    }
  | { kind: 'reachable'; cameraId: string; quality: StreamQuality }
  | { kind: 'failed'; cameraId: string; quality: StreamQuality; reason: string }
  /** The source answered "not yet" (503 with Retry-After): it will have a picture, it is not down. */
  | { kind: 'preparing'; cameraId: string; quality: StreamQuality }

/** What a failed look means for health: a source that is still preparing is not a failure. */
export function failureObservation(cameraId: string, quality: StreamQuality, err: unknown): HealthObservation {
  if (err instanceof UpstreamError && err.kind === 'not-ready') return { kind: 'preparing', cameraId, quality }
  return { kind: 'failed', cameraId, quality, reason: err instanceof Error ? err.message : String(err) }
}
