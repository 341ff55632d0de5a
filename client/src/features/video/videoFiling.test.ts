import { describe, expect, it } from 'vitest'
import { distanceMeters } from '@shared/geometry'
import type { GridCollection } from '@shared/schemas/api'
import { drawerCameras, filingKey, filingPlan, filingTitle, gridAt, nudged } from './videoFiling'

describe('filingPlan', () => {
  it('files at once for intake and the duty chief, and only the duty chief dispatches', () => {
    expect(filingPlan('duty_chief')).toEqual({ file: true, dispatch: true })
    expect(filingPlan('intake')).toEqual({ file: true, dispatch: false })
    expect(filingPlan('community_operator')).toEqual({ file: false, dispatch: false })
    expect(filingPlan('unit_handler')).toEqual({ file: false, dispatch: false })
  })
})

describe('filingTitle', () => {
  it('names the category and the camera, within the 200 characters a title may have', () => {
    expect(filingTitle('井盖破损', '鼓楼东大街 12 号')).toBe('井盖破损 · 鼓楼东大街 12 号')
    expect(filingTitle('x'.repeat(150), 'y'.repeat(150))).toHaveLength(200)
  })
})

describe('nudged', () => {
  it('moves the pin by the metres asked, east and north', () => {
    const p = { lng: 116.84, lat: 40.37 }
    const east = nudged(p, 10, 0)
    const north = nudged(p, 0, -10)
    expect(distanceMeters(p, east)).toBeCloseTo(10, 0)
    expect(east.lat).toBe(p.lat)
    expect(east.lng).toBeGreaterThan(p.lng)
    expect(distanceMeters(p, north)).toBeCloseTo(10, 0)
    expect(north.lat).toBeLessThan(p.lat)
  })
})

describe('gridAt', () => {
  const square = (id: string, x0: number): GridCollection['features'][number] => ({
    type: 'Feature',
    geometry: { type: 'Polygon', coordinates: [[[x0, 0], [x0 + 1, 0], [x0 + 1, 1], [x0, 1], [x0, 0]]] },
    properties: { id, code: id === 'G1' ? '01' : '02', name: `网格${id}`, communityId: 'C1' },
  })
  const grids: GridCollection = { type: 'FeatureCollection', features: [square('G1', 0), square('G2', 1)] }

  it('finds the grid under the pin, or none outside every grid', () => {
    expect(gridAt(grids, { lng: 0.5, lat: 0.5 })).toEqual({ id: 'G1', code: '01', name: '网格G1' })
    expect(gridAt(grids, { lng: 1.5, lat: 0.5 })?.id).toBe('G2')
    expect(gridAt(grids, { lng: 5, lat: 0.5 })).toBeNull()
    expect(gridAt(null, { lng: 0.5, lat: 0.5 })).toBeNull()
  })
})

describe('drawerCameras', () => {
  const spot = { lng: 116.84, lat: 40.37 }
  const cam = (id: string, north: number) => ({ id, location: nudged(spot, 0, north), heading: 180 })

  it('plays at most the 4 nearest within 500 m', () => {
    const cams = [cam('a', 50), cam('b', 100), cam('c', 150), cam('d', 200), cam('e', 250), cam('far', 900)]
    expect(drawerCameras(spot, cams).map((c) => c.id)).toEqual(['a', 'b', 'c', 'd'])
  })

  it('falls back to the 2 nearest at any distance where fewer than 2 stand near', () => {
    expect(drawerCameras(spot, [cam('near', 50), cam('far', 900), cam('farther', 2000)]).map((c) => c.id)).toEqual(['near', 'far'])
    expect(drawerCameras(spot, [])).toEqual([])
  })
})

describe('filingKey', () => {
  it('is a valid Idempotency-Key, fixed per filing', () => {
    const key = filingKey('CAM 01/x', new Date(1000), () => 'r')
    expect(key).toBe('tile:CAM_01_x:1000:r')
    expect(key).toMatch(/^[A-Za-z0-9_.:-]{1,128}$/)
  })
})
