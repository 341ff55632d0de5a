import type { LngLat } from '@shared/schemas/geo'
import { nearestCameras } from '@shared/wall/nearestCameras'
import type { WallCamera } from '../../api/reference'

/** A pushed case fills at most a 16-split wall; a larger layout keeps its other tiles empty. */
export const PUSH_CAMERA_COUNT = 16

/**
 * The cameras a push puts on the wall, in tile order: the best placed to show the spot (the shared
 * ranking of distance and facing, within 500 m), cameras known to be down last, since the first
 * tiles are the ones people look at.
 */
export function pushCameras(cameras: readonly Pick<WallCamera, 'id' | 'location' | 'heading' | 'status'>[], at: LngLat): string[] {
  const status = new Map(cameras.map((c) => [c.id, c.status]))
  const ranked = nearestCameras([at.lng, at.lat], cameras, { count: PUSH_CAMERA_COUNT }).map((r) => r.id)
  // A camera not yet checked may well work; only one the health pass called offline goes last.
  const works = (id: string) => status.get(id) !== 'offline'
  return [...ranked.filter(works), ...ranked.filter((id) => !works(id))]
}
