import { type BBox, bbox, pointInPolygon } from '@shared/geometry'
import type { PolygonGeometry, Position } from '@shared/schemas/geo'
import type { Community, Grid, Street } from '@shared/schemas/reference'
import { COMMUNITY_NAMES } from './communityNames'
import { type CellRef, GULOU_CENTER, type Lattice, buildLattice } from './lattice'
import type { Random } from './random'

/** 64 grids in 28 communities: 20 of two grids and 8 of three (2 × 20 + 3 × 8 = 64). */
const PAIRS = 20
const TRIPLES = 8

export interface Territory {
  lattice: Lattice
  street: Street
  communities: Community[]
  grids: Grid[]
  gridOfCell(col: number, row: number): Grid
  /** The grid whose polygon contains the point, if any. */
  locate(pt: Position): Grid | undefined
}

type Offsets = ReadonlyArray<readonly [number, number]>
/** Shapes anchored at their first cell in row-major order, which is how the search places them. */
const DOMINOES: Offsets[] = [
  [[0, 0], [1, 0]],
  [[0, 0], [0, 1]],
]
const STRAIGHT_TROMINOES: Offsets[] = [
  [[0, 0], [1, 0], [2, 0]],
  [[0, 0], [0, 1], [0, 2]],
]
const BENT_TROMINOES: Offsets[] = [
  [[0, 0], [1, 0], [0, 1]],
  [[0, 0], [1, 0], [1, 1]],
  [[0, 0], [0, 1], [1, 1]],
  [[0, 0], [0, 1], [-1, 1]],
]

/**
 * Split the cells into contiguous communities of 2 or 3 cells: a depth-first search that always
 * covers the first free cell (row-major), trying shapes in a seeded order. It backtracks only
 * when a choice would strand a single free cell, which is rare, so it finishes at once.
 */
export function partitionCells(lattice: Lattice, rng: Random): CellRef[][] {
  const key = (c: number, r: number) => `${c},${r}`
  const taken = new Set<string>()
  const free = (c: number, r: number) => lattice.hasCell(c, r) && !taken.has(key(c, r))
  const freeNeighbours = (c: number, r: number) =>
    [free(c + 1, r), free(c - 1, r), free(c, r + 1), free(c, r - 1)].filter(Boolean).length
  const groups: CellRef[][] = []
  const left = { 2: PAIRS, 3: TRIPLES }
  let budget = 100_000

  const solve = (): boolean => {
    if (--budget < 0) throw new Error('community partition did not converge')
    const first = lattice.cells.find((c) => free(c.col, c.row))
    if (!first) return left[2] === 0 && left[3] === 0
    // Compact shapes first most of the time: long straight communities are rarer in practice.
    const weighted: { shape: Offsets; weight: number }[] = []
    if (left[2] > 0) for (const s of DOMINOES) weighted.push({ shape: s, weight: rng.next() })
    if (left[3] > 0) {
      for (const s of BENT_TROMINOES) weighted.push({ shape: s, weight: rng.next() })
      for (const s of STRAIGHT_TROMINOES) weighted.push({ shape: s, weight: rng.next() + 0.7 })
    }
    weighted.sort((a, b) => a.weight - b.weight)
    for (const { shape } of weighted) {
      const cells = shape.map(([dc, dr]) => ({ col: first.col + dc, row: first.row + dr }))
      if (!cells.every((c) => free(c.col, c.row))) continue
      const size = cells.length as 2 | 3
      for (const c of cells) taken.add(key(c.col, c.row))
      left[size]--
      const strands = cells.some((c) =>
        [
          [c.col + 1, c.row],
          [c.col - 1, c.row],
          [c.col, c.row + 1],
          [c.col, c.row - 1],
        ].some(([nc, nr]) => free(nc!, nr!) && freeNeighbours(nc!, nr!) === 0),
      )
      if (!strands) {
        groups.push(cells)
        if (solve()) return true
        groups.pop()
      }
      left[size]++
      for (const c of cells) taken.delete(key(c.col, c.row))
    }
    return false
  }
  if (!solve()) throw new Error('the street cannot be split into communities of 2 and 3 grids')
  return groups
}

/**
 * Outline of a union of cells: every cell contributes its four directed edges; an edge shared
 * by two cells appears once in each direction and cancels. Because neighbours share vertices
 * exactly, what remains is exactly the boundary, which is then walked into one ring.
 */
