import { PhotoId } from '@shared/schemas/photo'
import { createError } from '../core/appError'
import type { PhotoRepository } from './photoRepository'

/**
 * What the case routes ask of the photos a report or a transition names. Entries that are photo
 * ids must be photos that `uploaders` stored (the caller, or the person an integration acts for),
 * else 422 naming the id; other strings are the older URL references (the demo, old clients) and
 * pass as they are. The answer records the case on those photos once the case change is made.
 */
export type NamedPhotosCheck = (photos: readonly string[], uploaders: readonly string[]) => (caseId: string) => void

export function namedPhotosCheck(repo: Pick<PhotoRepository, 'get' | 'linkCase'>): NamedPhotosCheck {
  return (photos, uploaders) => {
    const ids = [...new Set(photos.filter((p) => PhotoId.safeParse(p).success))]
    for (const id of ids) {
      const photo = repo.get(id)
      // One answer for "no such photo" and "someone else's": an id does not tell whether it exists.
      if (!photo || !uploaders.includes(photo.receipt.uploadedBy)) {
        throw createError('VALIDATION_FAILED', `invalid body: photos: ${id} is not a photo you uploaded; upload it first (POST /api/v1/photos)`)
      }
    }
    return (caseId) => repo.linkCase(ids, caseId)
  }
}
