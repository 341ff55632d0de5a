import { describe, expect, it } from 'vitest'
import { deskMapViewKey, readDeskMapView, writeDeskMapView } from './deskMapView'

function memoryStorage() {
  const items = new Map<string, string>()
  return {
    items,
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => void items.set(k, v),
    removeItem: (k: string) => void items.delete(k),
  }
}

describe("a desk user's own map view", () => {
  it('is kept per account: one operator never opens on another one\'s view', () => {
    const storage = memoryStorage()
    writeDeskMapView(storage, 'u1', { center: [116.85, 40.37], zoom: 16 })
    expect(readDeskMapView(storage, 'u1')).toEqual({ center: [116.85, 40.37], zoom: 16 })
    expect(readDeskMapView(storage, 'u2')).toBeNull()
  })

  it('forgets the view when told (全街道), and reads a damaged or out-of-range entry as none', () => {
    const storage = memoryStorage()
    writeDeskMapView(storage, 'u1', { center: [116.85, 40.37], zoom: 16 })
    writeDeskMapView(storage, 'u1', null)
    expect(readDeskMapView(storage, 'u1')).toBeNull()
    storage.items.set(deskMapViewKey('u1'), '{not json')
    expect(readDeskMapView(storage, 'u1')).toBeNull()
    storage.items.set(deskMapViewKey('u1'), JSON.stringify({ center: [500, 40], zoom: 16 }))
    expect(readDeskMapView(storage, 'u1')).toBeNull()
  })

  it('survives a storage that refuses to write', () => {
    const full = { setItem: () => { throw new Error('QuotaExceededError') }, removeItem: () => undefined }
    expect(() => writeDeskMapView(full, 'u1', { center: [116.85, 40.37], zoom: 16 })).not.toThrow()
  })
})
