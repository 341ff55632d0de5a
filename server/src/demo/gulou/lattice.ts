import type { LngLat, Position } from '@shared/schemas/geo'
import type { Random } from './random'

/**
 * The street is built on a jittered lattice of quadrilateral cells, one grid per cell. Cells
 * share their corner vertices exactly, so grids tile the street with no gap or overlap by
 * construction, and any union of cells has an exact outline.
 *
 * Lattice coordinates: vertex (x, y) with x = 0..10 west to east and y = 0..9 north to south;
 * cell (col, row) has vertex (col, row) as its north-west corner.
 */

/** Occupied cells per row, north to south, as inclusive column spans: 64 cells whose ragged
 * edge gives the street an irregular outline. Consecutive spans overlap, so the outline is one
 * simple ring with no pinch points. */
export const ROW_SPANS: ReadonlyArray<readonly [number, number]> = [
  [3, 7],
  [2, 8],
  [1, 8],
  [0, 8],
  [0, 9],
  [1, 8],
  [2, 8],
  [2, 7],
  [3, 6],
]

/** The 鼓楼 junction, lattice vertex (5, 4), sits here and is never jittered. */
export const GULOU_CENTER: LngLat = { lng: 116.843, lat: 40.376 }
const CENTER_VERTEX = [5, 4] as const
const CELL_WIDTH_M = 340
const CELL_HEIGHT_M = 320
const METRES_PER_DEG_LAT = 111_195
const METRES_PER_DEG_LNG = METRES_PER_DEG_LAT * Math.cos((GULOU_CENTER.lat * Math.PI) / 180)
/** Jitter as a share of a cell side. Both stay below 0.5, which keeps every cell a simple
 * (non self-intersecting) quadrilateral; the outline moves more so it looks surveyed, not drawn. */
const INTERIOR_JITTER = 0.12
const OUTLINE_JITTER = 0.25

export interface CellRef {
  col: number
  row: number
}

export interface Lattice {
  /** Cells in row-major order, north-west first. */
  cells: readonly CellRef[]
  hasCell(col: number, row: number): boolean
  hasVertex(x: number, y: number): boolean
  vertex(x: number, y: number): Position
  /** Closed ring, counter-clockwise in lng/lat (the GeoJSON winding): NW, SW, SE, NE, NW. */
  cellRing(col: number, row: number): Position[]
  /** Vertex keys of the same ring, for edge bookkeeping. */
  cellVertexKeys(col: number, row: number): string[]
  cellCentroid(col: number, row: number): Position
}

export const vertexKey = (x: number, y: number) => `${x},${y}`
export const roundCoord = (v: number) => Math.round(v * 1e7) / 1e7

export function buildLattice(rng: Random): Lattice {
  const hasCell = (col: number, row: number) => {
    const span = ROW_SPANS[row]
    return span !== undefined && col >= span[0] && col <= span[1]
  }
  const cellsAround = (x: number, y: number) =>
    [hasCell(x - 1, y - 1), hasCell(x, y - 1), hasCell(x - 1, y), hasCell(x, y)].filter(Boolean).length

  const dLng = CELL_WIDTH_M / METRES_PER_DEG_LNG
  const dLat = CELL_HEIGHT_M / METRES_PER_DEG_LAT
  const vertices = new Map<string, Position>()
  for (let y = 0; y <= ROW_SPANS.length; y++) {
    for (let x = 0; x <= 10; x++) {
      const around = cellsAround(x, y)
      if (around === 0) continue
      const isCenter = x === CENTER_VERTEX[0] && y === CENTER_VERTEX[1]
      const amount = isCenter ? 0 : around === 4 ? INTERIOR_JITTER : OUTLINE_JITTER
      const jx = rng.float(-amount, amount)
      const jy = rng.float(-amount, amount)
      const lng = GULOU_CENTER.lng + (x - CENTER_VERTEX[0] + jx) * dLng
      const lat = GULOU_CENTER.lat - (y - CENTER_VERTEX[1] + jy) * dLat
      vertices.set(vertexKey(x, y), [roundCoord(lng), roundCoord(lat)])
    }
  }

  const vertex = (x: number, y: number): Position => {
    const v = vertices.get(vertexKey(x, y))
    if (!v) throw new Error(`lattice vertex ${x},${y} is outside the street`)
    return v
  }
  const corners = (col: number, row: number) =>
    [
      [col, row],
      [col, row + 1],
      [col + 1, row + 1],
      [col + 1, row],
      [col, row],
    ] as const
  const cells: CellRef[] = []
  ROW_SPANS.forEach(([from, to], row) => {
    for (let col = from; col <= to; col++) cells.push({ col, row })
  })

  return {
    cells,
    hasCell,
    hasVertex: (x, y) => vertices.has(vertexKey(x, y)),
    vertex,
    cellRing: (col, row) => corners(col, row).map(([x, y]) => vertex(x, y)),
    cellVertexKeys: (col, row) => corners(col, row).map(([x, y]) => vertexKey(x, y)),
    cellCentroid(col, row) {
      // The mean of the four corners: inside, because every cell is a simple, near-square quad.
      const ring = corners(col, row).slice(0, 4).map(([x, y]) => vertex(x, y))
      return [ring.reduce((s, p) => s + p[0], 0) / 4, ring.reduce((s, p) => s + p[1], 0) / 4]
    },
  }
}

/** The point a share `t` of the way from a to b. */
export const lerp = (a: Position, b: Position, t: number): Position => [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t]

/** Move a point by metres east and north; good to centimetres over a few hundred metres. */
export function offsetMeters([lng, lat]: Position, east: number, north: number): Position {
  return [lng + east / METRES_PER_DEG_LNG, lat + north / METRES_PER_DEG_LAT]
}

/** Metres east and north from a to b in the street's local plane. */
export function deltaMeters(a: Position, b: Position): [number, number] {
  return [(b[0] - a[0]) * METRES_PER_DEG_LNG, (b[1] - a[1]) * METRES_PER_DEG_LAT]
}
