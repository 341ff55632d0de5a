import { describe, expect, it } from 'vitest'
import { heatFeatures, heatWeight } from './heatLayer'

describe('the heat map of the period', () => {
  it('makes one point feature per report', () => {
    const fc = heatFeatures([[116.8, 40.37], [116.81, 40.38]])
    expect(fc.features.map((f) => f.geometry.coordinates)).toEqual([[116.8, 40.37], [116.81, 40.38]])
  })

  it('weighs each point less the more there are, so a month does not turn the street red', () => {
    expect(heatWeight(10)).toBe(1)
    expect(heatWeight(0)).toBe(1)
    expect(heatWeight(8000)).toBeCloseTo(150 / 8000)
    expect(heatWeight(8000)).toBeLessThan(heatWeight(800))
  })
})
