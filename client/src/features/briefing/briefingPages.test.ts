import { describe, expect, it } from 'vitest'
import { BRIEFING_PAGES, PRINTED_PAGES, advancesBySelf, pageForKey } from './briefingPages'

describe('moving through the briefing by key', () => {
  it('steps on and back, wrapping round', () => {
    expect(pageForKey('ArrowRight', 0, 5)).toBe(1)
    expect(pageForKey('PageDown', 4, 5)).toBe(0)
    expect(pageForKey(' ', 2, 5)).toBe(3)
    expect(pageForKey('ArrowLeft', 0, 5)).toBe(4)
    expect(pageForKey('PageUp', 3, 5)).toBe(2)
  })

  it('jumps to the first, the last or a numbered page, ignoring a number past the end and other keys', () => {
    expect(pageForKey('Home', 3, 5)).toBe(0)
    expect(pageForKey('End', 0, 5)).toBe(4)
    expect(pageForKey('3', 0, 5)).toBe(2)
    expect(pageForKey('7', 0, 5)).toBeNull()
    expect(pageForKey('0', 0, 5)).toBeNull()
    expect(pageForKey('a', 0, 5)).toBeNull()
    expect(pageForKey('ArrowRight', 0, 0)).toBeNull()
  })
})

describe('printed and played pages', () => {
  it('prints every page but a replay, in order, and lets the timer leave every page but a replay', () => {
    expect(PRINTED_PAGES).toEqual(BRIEFING_PAGES.filter((p) => p !== 'replay'))
    expect(PRINTED_PAGES).toContain('notice')
    expect(PRINTED_PAGES[0]).toBe('headline')
    expect(advancesBySelf('headline')).toBe(true)
    expect(advancesBySelf('replay')).toBe(false)
  })
})
