import type { Position } from '@shared/schemas/geo'
import type { Road, RoadKind } from '@shared/schemas/reference'
import { type CellRef, lerp, roundCoord, vertexKey } from './lattice'
import type { Territory } from './territory'

/**
 * Streets run along lattice lines (so grid boundaries follow streets, as they do on the ground),
 * lanes (胡同 and estate roads) run through the middle of cells. 'h' lines are lattice rows
 * (y fixed, x from..to), 'v' lines lattice columns (x fixed, y from..to).
 */
interface LinePlan {
  name: string
  kind: RoadKind
  axis: 'h' | 'v'
  at: number
  from: number
  to: number
}

const STREET_PLANS: readonly LinePlan[] = [
  { name: '鼓楼东大街', kind: 'main', axis: 'h', at: 4, from: 5, to: 10 },
  { name: '鼓楼西大街', kind: 'main', axis: 'h', at: 4, from: 2, to: 5 },
  { name: '西门外大街', kind: 'main', axis: 'h', at: 4, from: 0, to: 2 },
  { name: '鼓楼北大街', kind: 'main', axis: 'v', at: 5, from: 0, to: 4 },
  { name: '鼓楼南大街', kind: 'main', axis: 'v', at: 5, from: 4, to: 9 },
  { name: '新中街', kind: 'main', axis: 'h', at: 6, from: 1, to: 9 },
  { name: '宾阳路', kind: 'main', axis: 'h', at: 2, from: 1, to: 9 },
  { name: '沿湖路', kind: 'main', axis: 'v', at: 8, from: 0, to: 8 },
  { name: '水源路', kind: 'secondary', axis: 'h', at: 1, from: 2, to: 9 },
  { name: '季庄路', kind: 'secondary', axis: 'h', at: 3, from: 0, to: 5 },
  { name: '檀州路', kind: 'secondary', axis: 'h', at: 3, from: 5, to: 9 },
  { name: '白檀路', kind: 'secondary', axis: 'h', at: 5, from: 0, to: 5 },
  { name: '花园路', kind: 'secondary', axis: 'h', at: 5, from: 5, to: 9 },
  { name: '康居路', kind: 'secondary', axis: 'h', at: 7, from: 2, to: 9 },
  { name: '新南路', kind: 'secondary', axis: 'h', at: 8, from: 2, to: 8 },
  { name: '塘子路', kind: 'secondary', axis: 'v', at: 1, from: 2, to: 6 },
  { name: '新西路', kind: 'secondary', axis: 'v', at: 2, from: 1, to: 8 },
  { name: '果园西路', kind: 'secondary', axis: 'v', at: 3, from: 0, to: 9 },
  { name: '新东路', kind: 'secondary', axis: 'v', at: 7, from: 0, to: 9 },
  { name: '东环路', kind: 'secondary', axis: 'v', at: 9, from: 1, to: 7 },
]

/** Lanes through cells: named 胡同 in the old town around the drum tower; estate roads take
 * the name of the community they are in (`name` absent). */
interface LanePlan {
  name?: string
  axis: 'h' | 'v'
  cells: readonly (readonly [number, number])[]
}

const LANE_PLANS: readonly LanePlan[] = [
  { name: '钟楼胡同', axis: 'v', cells: [[4, 2]] },
  { name: '文庙胡同', axis: 'h', cells: [[4, 3]] },
  { name: '城隍庙胡同', axis: 'v', cells: [[5, 3]] },
  { name: '察院胡同', axis: 'h', cells: [[5, 2]] },
  { name: '东门胡同', axis: 'h', cells: [[6, 3], [7, 3]] },
  { name: '西门胡同', axis: 'h', cells: [[3, 3]] },
  { name: '仓头胡同', axis: 'v', cells: [[4, 4]] },
  { name: '南仓胡同', axis: 'v', cells: [[4, 5], [4, 6]] },
  { name: '大成胡同', axis: 'h', cells: [[6, 4]] },
  { name: '王府胡同', axis: 'h', cells: [[5, 5]] },
  { axis: 'h', cells: [[2, 2]] },
  { axis: 'v', cells: [[7, 1]] },
  { axis: 'h', cells: [[8, 5]] },
  { axis: 'h', cells: [[3, 7]] },
  { axis: 'v', cells: [[6, 7]] },
  { axis: 'h', cells: [[4, 0]] },
  { axis: 'v', cells: [[8, 3]] },
  { axis: 'h', cells: [[0, 4]] },
  { axis: 'v', cells: [[2, 5]] },
  { axis: 'h', cells: [[6, 6]] },
  { axis: 'v', cells: [[9, 4]] },
  { axis: 'h', cells: [[5, 8]] },
]

export interface RoadArm {
  road: Road
  /** The next point along the road away from the junction. */
  toward: Position
}

