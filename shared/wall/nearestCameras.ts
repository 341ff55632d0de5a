import { bearingDegrees, distanceMeters } from '../geometry'
import type { Position } from '../schemas/geo'
import type { Camera } from '../schemas/reference'

export interface NearestCamerasOptions {
  count: number
  /** Default 500 m: beyond a street block a fixed camera rarely shows anything useful of a spot. */
  maxDistanceMeters?: number
  /** Horizontal field of view; default 90°, a typical fixed street camera. */
  fovDegrees?: number
}

export interface RankedCamera {
  id: string
  distanceMeters: number
  /** The spot lies within the lens's field of view. */
  facing: boolean
  score: number
}

/**
 * A camera facing away still shows the street around the spot, so it is ranked behind, not
 * dropped: its distance counts 2.5×, so a facing camera up to 250 m away beats one facing away
 * at 100 m. A camera standing on the spot counts as facing, as it has no bearing to the spot.
 */
export const FACING_AWAY_PENALTY = 2.5

/** Cameras best placed to show `point` ([lng, lat]), best first: lowest score, then id. */
export function nearestCameras(
  point: Position,
  cameras: readonly Pick<Camera, 'id' | 'location' | 'heading'>[],
  options: NearestCamerasOptions,
): RankedCamera[] {
  const count = Math.floor(options.count)
  if (!(count > 0)) return []
  const maxDistance = options.maxDistanceMeters ?? 500
  const halfFov = Math.min(360, Math.max(0, options.fovDegrees ?? 90)) / 2
  const target = { lng: point[0], lat: point[1] }
  const ranked: RankedCamera[] = []
  for (const camera of cameras) {
    const distance = distanceMeters(camera.location, target)
    if (distance > maxDistance) continue
    const off = Math.abs(bearingDegrees(camera.location, target) - camera.heading) % 360
    const facing = distance === 0 || Math.min(off, 360 - off) <= halfFov
    ranked.push({ id: camera.id, distanceMeters: distance, facing, score: facing ? distance : distance * FACING_AWAY_PENALTY })
  }
  ranked.sort((a, b) => a.score - b.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  return ranked.length > count ? ranked.slice(0, count) : ranked
}
