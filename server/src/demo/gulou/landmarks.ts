import { toLngLat } from '@shared/geometry'
import type { Position } from '@shared/schemas/geo'
import type { Market } from '@shared/schemas/reference'
import { lerp, roundCoord } from './lattice'
import type { Territory } from './territory'

type Side = 'n' | 's' | 'e' | 'w' | 'nw' | 'ne' | 'sw' | 'se'

/** A place inside a cell, pulled toward the side that fronts a street (or a corner junction). */
interface PlacePlan {
  name: string
  cell: readonly [number, number]
  side: Side
}

/** 四街三市场 names three markets; the other two are the neighbourhood markets a street of this size has. */
const MARKET_PLANS: readonly PlacePlan[] = [
  { name: '沙河早市', cell: [2, 6], side: 'n' },
  { name: '鼓楼农贸市场', cell: [4, 4], side: 'n' },
  { name: '新中街市场', cell: [6, 5], side: 's' },
  { name: '宾阳里菜市场', cell: [5, 1], side: 's' },
  { name: '季庄农贸市场', cell: [1, 3], side: 'n' },
]

const SCHOOL_PLANS: readonly PlacePlan[] = [
  { name: '密云区第二小学', cell: [3, 2], side: 'e' },
  { name: '密云区第三小学', cell: [7, 5], side: 'n' },
  { name: '密云区第二中学', cell: [6, 2], side: 'n' },
  { name: '鼓楼幼儿园', cell: [3, 4], side: 'n' },
  { name: '檀州小学', cell: [8, 3], side: 'w' },
]

const SQUARE_PLANS: readonly PlacePlan[] = [
  { name: '鼓楼广场', cell: [5, 3], side: 'sw' },
  { name: '沿湖公园广场', cell: [8, 2], side: 'w' },
  { name: '宾阳文化广场', cell: [4, 1], side: 's' },
  { name: '新中街文化广场', cell: [3, 5], side: 's' },
]

export interface Place {
  name: string
  location: Position
  gridId: string
}

function place(territory: Territory, { name, cell: [col, row], side }: PlacePlan): Place {
  const v = territory.lattice.vertex
  const targets: Record<Side, Position> = {
    n: lerp(v(col, row), v(col + 1, row), 0.5),
    s: lerp(v(col, row + 1), v(col + 1, row + 1), 0.5),
    w: lerp(v(col, row), v(col, row + 1), 0.5),
    e: lerp(v(col + 1, row), v(col + 1, row + 1), 0.5),
    nw: v(col, row),
    ne: v(col + 1, row),
    sw: v(col, row + 1),
    se: v(col + 1, row + 1),
  }
  const [lng, lat] = lerp(territory.lattice.cellCentroid(col, row), targets[side], 0.45)
  const location: Position = [roundCoord(lng), roundCoord(lat)]
  const grid = territory.locate(location)
  if (grid?.id !== territory.gridOfCell(col, row).id) throw new Error(`${name} fell outside its planned grid`)
  return { name, location, gridId: grid.id }
}

export interface Landmarks {
  markets: Market[]
  marketPlaces: Place[]
  schools: Place[]
  squares: Place[]
}

export function buildLandmarks(territory: Territory): Landmarks {
  const marketPlaces = MARKET_PLANS.map((p) => place(territory, p))
  const markets = marketPlaces.map((p, i): Market => ({
    id: `M${String(i + 1).padStart(2, '0')}`,
    name: p.name,
    location: toLngLat(p.location),
    gridId: p.gridId,
  }))
  return {
    markets,
    marketPlaces,
    schools: SCHOOL_PLANS.map((p) => place(territory, p)),
    squares: SQUARE_PLANS.map((p) => place(territory, p)),
  }
}
