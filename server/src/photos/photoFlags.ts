import { distanceMeters } from '@shared/geometry'
import type { LngLat } from '@shared/schemas/geo'
import { FAR_FROM_PLACE_M, GALLERY_AFTER_MS, type PhotoFlag } from '@shared/schemas/photo'
import type { PhotoCapture } from './photoExif'

/**
 * What the checker is told of a photo, from its capture compared with its upload. Flags inform,
 * they do not refuse: a worker re-sending after a day offline has a genuine old photo, and the
 * checker is the one who decides. Without a place to compare with (no lng/lat, no case) there is
 * no `far` either way.
 */
export function photoFlags(capture: PhotoCapture, uploadedAt: string, place: LngLat | null): PhotoFlag[] {
  const flags: PhotoFlag[] = []
  if (!capture.capturedAt) flags.push('no_time')
  else if (Date.parse(uploadedAt) - Date.parse(capture.capturedAt) > GALLERY_AFTER_MS) flags.push('gallery')
  if (!capture.capturedPlace) flags.push('no_place')
  else if (place && distanceMeters(capture.capturedPlace, place) > FAR_FROM_PLACE_M) flags.push('far')
  return flags
}
