import type { Camera } from '@shared/schemas/reference'
import type { WallService } from '../walls/wallService'
import type { Logger } from '../core/logger'

/** The demo's main wall opens on this many cameras: the 16-tile layout centers keep on their big screen. */
export const SHOWCASE_TILES = 16
const SHOWCASE_ROAD = '鼓楼东大街'

/**
 * What a new center sees first: the demo sets the untouched `main` wall (version 0, no tile set) to
 * 16 tiles of the street's main road, as a duty chief would on day one, so the first start looks
 * alive instead of opening on four empty tiles. A wall anyone has changed is left as it is. Either
 * way the cameras on the walls' tiles are encoded first (`prefer`), so the big screen plays before
 * the rest of the fleet is ready. Cameras the demo keeps offline for good are not picked.
 */
export function prepareShowcaseWall(deps: {
  walls: Pick<WallService, 'list' | 'command'>
  cameras: readonly Pick<Camera, 'id' | 'name'>[]
  offline: ReadonlySet<string>
  prefer: (cameraIds: readonly string[]) => void
  log: Logger
}): string[] {
  const main = deps.walls.list().find((w) => w.name === 'main')
  if (main && main.version === 0 && main.tiles.every((t) => t === null)) {
    const ids = showcaseCameras(deps.cameras, deps.offline)
    deps.walls.command('main', { type: 'setLayout', layout: '16' })
    deps.walls.command('main', { type: 'fillTiles', cameraIds: ids })
    deps.log.info({ cameras: ids.length }, `demo: the main wall opens on ${ids.length} cameras of ${SHOWCASE_ROAD}`)
  }
  const onWalls = [...new Set(deps.walls.list().flatMap((w) => w.tiles.filter((t): t is string => t !== null)))]
  deps.prefer(onWalls)
  return onWalls
}

/** The main road's cameras in registry order, topped up with the other cameras if it has fewer than 16. */
export function showcaseCameras(cameras: readonly Pick<Camera, 'id' | 'name'>[], offline: ReadonlySet<string>): string[] {
  const usable = cameras.filter((c) => !offline.has(c.id))
  const road = usable.filter((c) => c.name.startsWith(SHOWCASE_ROAD))
  const rest = usable.filter((c) => !c.name.startsWith(SHOWCASE_ROAD))
  return [...road, ...rest].slice(0, SHOWCASE_TILES).map((c) => c.id)
}
