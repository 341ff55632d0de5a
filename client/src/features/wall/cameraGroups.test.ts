import { describe, expect, it } from 'vitest'
import type { WallCamera } from '../../api/reference'
import { cameraGroups, searchCameras } from './cameraGroups'

const cam = (id: string, over: Partial<WallCamera> = {}): WallCamera =>
  ({ id, name: `${id} 摄像机`, gridId: 'G1', communityId: 'C1', roadId: null, marketId: null, site: 'road', location: { lng: 116.8, lat: 40.3 }, heading: 0, ptz: false, status: 'online', ...over }) as WallCamera

const NAMES: Record<string, string> = { 'community:C1': '檀营社区', 'community:C2': '鼓楼社区', 'grid:G1': '一网格', 'grid:G2': '二网格', 'road:R1': '鼓楼大街', 'market:M1': '农贸市场' }
const names = (kind: string, id: string) => NAMES[`${kind}:${id}`] ?? id

describe('camera groups for tours', () => {
  it('groups cameras by community, grid, road and market, leaving out empty keys', () => {
    const cameras = [cam('B', { roadId: 'R1' }), cam('A', { roadId: 'R1', marketId: 'M1' }), cam('C', { gridId: 'G2', communityId: 'C2' })]
    const groups = cameraGroups(cameras, names)
    const byId = new Map(groups.map((g) => [g.id, g]))
    expect(byId.get('community:C1')).toMatchObject({ name: '檀营社区', cameraIds: ['A', 'B'] })
    expect(byId.get('grid:G2')?.cameraIds).toEqual(['C'])
    expect(byId.get('road:R1')?.cameraIds).toEqual(['A', 'B'])
    expect(byId.get('market:M1')?.cameraIds).toEqual(['A'])
    expect(groups.filter((g) => g.kind === 'road')).toHaveLength(1)
  })
})

describe('camera search', () => {
  const cameras = [cam('CAM1', { name: '南门', roadId: 'R1' }), cam('CAM2', { name: '北门', gridId: 'G2', communityId: 'C2' })]
  it('matches name, id, road, grid and community, every word', () => {
    expect(searchCameras(cameras, '鼓楼大街', names).map((c) => c.id)).toEqual(['CAM1'])
    expect(searchCameras(cameras, '二网格', names).map((c) => c.id)).toEqual(['CAM2'])
    expect(searchCameras(cameras, 'cam2 北门', names).map((c) => c.id)).toEqual(['CAM2'])
    expect(searchCameras(cameras, '南门 二网格', names)).toEqual([])
    expect(searchCameras(cameras, '  ', names)).toHaveLength(2)
  })
})
