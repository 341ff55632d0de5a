import { describe, expect, it } from 'vitest'
import { DurationRing, uniqueFeatureIds } from './wallDiagnostics'

describe('the duration ring', () => {
  it('keeps the last values, oldest first, and the latest on its own', () => {
    const ring = new DurationRing(3)
    expect(ring.last).toBeNull()
    expect(ring.toArray()).toEqual([])
    for (const ms of [1, 2, 3, 4, 5]) ring.record(ms)
    expect(ring.toArray()).toEqual([3, 4, 5])
    expect(ring.last).toBe(5)
  })
})

describe('uniqueFeatureIds', () => {
  it('lists each id once, from the feature id or its id property', () => {
    expect(uniqueFeatureIds([{ id: 'b', properties: {} }, { id: undefined, properties: { id: 'a' } }, { id: 'b', properties: {} }])).toEqual(['a', 'b'])
  })
})
