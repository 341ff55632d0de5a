import { describe, expect, it } from 'vitest'
import type { WallCamera } from '../../api/reference'
import { cameras } from '../../testing/referenceFixtures'
import { camerasInArea, camerasNear, camerasOfGrid, NEAREST_COUNT } from './cameraSelection'

const at = (id: string, lng: number, lat: number, status: WallCamera['status'] = 'online', gridId = 'g01'): WallCamera => ({
  ...(cameras[0] as WallCamera),
  id,
  name: `探头${id}`,
  gridId,
  location: { lng, lat },
  status,
})

describe('cameras for the wall', () => {
  it("puts a grid's working cameras first", () => {
    const fleet = [at('c1', 1, 1, 'offline'), at('c2', 1, 1, 'online'), at('c3', 1, 1, 'stalled'), at('c4', 1, 1, 'online', 'g02'), at('c0', 1, 1, 'unknown')]
    expect(camerasOfGrid(fleet, 'g01')).toEqual(['c2', 'c3', 'c0', 'c1'])
  })

  it('takes the cameras inside a drawn box, healthy first, then nearest its middle', () => {
    const fleet = [at('edge', 116.809, 40.379), at('mid', 116.805, 40.375), at('out', 116.82, 40.375), at('bad', 116.805, 40.375, 'offline')]
    const ring: [number, number][] = [
      [116.8, 40.37],
      [116.81, 40.37],
      [116.81, 40.38],
      [116.8, 40.38],
      [116.8, 40.37],
    ]
    expect(camerasInArea(fleet, ring)).toEqual(['mid', 'edge', 'bad'])
    expect(camerasInArea(fleet, ring.slice(0, 2))).toEqual([])
  })

  it('offers the nearest few cameras of a case', () => {
    const fleet = Array.from({ length: 8 }, (_, i) => at(`n${i}`, 116.84 + i * 0.0002, 40.38))
    const near = camerasNear(fleet, { lng: 116.84, lat: 40.38 })
    expect(near).toHaveLength(NEAREST_COUNT)
    expect(near[0]?.id).toBe('n0')
  })
})
