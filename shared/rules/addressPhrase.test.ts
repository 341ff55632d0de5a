import { describe, expect, it } from 'vitest'
import { toPosition } from '../geometry'
import type { LngLat } from '../schemas/geo'
import type { RoadKind } from '../schemas/reference'
import { type AddressTerritory, addressPhrase } from './addressPhrase'

/** A hand-made territory on a metre grid around 鼓楼 (x east, y north, metres from the origin). */
const ORIGIN = { lng: 116.4, lat: 39.94 }
const M_PER_DEG_LAT = 111_195
const pt = (x: number, y: number): LngLat => ({
  lng: ORIGIN.lng + x / (M_PER_DEG_LAT * Math.cos((ORIGIN.lat * Math.PI) / 180)),
  lat: ORIGIN.lat + y / M_PER_DEG_LAT,
})
const road = (name: string, kind: RoadKind, ...points: [number, number][]) => ({
  name,
  kind,
  geometry: { type: 'LineString' as const, coordinates: points.map(([x, y]) => toPosition(pt(x, y))) },
})

const territory: AddressTerritory = {
  roads: [
    // Listed before the main road: the main road is still named first at their crossing.
    road('新中街', 'secondary', [0, -500], [0, 500]),
    road('鼓楼东大街', 'main', [-500, 0], [500, 0]),
    // The same street drawn as a second piece: where the pieces meet is no crossing.
    road('鼓楼东大街', 'main', [-500, 0], [-900, 0]),
    // Drawn 5 m short of the main road: a T-junction all the same.
    road('小经厂胡同', 'lane', [300, 5], [300, 400]),
  ],
  markets: [{ name: '东四菜市场', location: pt(-300, 200) }],
}
const phrase = (x: number, y: number) => addressPhrase(pt(x, y), territory)

describe('the address phrase of a place', () => {
  it('names the crossing, the direction from it and the distance rounded to 10 m', () => {
    expect(phrase(-50, 0)).toBe('鼓楼东大街与新中街交叉口向西约50米')
    expect(phrase(0, 84)).toBe('鼓楼东大街与新中街交叉口向北约80米')
    expect(phrase(40, 40)).toBe('鼓楼东大街与新中街交叉口向东北约60米')
    expect(phrase(-30, -33)).toBe('鼓楼东大街与新中街交叉口向西南约40米')
  })

  it('says the crossing alone within 15 m of it', () => {
    expect(phrase(5, 5)).toBe('鼓楼东大街与新中街交叉口')
    expect(phrase(0, 0)).toBe('鼓楼东大街与新中街交叉口')
  })

  it('counts a lane that ends just short of a road as meeting it', () => {
    expect(phrase(300, -30)).toBe('鼓楼东大街与小经厂胡同交叉口向南约30米')
  })

  it('names a market within 100 m when no crossing is near', () => {
    expect(phrase(-270, 200)).toBe('东四菜市场东侧约30米')
    expect(phrase(-300, 140)).toBe('东四菜市场南侧约60米')
    expect(phrase(-300, 205)).toBe('东四菜市场')
  })

  it('falls back to the nearest road and the side the place is on', () => {
    expect(phrase(-250, 40)).toBe('鼓楼东大街（北侧）约40米')
    expect(phrase(-250, -8)).toBe('鼓楼东大街（南侧）')
    expect(phrase(120, 250)).toBe('新中街（东侧）约120米')
  })

  it('never crosses a road with itself where its pieces meet', () => {
    expect(phrase(-520, 30)).toBe('鼓楼东大街（北侧）约30米')
  })

  it('answers null when nothing is near enough to name', () => {
    expect(phrase(0, 3000)).toBeNull()
    expect(addressPhrase(ORIGIN, { roads: [], markets: [] })).toBeNull()
  })
})