/** A lattice vertex where a street along a row meets one along a column. */
export interface Junction {
  at: Position
  vertex: readonly [number, number]
  arms: RoadArm[]
  /** The street cells around the vertex, where junction cameras can stand. */
  cells: CellRef[]
}

export interface RoadNetwork {
  roads: Road[]
  junctions: Junction[]
}

export function buildRoads(territory: Territory): RoadNetwork {
  const { lattice } = territory
  const roads: Road[] = []
  const nextId = () => `R${String(roads.length + 1).padStart(2, '0')}`
  const arms = new Map<string, { vertex: [number, number]; axes: Set<string>; arms: RoadArm[] }>()

  for (const plan of STREET_PLANS) {
    const steps: [number, number][] = []
    for (let i = plan.from; i <= plan.to; i++) steps.push(plan.axis === 'h' ? [i, plan.at] : [plan.at, i])
    // Every stretch must border the street, or the plan has drifted from ROW_SPANS.
    for (let i = 0; i + 1 < steps.length; i++) {
      const [x, y] = steps[i]!
      const borders = plan.axis === 'h' ? lattice.hasCell(x, y - 1) || lattice.hasCell(x, y) : lattice.hasCell(x - 1, y) || lattice.hasCell(x, y)
      if (!borders) throw new Error(`${plan.name} leaves the street at lattice ${x},${y}`)
    }
    const coordinates = steps.map(([x, y]) => lattice.vertex(x, y))
    const road: Road = { id: nextId(), name: plan.name, kind: plan.kind, geometry: { type: 'LineString', coordinates } }
    roads.push(road)
    steps.forEach(([x, y], i) => {
      const entry = arms.get(vertexKey(x, y)) ?? { vertex: [x, y] as [number, number], axes: new Set<string>(), arms: [] }
      entry.axes.add(plan.axis)
      if (i > 0) entry.arms.push({ road, toward: coordinates[i - 1]! })
      if (i + 1 < steps.length) entry.arms.push({ road, toward: coordinates[i + 1]! })
      arms.set(vertexKey(x, y), entry)
    })
  }

  const laneNames = new Set<string>()
  for (const plan of LANE_PLANS) {
    const coordinates: Position[] = []
    plan.cells.forEach(([col, row], i) => {
      // Edge midpoints on the entry side, then the cell's middle; the exit edge closes the lane.
      const entry: [Position, Position] =
        plan.axis === 'h' ? [lattice.vertex(col, row), lattice.vertex(col, row + 1)] : [lattice.vertex(col, row), lattice.vertex(col + 1, row)]
      if (i === 0) coordinates.push(lerp(entry[0], entry[1], 0.5))
      coordinates.push(lattice.cellCentroid(col, row))
      if (i + 1 === plan.cells.length) {
        const exit: [Position, Position] =
          plan.axis === 'h'
            ? [lattice.vertex(col + 1, row), lattice.vertex(col + 1, row + 1)]
            : [lattice.vertex(col, row + 1), lattice.vertex(col + 1, row + 1)]
        coordinates.push(lerp(exit[0], exit[1], 0.5))
      } else {
        const [nc, nr] = plan.cells[i + 1]!
        const shared: [Position, Position] =
          plan.axis === 'h' ? [lattice.vertex(nc, nr), lattice.vertex(nc, nr + 1)] : [lattice.vertex(nc, nr), lattice.vertex(nc + 1, nr)]
        coordinates.push(lerp(shared[0], shared[1], 0.5))
      }
    })
    const [col, row] = plan.cells[0]!
    let name = plan.name
    if (!name) {
      const community = territory.communities.find((c) => c.id === territory.gridOfCell(col, row).communityId)!
      const base = community.name.replace(/社区$/, '')
      name = `${base}小区路`
      for (let n = 2; laneNames.has(name); n++) name = `${base}小区${'一二三四五六'[n - 1]}路`
    }
    laneNames.add(name)
    roads.push({ id: nextId(), name, kind: 'lane', geometry: { type: 'LineString', coordinates: coordinates.map(([lng, lat]) => [roundCoord(lng), roundCoord(lat)]) } })
  }

  const junctions: Junction[] = []
  for (const { vertex: [x, y], axes, arms: list } of arms.values()) {
    if (axes.size < 2) continue
    const cells = [
      { col: x - 1, row: y - 1 },
      { col: x, row: y - 1 },
      { col: x - 1, row: y },
      { col: x, row: y },
    ].filter((c) => lattice.hasCell(c.col, c.row))
    junctions.push({ at: lattice.vertex(x, y), vertex: [x, y], arms: list, cells })
  }
  junctions.sort((a, b) => a.vertex[1] - b.vertex[1] || a.vertex[0] - b.vertex[0])
  return { roads, junctions }
}
