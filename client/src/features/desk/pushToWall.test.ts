import { describe, expect, it } from 'vitest'
import { pushCameras, PUSH_CAMERA_COUNT } from './pushToWall'

const at = { lng: 116.4, lat: 39.94 }
/** A camera `m` metres north of the spot, looking south at it. */
const north = (id: string, m: number, status: 'online' | 'offline' | 'unknown' = 'online') => ({
  id,
  location: { lng: at.lng, lat: at.lat + m / 111_320 },
  heading: 180,
  status,
})

describe('the cameras a push puts on the wall', () => {
  it('takes the nearest first, cameras known to be down after the working ones, none beyond 500 m', () => {
    const cameras = [north('far', 900), north('b', 50), north('down', 10, 'offline'), north('a', 20), north('new', 30, 'unknown')]
    expect(pushCameras(cameras, at)).toEqual(['a', 'new', 'b', 'down'])
  })

  it('fills at most a 16-split wall', () => {
    const many = Array.from({ length: 30 }, (_, i) => north(`c${String(i).padStart(2, '0')}`, 10 + i))
    expect(pushCameras(many, at)).toHaveLength(PUSH_CAMERA_COUNT)
  })
})
