import { describe, expect, it } from 'vitest'
import { readRecent, recentKey, writeRecent } from './intakeRecent'

function memoryStorage(initial: Record<string, string> = {}) {
  const items = new Map(Object.entries(initial))
  return { getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v), items }
}

describe('recent categories per user', () => {
  it('keeps each user’s choices, most recent first, each once', () => {
    const storage = memoryStorage()
    writeRecent(storage, 'u1', 'C0101')
    writeRecent(storage, 'u1', 'C0202')
    expect(writeRecent(storage, 'u1', 'C0101')).toEqual(['C0101', 'C0202'])
    expect(readRecent(storage, 'u1')).toEqual(['C0101', 'C0202'])
    expect(readRecent(storage, 'u2')).toEqual([])
  })

  it('reads a damaged entry as no list, and still records the next choice', () => {
    const storage = memoryStorage({ [recentKey('u1')]: '{not json', [recentKey('u2')]: '[1,2]' })
    expect(readRecent(storage, 'u1')).toEqual([])
    expect(readRecent(storage, 'u2')).toEqual([])
    expect(writeRecent(storage, 'u1', 'C0101')).toEqual(['C0101'])
  })

  it('survives a storage that refuses writes', () => {
    const storage = { getItem: () => null, setItem: () => { throw new Error('quota') } }
    expect(writeRecent(storage, 'u1', 'C0101')).toEqual(['C0101'])
  })
})
