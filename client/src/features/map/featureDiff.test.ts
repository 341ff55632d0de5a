import { describe, expect, it } from 'vitest'
import { diffPointFeatures, indexFeatures, type IdPointFeature } from './featureDiff'

type P = { id: string; status: string; name?: string }
const point = (id: string, lng: number, props: Partial<P> = {}): IdPointFeature<P> => ({
  type: 'Feature',
  id,
  properties: { id, status: 'online', ...props },
  geometry: { type: 'Point', coordinates: [lng, 40] },
})

describe('diffPointFeatures', () => {
  it('is null when nothing changed, so the source is left alone', () => {
    const features = [point('a', 1), point('b', 2)]
    expect(diffPointFeatures(indexFeatures(features), [point('a', 1), point('b', 2)])).toBeNull()
  })

  it('adds new ids, removes missing ones, and sends only changed properties and moved points', () => {
    const before = indexFeatures([point('a', 1), point('b', 2, { name: 'B' }), point('c', 3)])
    const diff = diffPointFeatures(before, [point('a', 1, { status: 'offline' }), point('b', 2.5), point('d', 4)])
    expect(diff).toEqual({
      remove: ['c'],
      add: [point('d', 4)],
      update: [
        { id: 'a', addOrUpdateProperties: [{ key: 'status', value: 'offline' }] },
        { id: 'b', newGeometry: { type: 'Point', coordinates: [2.5, 40] }, removeProperties: ['name'] },
      ],
    })
  })

  it('takes the first of duplicate ids', () => {
    const diff = diffPointFeatures(new Map(), [point('a', 1), point('a', 9)])
    expect(diff?.add).toEqual([point('a', 1)])
  })

  it('starts from empty by adding everything', () => {
    const diff = diffPointFeatures(new Map(), [point('a', 1), point('b', 2)])
    expect(diff).toEqual({ add: [point('a', 1), point('b', 2)] })
  })
})
