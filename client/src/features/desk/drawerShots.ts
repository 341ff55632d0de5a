import type { CaseEvent } from '@shared/schemas/case'
import type { Evidence } from '@shared/schemas/evidence'
import { PhotoId } from '@shared/schemas/photo'

/** One picture of a case in the drawer: a camera snapshot (evidence) or a photo of a step. */
export interface Shot {
  key: string
  kind: 'evidence' | 'photo'
  /** What an <img> loads; null for a photo reference this server does not serve (a field app's file name). */
  src: string | null
  /** What the full view loads: a field photo's watermarked evidence copy, else `src`. */
  full: string | null
  /** A field photo uploaded here (`ph_…`), whose receipt carries the checker's flags. */
  photoId: string | null
  /** The photo's reference, or the evidence's camera id. */
  ref: string
  /** When it was taken (evidence) or sent with its step (photo). */
  at: string
  /** The camera of a snapshot; for a photo, the event (who sent it with which step). */
  cameraId: string | null
  event: CaseEvent | null
}

/**
 * Photo references come from field apps and integrations; only a path on this server (`/…`) can be
 * shown, since the desk loads nothing from elsewhere. Others are listed by name, not fetched.
 */
export const servedPhoto = (ref: string): string | null =>
  isFieldPhoto(ref) ? `/api/v1/photos/${ref}/thumb` : ref.startsWith('/') && !ref.startsWith('//') ? ref : null

const isFieldPhoto = (ref: string) => PhotoId.safeParse(ref).success
const fullPhoto = (ref: string) => (isFieldPhoto(ref) ? `/api/v1/photos/${ref}/evidence` : servedPhoto(ref))

/** Snapshots first (oldest first, as the server lists them), then the steps' photos in history order. */
export function caseShots(evidence: readonly Evidence[], history: readonly CaseEvent[]): Shot[] {
  const snaps: Shot[] = evidence.map((e) => ({ key: `e:${e.id}`, kind: 'evidence', src: e.url, full: e.url, photoId: null, ref: e.cameraId, at: e.takenAt, cameraId: e.cameraId, event: null }))
  const photos: Shot[] = history.flatMap((e, i) =>
    e.photos.map((ref, j) => ({
      key: `p:${i}:${j}`,
      kind: 'photo' as const,
      src: servedPhoto(ref),
      full: fullPhoto(ref),
      photoId: isFieldPhoto(ref) ? ref : null,
      ref,
      at: e.at,
      cameraId: null,
      event: e,
    })),
  )
  return [...snaps, ...photos]
}

/** The next index when stepping through `count` pictures, wrapping round at both ends. */
export const stepIndex = (at: number, step: -1 | 1, count: number): number => (count === 0 ? 0 : (at + step + count) % count)
