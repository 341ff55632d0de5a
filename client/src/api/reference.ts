import { z } from 'zod'
import {
  CameraListItem,
  CameraStatus,
  CommunityCollection,
  GridCollection,
  MapConfig,
  MarketList,
  RoadCollection,
  StreetCollection,
} from '@shared/schemas/api'
import { getJson, type RequestOptions } from './http'

export type {
  CameraStatus,
  CommunityCollection,
  GridCollection,
  MapConfig,
  RoadCollection,
  StreetCollection,
} from '@shared/schemas/api'
export type { Market } from '@shared/schemas/reference'

export const CAMERA_STATUSES = CameraStatus.options

/**
 * The wall reads camera health leniently: a server from before the health checker sends no `status`,
 * and a state this client does not know yet (a newer server) must not blank the whole wall, so both
 * read as 'unknown'. Everything else is the shared contract as is.
 */
export const WallCamera = CameraListItem.extend({
  status: CameraStatus.default('unknown').catch('unknown'),
})
export type WallCamera = z.infer<typeof WallCamera>

export const WallCameraList = z.object({ items: z.array(WallCamera) })

export const referenceApi = {
  street: (o?: RequestOptions) => getJson('/street', StreetCollection, o),
  communities: (o?: RequestOptions) => getJson('/communities', CommunityCollection, o),
  grids: (o?: RequestOptions) => getJson('/grids', GridCollection, o),
  roads: (o?: RequestOptions) => getJson('/roads', RoadCollection, o),
  markets: (o?: RequestOptions) => getJson('/markets', MarketList, o),
  cameras: (o?: RequestOptions) => getJson('/cameras', WallCameraList, o),
  mapConfig: (o?: RequestOptions) => getJson('/map/config', MapConfig, o),
}
