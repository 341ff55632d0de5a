import { describe, expect, it } from 'vitest'
import { DEFAULT_PANELS, MIN_PANEL, loadPanels, moveSplitter, parsePanels, savePanels } from './panelSizes'

describe('panel sizes', () => {
  it('moves a splitter between its two columns only, never below the minimum', () => {
    const moved = moveSplitter(DEFAULT_PANELS, 'map|video', 0.1)
    expect(moved.map).toBeCloseTo(0.44)
    expect(moved.video).toBeCloseTo(0.32)
    expect(moved.side).toBe(DEFAULT_PANELS.side)
    const squeezed = moveSplitter(DEFAULT_PANELS, 'video|side', 1)
    expect(squeezed.side).toBeCloseTo(MIN_PANEL)
    expect(squeezed.video + squeezed.side).toBeCloseTo(DEFAULT_PANELS.video + DEFAULT_PANELS.side)
  })

  it('keeps the arrangement per wall and ignores damaged entries', () => {
    const store = new Map<string, string>()
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) }
    const sizes = { map: 0.5, video: 0.3, side: 0.2 }
    savePanels('left', sizes, storage)
    expect(loadPanels('left', storage)).toEqual(sizes)
    expect(loadPanels('main', storage)).toEqual(DEFAULT_PANELS)
    expect(parsePanels('{"map":0.9,"video":0.9,"side":0.9}')).toEqual(DEFAULT_PANELS)
    expect(parsePanels('not json')).toEqual(DEFAULT_PANELS)
  })
})
