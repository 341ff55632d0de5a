import type {
  CommunityCollection,
  GridCollection,
  Market,
  RoadCollection,
  StreetCollection,
  WallCamera,
} from '../api/reference'
import type { WallMapData } from '../features/map/mapStyle'

/** A tiny territory for unit tests: a square street, two communities, three grids, a few cameras. */
const square = (w: number, s: number, e: number, n: number): [number, number][][] => [
  [
    [w, s],
    [e, s],
    [e, n],
    [w, n],
    [w, s],
  ],
]

export const street: StreetCollection = {
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      id: 'gulou',
      geometry: { type: 'Polygon', coordinates: square(116.8, 40.36, 116.88, 40.4) },
      properties: { id: 'gulou', name: '鼓楼街道', nameEn: 'Gulou Street', district: '密云区', center: { lng: 116.84, lat: 40.38 } },
    },
  ],
}

export const communities: CommunityCollection = {
  type: 'FeatureCollection',
  features: [
    { type: 'Feature', geometry: { type: 'Polygon', coordinates: square(116.8, 40.36, 116.84, 40.4) }, properties: { id: 'c01', name: '果园社区', nameEn: 'Guoyuan Community', stationName: '果园社区服务管理站' } },
    { type: 'Feature', geometry: { type: 'Polygon', coordinates: square(116.84, 40.36, 116.88, 40.4) }, properties: { id: 'c02', name: '沙河社区', nameEn: 'Shahe Community', stationName: '沙河社区服务管理站' } },
  ],
}

export const grids: GridCollection = {
  type: 'FeatureCollection',
  features: [
    { type: 'Feature', geometry: { type: 'Polygon', coordinates: square(116.8, 40.36, 116.84, 40.4) }, properties: { id: 'g01', code: '001', name: '第一网格', communityId: 'c01' } },
    { type: 'Feature', geometry: { type: 'Polygon', coordinates: square(116.84, 40.36, 116.88, 40.38) }, properties: { id: 'g02', code: '002', name: '第二网格', communityId: 'c02' } },
    { type: 'Feature', geometry: { type: 'Polygon', coordinates: square(116.84, 40.38, 116.88, 40.4) }, properties: { id: 'g03', code: '003', name: '第三网格', communityId: 'c02' } },
  ],
}

export const roads: RoadCollection = {
  type: 'FeatureCollection',
  features: [
    { type: 'Feature', geometry: { type: 'LineString', coordinates: [[116.8, 40.38], [116.88, 40.38]] }, properties: { id: 'r1', name: '鼓楼东大街', kind: 'main' } },
    { type: 'Feature', geometry: { type: 'LineString', coordinates: [[116.82, 40.36], [116.82, 40.4]] }, properties: { id: 'r2', name: '果园胡同', kind: 'lane' } },
  ],
}

export const markets: Market[] = [{ id: 'm1', name: '沙河早市', location: { lng: 116.86, lat: 40.37 }, gridId: 'g02' }]

const camera = (id: string, gridId: string, lng: number, lat: number, status: WallCamera['status']): WallCamera => ({
  id,
  name: `探头${id}`,
  gridId,
  communityId: gridId === 'g01' ? 'c01' : 'c02',
  roadId: null,
  marketId: null,
  site: 'road',
  location: { lng, lat },
  heading: 90,
  ptz: false,
  status,
})

export const cameras: WallCamera[] = [
  camera('cam1', 'g01', 116.81, 40.37, 'online'),
  camera('cam2', 'g02', 116.85, 40.37, 'offline'),
  camera('cam3', 'g03', 116.86, 40.39, 'unknown'),
]

export const wallMapData: WallMapData = { street, communities, grids, roads, markets, cameras }
