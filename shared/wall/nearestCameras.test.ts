import { describe, expect, it } from 'vitest'
import { EARTH_RADIUS_M } from '../geometry'
import type { Position } from '../schemas/geo'
import { nearestCameras } from './nearestCameras'

const SPOT: Position = [116.397, 39.94]
const M_PER_DEG_LAT = (EARTH_RADIUS_M * Math.PI) / 180

/** A camera `north`/`east` metres from the spot with the given heading. */
function cam(id: string, north: number, east: number, heading: number) {
  const lat = SPOT[1] + north / M_PER_DEG_LAT
  const lng = SPOT[0] + east / (M_PER_DEG_LAT * Math.cos((SPOT[1] * Math.PI) / 180))
  return { id, location: { lng, lat }, heading }
}

describe('nearestCameras', () => {
  it('measures distances in metres and tells which cameras face the spot', () => {
    // Due north of the spot, so facing it means heading 180.
    const [r] = nearestCameras(SPOT, [cam('a', 100, 0, 180)], { count: 1 })
    expect(r!.distanceMeters).toBeCloseTo(100, 0)
    expect(r!.facing).toBe(true)
    expect(r!.score).toBeCloseTo(100, 0)
    expect(nearestCameras(SPOT, [cam('a', 100, 0, 0)], { count: 1 })[0]).toMatchObject({ facing: false, score: expect.closeTo(250, 0) })
  })

  it('prefers a facing camera unless one facing away is much closer', () => {
    const cameras = [cam('away-100', 100, 0, 0), cam('facing-200', 0, 200, 270), cam('facing-300', -300, 0, 0)]
    expect(nearestCameras(SPOT, cameras, { count: 3 }).map((r) => r.id)).toEqual(['facing-200', 'away-100', 'facing-300'])
  })

  it('leaves out cameras beyond the range, 500 m unless told', () => {
    const cameras = [cam('near', 400, 0, 180), cam('far', 600, 0, 180)]
    expect(nearestCameras(SPOT, cameras, { count: 5 }).map((r) => r.id)).toEqual(['near'])
    expect(nearestCameras(SPOT, cameras, { count: 5, maxDistanceMeters: 1000 }).map((r) => r.id)).toEqual(['near', 'far'])
    expect(nearestCameras(SPOT, cameras, { count: 5, maxDistanceMeters: 300 })).toEqual([])
  })

  it('uses the field of view, across north', () => {
    // South of the spot, so the spot is at bearing 0; a lens at 310° is 50° off it.
    const c = cam('c', -100, 0, 310)
    expect(nearestCameras(SPOT, [c], { count: 1 })[0]!.facing).toBe(false)
    expect(nearestCameras(SPOT, [c], { count: 1, fovDegrees: 120 })[0]!.facing).toBe(true)
    expect(nearestCameras(SPOT, [cam('d', -100, 0, 350)], { count: 1 })[0]!.facing).toBe(true)
  })

  it('breaks ties by id and returns at most count', () => {
    const cameras = [cam('c', 50, 0, 180), cam('a', 50, 0, 180), cam('b', 50, 0, 180)]
    expect(nearestCameras(SPOT, cameras, { count: 2 }).map((r) => r.id)).toEqual(['a', 'b'])
    expect(nearestCameras(SPOT, cameras, { count: 0 })).toEqual([])
  })

  it('counts a camera standing on the spot as facing it', () => {
    expect(nearestCameras(SPOT, [cam('here', 0, 0, 90)], { count: 1 })[0]).toMatchObject({ distanceMeters: 0, facing: true, score: 0 })
  })

  it('ranks a whole fleet of 562 cameras', () => {
    const fleet = Array.from({ length: 562 }, (_, i) =>
      cam(`cam-${String(i).padStart(3, '0')}`, ((i * 37) % 900) - 450, ((i * 53) % 900) - 450, (i * 29) % 360),
    )
    const ranked = nearestCameras(SPOT, fleet, { count: 9 })
    expect(ranked).toHaveLength(9)
    for (let i = 1; i < ranked.length; i++) expect(ranked[i]!.score).toBeGreaterThanOrEqual(ranked[i - 1]!.score)
    const best = Math.min(...fleet.map((c) => nearestCameras(SPOT, [c], { count: 1 })[0]?.score ?? Infinity))
    expect(ranked[0]!.score).toBe(best)
  })
})
