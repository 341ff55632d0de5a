import { describe, expect, it } from 'vitest'
import type { CommunityCollection, GridCollection, RoadCollection } from '@shared/schemas/api'
import { gridAt, indexPlaces, searchPlaces } from './placeSearch'

const square = (x: number, y: number) => ({ type: 'Polygon' as const, coordinates: [[[x, y], [x + 0.01, y], [x + 0.01, y + 0.01], [x, y + 0.01], [x, y]]] as [number, number][][] })
const grids: GridCollection = {
  type: 'FeatureCollection',
  features: [
    { type: 'Feature', geometry: square(116.8, 40.37), properties: { id: 'g1', code: '01', name: '鼓楼社区第1网格', communityId: 'c1' } },
    { type: 'Feature', geometry: square(116.81, 40.37), properties: { id: 'g2', code: '02', name: '鼓楼社区第2网格', communityId: 'c1' } },
  ],
}
const communities: CommunityCollection = {
  type: 'FeatureCollection',
  features: [{ type: 'Feature', geometry: { type: 'Polygon', coordinates: [[[116.8, 40.37], [116.82, 40.37], [116.82, 40.38], [116.8, 40.38], [116.8, 40.37]]] }, properties: { id: 'c1', name: '鼓楼社区', nameEn: 'Gulou', stationName: '鼓楼社区服务站' } }],
}
const roads: RoadCollection = {
  type: 'FeatureCollection',
  features: [{ type: 'Feature', geometry: { type: 'LineString', coordinates: [[116.801, 40.375], [116.805, 40.375], [116.815, 40.375]] }, properties: { id: 'r1', name: '新中街', kind: 'main' } }],
}
const markets = [{ id: 'm1', name: '新中街市场', location: { lng: 116.815, lat: 40.375 }, gridId: 'g2' }]
const index = indexPlaces({ grids, communities, roads, markets })

describe('place search', () => {
  it('finds markets and roads by Chinese words or pinyin initials, the exact name first, then markets', () => {
    expect(searchPlaces(index, '新中街').map((p) => p.id)).toEqual(['r1', 'm1'])
    expect(searchPlaces(index, 'xzjsc').map((p) => p.id)).toEqual(['m1'])
    expect(searchPlaces(index, 'xzj').map((p) => p.kind)).toEqual(['market', 'road'])
  })

  it('derives the grid from the location, never from what was typed', () => {
    const road = searchPlaces(index, '新中街').find((p) => p.kind === 'road')!
    expect(road.gridId).toBe('g1')
    expect(gridAt(grids, { lng: 116.815, lat: 40.375 })).toBe('g2')
    expect(gridAt(grids, { lng: 117, lat: 41 })).toBeNull()
  })

  it('finds communities and grids as areas, after the places inside them', () => {
    const found = searchPlaces(index, '鼓楼社区')
    expect(found.map((p) => p.kind)).toEqual(['community', 'grid', 'grid'])
    expect(found[0]!.gridId).not.toBeNull()
  })

  it('offers nothing for an empty query', () => {
    expect(searchPlaces(index, '  ')).toEqual([])
  })
})