export function unionOutline(lattice: Lattice, cells: readonly CellRef[]): PolygonGeometry {
  const directed = new Set<string>()
  for (const { col, row } of cells) {
    const keys = lattice.cellVertexKeys(col, row)
    for (let i = 0; i < 4; i++) {
      const reverse = `${keys[i + 1]}>${keys[i]}`
      if (directed.has(reverse)) directed.delete(reverse)
      else directed.add(`${keys[i]}>${keys[i + 1]}`)
    }
  }
  const edges = new Map<string, string>()
  for (const e of directed) {
    const [a, b] = e.split('>') as [string, string]
    if (edges.has(a)) throw new Error(`vertex ${a} starts two boundary edges: the union is not a simple ring`)
    edges.set(a, b)
  }
  // Start at the north-west-most vertex so the ring is the same whatever order cells came in.
  const parse = (k: string) => k.split(',').map(Number) as [number, number]
  const start = [...edges.keys()].sort((p, q) => {
    const [px, py] = parse(p)
    const [qx, qy] = parse(q)
    return py - qy || px - qx
  })[0]!
  const ring: Position[] = []
  let at = start
  do {
    ring.push(lattice.vertex(...parse(at)))
    at = edges.get(at)!
  } while (at !== start && ring.length <= edges.size)
  if (ring.length !== edges.size) throw new Error('the union has more than one boundary ring')
  ring.push(ring[0]!)
  return { type: 'Polygon', coordinates: [ring] }
}

/**
 * Give each group the name whose anchor is nearest: best pairs first, then swap names between
 * two groups while that brings both nearer in sum, so the last names are not left far away.
 */
function nameGroups(groups: readonly CellRef[][]) {
  const centre = (g: readonly CellRef[]) => [
    g.reduce((s, c) => s + c.col + 0.5, 0) / g.length,
    g.reduce((s, c) => s + c.row + 0.5, 0) / g.length,
  ]
  const pairs: { g: number; n: number; d: number }[] = []
  groups.forEach((group, g) => {
    const [cx, cy] = centre(group)
    COMMUNITY_NAMES.forEach(({ anchor: [ax, ay] }, n) => pairs.push({ g, n, d: (cx! - ax) ** 2 + (cy! - ay) ** 2 }))
  })
  pairs.sort((a, b) => a.d - b.d || a.g - b.g || a.n - b.n)
  const nameOf = new Map<number, number>()
  const used = new Set<number>()
  for (const { g, n } of pairs) {
    if (nameOf.has(g) || used.has(n)) continue
    nameOf.set(g, n)
    used.add(n)
  }
  const cost = (g: number, n: number) => {
    const [cx, cy] = centre(groups[g]!)
    const [ax, ay] = COMMUNITY_NAMES[n]!.anchor
    return (cx! - ax) ** 2 + (cy! - ay) ** 2
  }
  for (let improved = true; improved; ) {
    improved = false
    for (let a = 0; a < groups.length; a++) {
      for (let b = a + 1; b < groups.length; b++) {
        const na = nameOf.get(a)!
        const nb = nameOf.get(b)!
        if (cost(a, nb) + cost(b, na) < cost(a, na) + cost(b, nb) - 1e-9) {
          nameOf.set(a, nb)
          nameOf.set(b, na)
          improved = true
        }
      }
    }
  }
  return groups.map((_, g) => COMMUNITY_NAMES[nameOf.get(g)!]!)
}

export function buildTerritory(rng: Random): Territory {
  const lattice = buildLattice(rng)
  const groups = partitionCells(lattice, rng)
  if (groups.length !== COMMUNITY_NAMES.length) throw new Error('one community name per community')
  const names = nameGroups(groups)

  const communities: Community[] = []
  const grids: Grid[] = []
  const gridByCell = new Map<string, Grid>()
  groups.forEach((cells, i) => {
    const n = names[i]!
    const id = `C${String(i + 1).padStart(2, '0')}`
    communities.push({ id, name: n.name, nameEn: n.nameEn, stationName: `${n.name}服务管理站`, boundary: unionOutline(lattice, cells) })
    const ordered = cells.slice().sort((a, b) => a.row - b.row || a.col - b.col)
    ordered.forEach(({ col, row }, k) => {
      const number = grids.length + 1
      const grid: Grid = {
        id: `G${String(number).padStart(2, '0')}`,
        code: String(number).padStart(2, '0'),
        name: `${n.name}第${k + 1}网格`,
        communityId: id,
        boundary: { type: 'Polygon', coordinates: [lattice.cellRing(col, row)] },
      }
      grids.push(grid)
      gridByCell.set(`${col},${row}`, grid)
    })
  })

  const street: Street = {
    id: 'GULOU',
    name: '鼓楼街道',
    nameEn: 'Gulou Subdistrict',
    district: '北京市密云区',
    center: { ...GULOU_CENTER },
    boundary: unionOutline(lattice, lattice.cells),
  }

  const boxes: BBox[] = grids.map((g) => bbox(g.boundary))
  return {
    lattice,
    street,
    communities,
    grids,
    gridOfCell(col, row) {
      const g = gridByCell.get(`${col},${row}`)
      if (!g) throw new Error(`no grid at cell ${col},${row}`)
      return g
    },
    locate([lng, lat]) {
      return grids.find((g, i) => {
        const b = boxes[i]!
        return lng >= b[0] && lng <= b[2] && lat >= b[1] && lat <= b[3] && pointInPolygon([lng, lat], g.boundary)
      })
    },
  }
}
