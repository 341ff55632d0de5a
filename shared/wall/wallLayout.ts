import { z } from 'zod'
import type { StreamQuality } from '../schemas/api'

/** Even splits, and "1+N" splits with one large tile for the camera that matters most. */
export const WallLayoutKind = z.enum(['1', '4', '9', '16', '25', '36', '1+5', '1+7'])
export type WallLayoutKind = z.infer<typeof WallLayoutKind>

/** The largest layout; schemas cap tile arrays with it because they arrive from clients. */
export const MAX_TILES = 36

/** One tile placed on the layout's square grid, in CSS-grid terms (0-based). */
export interface GridCell {
  index: number
  col: number
  row: number
  colSpan: number
  rowSpan: number
}

const GRID_SIZE: Record<WallLayoutKind, number> = {
  '1': 1,
  '4': 2,
  '9': 3,
  '16': 4,
  '25': 5,
  '36': 6,
  '1+5': 3,
  '1+7': 4,
}

/** Side of the square grid the layout is drawn on. */
export function gridSize(kind: WallLayoutKind): number {
  return GRID_SIZE[kind]
}

const isFeatured = (kind: WallLayoutKind) => kind.startsWith('1+')

export function tileCount(kind: WallLayoutKind): number {
  const n = GRID_SIZE[kind]
  // A featured layout is one (n-1)² tile plus the right column and the bottom row: 2n-1 small ones.
  return isFeatured(kind) ? 2 * n : n * n
}

/**
 * Tiles in index order. In "1+N" layouts tile 0 is the large one at the top left, then the small
 * tiles down the right column and left to right along the bottom row, so that filling tiles in
 * index order puts the first camera large and the rest around it in reading order.
 */
export function layoutCells(kind: WallLayoutKind): GridCell[] {
  const n = GRID_SIZE[kind]
  const cells: GridCell[] = []
  if (!isFeatured(kind)) {
    for (let i = 0; i < n * n; i++) cells.push({ index: i, col: i % n, row: Math.floor(i / n), colSpan: 1, rowSpan: 1 })
    return cells
  }
  cells.push({ index: 0, col: 0, row: 0, colSpan: n - 1, rowSpan: n - 1 })
  for (let row = 0; row < n - 1; row++) cells.push({ index: cells.length, col: n - 1, row, colSpan: 1, rowSpan: 1 })
  for (let col = 0; col < n; col++) cells.push({ index: cells.length, col, row: n - 1, colSpan: 1, rowSpan: 1 })
  return cells
}

/** Sub stream frame size (640×360); the main stream is 1280×720. */
export const SUB_STREAM_WIDTH = 640
export const SUB_STREAM_HEIGHT = 360

/**
 * Device pixels of displayed video width from which the main stream is worth its bitrate:
 * 1.5× the sub stream, the point where upscaling 640 px becomes visibly soft. The same figure
 * as the client player's MAIN_STREAM_MIN_WIDTH, which adds hysteresis on top for live resizes.
 */
export const MAIN_STREAM_MIN_DEVICE_WIDTH = SUB_STREAM_WIDTH * 1.5

/**
 * Which stream a tile of this CSS size should play. Video is letterboxed into the tile
 * (object-fit: contain), so what counts is the width of the 16:9 picture inside it, not the
 * tile: a tall narrow tile or a wide flat one shows a smaller picture than its larger side
 * suggests. That width is converted to device pixels, because a 600 css px tile on a 2×
 * screen draws 1200 real pixels and the sub stream would be upscaled twofold.
 */
export function streamQualityFor(tileCssWidth: number, tileCssHeight: number, devicePixelRatio = 1): StreamQuality {
  const pictureCssWidth = Math.min(tileCssWidth, (tileCssHeight * SUB_STREAM_WIDTH) / SUB_STREAM_HEIGHT)
  const ratio = Number.isFinite(devicePixelRatio) && devicePixelRatio > 0 ? devicePixelRatio : 1
  return pictureCssWidth * ratio >= MAIN_STREAM_MIN_DEVICE_WIDTH ? 'main' : 'sub'
}
