import type { StreamQuality } from '@shared/schemas/api'

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
