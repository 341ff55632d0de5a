import type { ReferenceData } from '@shared/schemas/reference'
import { buildCameras } from './cameras'
import { buildCategories } from './categories'
import { buildLandmarks } from './landmarks'
import { buildTeams, buildWorkers } from './people'
import { createRandom } from './random'
import { buildRoads } from './roads'
import { buildTerritory } from './territory'
import { UNITS } from './units'

/** The report's date (2018-11-01): the default demo street. */
export const GULOU_DEFAULT_SEED = 20181101
export const DEFAULT_ORIGIN_BASE_URL = 'http://127.0.0.1:8091'

export interface GenerateGulouOptions {
  seed?: number
  /** Where the camera simulator serves HLS: streams are `<origin>/cameras/<id>/{main,sub}/index.m3u8`. */
  originBaseUrl?: string
}

/**
 * Each concern draws from its own stream, so changing how workers are named does not move a
 * single grid vertex or camera.
 */
function stream(seed: number, label: string) {
  let h = 0x811c9dc5 ^ seed
  for (const ch of label) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193)
  return createRandom(h >>> 0)
}

/**
 * A realistic, deterministic model of 鼓楼街道 (Gulou Street, Miyun District): the figures of
 * the source report (64 grids, 28 communities, 562 cameras, 1,416 workers, 360 terminals, 202
 * teams, 8 + 11 enforcement units) on an invented but plausible map. Same seed, same data.
 */
export function generateGulou(options: GenerateGulouOptions = {}): ReferenceData {
  const seed = options.seed ?? GULOU_DEFAULT_SEED
  const origin = (options.originBaseUrl ?? DEFAULT_ORIGIN_BASE_URL).replace(/\/+$/, '')
  const territory = buildTerritory(stream(seed, 'territory'))
  const network = buildRoads(territory)
  const landmarks = buildLandmarks(territory)
  const cameras = buildCameras(territory, network, landmarks, stream(seed, 'cameras'), origin)
  const { workers, terminals } = buildWorkers(territory.grids, stream(seed, 'workers'))
  return {
    street: territory.street,
    communities: territory.communities,
    grids: territory.grids,
    roads: network.roads,
    markets: landmarks.markets,
    cameras,
    workers,
    teams: buildTeams(territory.communities, territory.grids, stream(seed, 'teams')),
    terminals,
    units: UNITS.map((u) => ({ ...u })),
    categories: buildCategories(),
  }
}
