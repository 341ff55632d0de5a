import { describe, expect, it } from 'vitest'
import { WallLayoutKind, gridSize, layoutCells, streamQualityFor, tileCount } from './wallLayout'

describe('layoutCells', () => {
  it.each(WallLayoutKind.options)('layout %s covers its grid exactly once, in index order', (kind) => {
    const n = gridSize(kind)
    const cells = layoutCells(kind)
    const covered = new Map<string, number>()
    cells.forEach((c, i) => {
      expect(c.index).toBe(i)
      for (let r = c.row; r < c.row + c.rowSpan; r++) {
        for (let col = c.col; col < c.col + c.colSpan; col++) {
          expect(r).toBeLessThan(n)
          expect(col).toBeLessThan(n)
          expect(covered.has(`${col},${r}`)).toBe(false)
          covered.set(`${col},${r}`, c.index)
        }
      }
    })
    expect(covered.size).toBe(n * n)
    expect(cells).toHaveLength(tileCount(kind))
  })

  it('gives the even splits and the featured splits their sizes', () => {
    expect(WallLayoutKind.options.map((k) => [k, gridSize(k), tileCount(k)])).toEqual([
      ['1', 1, 1],
      ['4', 2, 4],
      ['9', 3, 9],
      ['16', 4, 16],
      ['25', 5, 25],
      ['36', 6, 36],
      ['1+5', 3, 6],
      ['1+7', 4, 8],
    ])
  })

  it('puts the large tile first, then the right column top-down, then the bottom row', () => {
    expect(layoutCells('1+5').map(({ col, row, colSpan, rowSpan }) => [col, row, colSpan, rowSpan])).toEqual([
      [0, 0, 2, 2],
      [2, 0, 1, 1],
      [2, 1, 1, 1],
      [0, 2, 1, 1],
      [1, 2, 1, 1],
      [2, 2, 1, 1],
    ])
    expect(layoutCells('1+7')[0]).toEqual({ index: 0, col: 0, row: 0, colSpan: 3, rowSpan: 3 })
    expect(layoutCells('9')[5]).toEqual({ index: 5, col: 2, row: 1, colSpan: 1, rowSpan: 1 })
  })
})

describe('streamQualityFor', () => {
  it('keeps the sub stream up to 1.5× its own width and switches to main from there', () => {
    expect(streamQualityFor(640, 360)).toBe('sub')
    expect(streamQualityFor(959, 540)).toBe('sub')
    expect(streamQualityFor(960, 540)).toBe('main')
  })

  it('counts device pixels', () => {
    expect(streamQualityFor(480, 270, 2)).toBe('main')
    expect(streamQualityFor(480, 270, 1)).toBe('sub')
  })

  it('judges the letterboxed picture, not the tile', () => {
    // 1600 css px wide but only 300 high: the 16:9 picture inside is 533 px wide.
    expect(streamQualityFor(1600, 300)).toBe('sub')
    // 700 px wide and very tall: the picture is 700 px wide whatever the height.
    expect(streamQualityFor(700, 2000)).toBe('sub')
  })

  it('treats a missing or broken device pixel ratio as 1', () => {
    expect(streamQualityFor(480, 270, Number.NaN)).toBe('sub')
    expect(streamQualityFor(480, 270, 0)).toBe('sub')
  })
})
