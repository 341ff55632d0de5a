import {
  type BBox,
  bbox,
  bboxesIntersect,
  distanceToBoundaryMeters,
  interiorPoint,
  localProjection,
  pointInPolygon,
  polygonArea,
} from '@shared/geometry'
import type { PolygonGeometry, Position } from '@shared/schemas/geo'
import type { Camera, Category, Community, Grid, Market, Road, Street, Team, Terminal, Unit, Worker } from '@shared/schemas/reference'
import { ReferenceImportError } from './referenceImportError'

/** Parsed records of one file with the label of each (`line 17`, `feature 3 (id G12)`). */
export interface Sourced<T> {
  file: string
  items: T[]
  records: string[]
}

export interface SourcedReference {
  street: Sourced<Street>
  communities: Sourced<Community>
  grids: Sourced<Grid>
  roads: Sourced<Road>
  markets: Sourced<Market>
  cameras: Sourced<Camera>
  workers: Sourced<Worker>
  terminals: Sourced<Terminal>
  teams: Sourced<Team>
  units: Sourced<Unit>
  categories: Sourced<Category>
}

/** Surveyed outlines drawn by different hands never meet to the centimetre; a metre is "on the line". */
const ON_LINE_M = 1
/** How far summed areas may differ from the whole before we call it a gap or an overlap. */
const AREA_TOLERANCE = 0.005
const KIND_LETTER: Record<Category['kind'], string> = { component: 'C', event: 'E', governance: 'G', service: 'S' }

function fail(src: Sourced<unknown>, index: number, problem: string): never {
  throw new ReferenceImportError(src.file, src.records[index] ?? `record ${index + 1}`, problem)
}

function unique<T>(src: Sourced<T>, what: string, key: (item: T) => string): void {
  const first = new Map<string, number>()
  src.items.forEach((item, i) => {
    const k = key(item)
    const earlier = first.get(k)
    if (earlier !== undefined) fail(src, i, `duplicate ${what} "${k}", already used by ${src.records[earlier]}`)
    first.set(k, i)
  })
}

function index<T extends { id: string }>(src: Sourced<T>): Map<string, T> {
  return new Map(src.items.map((item) => [item.id, item]))
}

const onOrInside = (pt: Position, polygon: PolygonGeometry) => pointInPolygon(pt, polygon) || distanceToBoundaryMeters(pt, polygon) <= ON_LINE_M
const vertices = (polygon: PolygonGeometry) => polygon.coordinates.flatMap((ring) => ring.slice(0, -1))

/**
 * Do two polygons share interior? Either some pair of edges properly crosses, or one polygon's
 * interior point lies clearly inside the other (which also catches duplicates and nesting).
 * Shared edges and shared vertices, as in a proper tiling, do not count.
 */
export function polygonsOverlap(a: PolygonGeometry, b: PolygonGeometry): boolean {
  const project = localProjection(bbox(a)[1])
  const origin = project(a.coordinates[0]![0]!)
  const edges = (p: PolygonGeometry) =>
    p.coordinates.flatMap((ring) =>
      ring.slice(0, -1).map((v, i) => {
        const [x1, y1] = project(v)
        const [x2, y2] = project(ring[i + 1]!)
        return [x1 - origin[0], y1 - origin[1], x2 - origin[0], y2 - origin[1]] as const
      }),
    )
  const orient = (ax: number, ay: number, bx: number, by: number, cx: number, cy: number) => (bx - ax) * (cy - ay) - (by - ay) * (cx - ax)
  const eb = edges(b)
  for (const [ax, ay, bx, by] of edges(a)) {
    for (const [cx, cy, dx, dy] of eb) {
      // Orientation below a square centimetre counts as touching, not crossing.
      const eps = 1e-4
      const o1 = orient(ax, ay, bx, by, cx, cy)
      const o2 = orient(ax, ay, bx, by, dx, dy)
      const o3 = orient(cx, cy, dx, dy, ax, ay)
      const o4 = orient(cx, cy, dx, dy, bx, by)
      if (((o1 > eps && o2 < -eps) || (o1 < -eps && o2 > eps)) && ((o3 > eps && o4 < -eps) || (o3 < -eps && o4 > eps))) return true
    }
  }
  const clearlyIn = (pt: Position, p: PolygonGeometry) => pointInPolygon(pt, p) && distanceToBoundaryMeters(pt, p) > 0.01
  return clearlyIn(interiorPoint(a), b) || clearlyIn(interiorPoint(b), a)
}

const pct = (a: number, b: number) => `${((Math.abs(a - b) / b) * 100).toFixed(2)}%`
const km2 = (m2: number) => `${(m2 / 1e6).toFixed(3)} km²`

/** Cross-file checks, in the order a person fixing the files would want them. */
export function checkReference(src: SourcedReference): void {
  for (const s of [src.communities, src.grids, src.roads, src.markets, src.cameras, src.workers, src.terminals, src.teams, src.units]) {
    unique(s as Sourced<{ id: string }>, 'id', (x) => x.id)
  }
  for (const s of [src.communities, src.grids, src.roads, src.markets, src.cameras, src.teams, src.units]) {
    unique(s as Sourced<{ name: string }>, 'name', (x) => x.name)
  }
  unique(src.grids, 'grid code', (g) => g.code)
  unique(src.terminals, 'serial', (t) => t.serial)
  unique(src.categories, 'code', (c) => c.code)
  unique(src.categories, 'name within its 大类', (c) => `${c.kind}/${c.majorCode}/${c.name}`)

  const units = index(src.units)
  const majorNames = new Map<string, string>()
  src.categories.items.forEach((c, i) => {
    if (c.code[0] !== KIND_LETTER[c.kind]) fail(src.categories, i, `code ${c.code} should start with ${KIND_LETTER[c.kind]} for kind ${c.kind}`)
    if (c.code.slice(1, 3) !== c.majorCode) fail(src.categories, i, `code ${c.code} does not carry its majorCode ${c.majorCode}`)
    const major = `${c.kind}/${c.majorCode}`
    const named = majorNames.get(major)
    if (named !== undefined && named !== c.majorName) fail(src.categories, i, `大类 ${c.code.slice(0, 3)} is named both "${named}" and "${c.majorName}"`)
    majorNames.set(major, c.majorName)
    if (!units.has(c.unitId)) fail(src.categories, i, `unitId "${c.unitId}" is not a unit in ${src.units.file}`)
  })

  checkTiling(src)

  const communities = index(src.communities)
  const grids = index(src.grids)
  const gridArea = new Map<string, number>()
  src.grids.items.forEach((g, i) => {
    const community = communities.get(g.communityId)
    if (!community) fail(src.grids, i, `communityId "${g.communityId}" is not a community in ${src.communities.file}`)
    if (!pointInPolygon(interiorPoint(g.boundary), community.boundary) || !vertices(g.boundary).every((v) => onOrInside(v, community.boundary))) {
      fail(src.grids, i, `lies outside its community ${community.id}`)
    }
    gridArea.set(g.communityId, (gridArea.get(g.communityId) ?? 0) + polygonArea(g.boundary))
  })
  src.communities.items.forEach((c, i) => {
    const covered = gridArea.get(c.id)
    if (covered === undefined) fail(src.communities, i, 'has no grids')
    const area = polygonArea(c.boundary)
    if (Math.abs(covered - area) > AREA_TOLERANCE * area) {
      fail(src.communities, i, `its grids cover ${km2(covered)} of its ${km2(area)} (${pct(covered, area)} apart); a community must be the union of its grids`)
    }
  })

  const inGrid = <T>(s: Sourced<T>, i: number, gridId: string, at: Position) => {
    const grid = grids.get(gridId)
    if (!grid) fail(s, i, `gridId "${gridId}" is not a grid in ${src.grids.file}`)
    if (!pointInPolygon(at, grid.boundary)) fail(s, i, `location ${at[0]},${at[1]} is outside its grid ${gridId}`)
    return grid
  }
  src.markets.items.forEach((m, i) => inGrid(src.markets, i, m.gridId, [m.location.lng, m.location.lat]))
  const roads = index(src.roads)
  const markets = index(src.markets)
  src.cameras.items.forEach((c, i) => {
    const grid = inGrid(src.cameras, i, c.gridId, [c.location.lng, c.location.lat])
    if (c.communityId !== grid.communityId) fail(src.cameras, i, `communityId "${c.communityId}" is not that of its grid ${grid.id} (${grid.communityId})`)
    if (c.roadId !== null && !roads.has(c.roadId)) fail(src.cameras, i, `roadId "${c.roadId}" is not a road in ${src.roads.file}`)
    if (c.marketId !== null && !markets.has(c.marketId)) fail(src.cameras, i, `marketId "${c.marketId}" is not a market in ${src.markets.file}`)
  })

  const terminals = index(src.terminals)
  const holder = new Map<string, number>()
  src.workers.items.forEach((w, i) => {
    if (!grids.has(w.gridId)) fail(src.workers, i, `gridId "${w.gridId}" is not a grid in ${src.grids.file}`)
    if (w.terminalId === null) return
    if (!terminals.has(w.terminalId)) fail(src.workers, i, `terminalId "${w.terminalId}" is not a terminal in ${src.terminals.file}`)
    const other = holder.get(w.terminalId)
    if (other !== undefined) fail(src.workers, i, `terminal ${w.terminalId} is already held by ${src.workers.records[other]}`)
    holder.set(w.terminalId, i)
  })

  src.teams.items.forEach((t, i) => {
    if (!communities.has(t.communityId)) fail(src.teams, i, `communityId "${t.communityId}" is not a community in ${src.communities.file}`)
    if (new Set(t.gridIds).size !== t.gridIds.length) fail(src.teams, i, 'gridIds lists a grid twice')
    for (const gridId of t.gridIds) {
      const grid = grids.get(gridId)
      if (!grid) fail(src.teams, i, `gridId "${gridId}" is not a grid in ${src.grids.file}`)
      if (grid.communityId !== t.communityId) fail(src.teams, i, `grid ${gridId} belongs to community ${grid.communityId}, not the team's ${t.communityId}`)
    }
  })
}

/** Grids must tile the street: each inside it, no two overlapping, and together covering it. */
function checkTiling(src: SourcedReference): void {
  const street = src.street.items[0]!
  const { grids } = src
  grids.items.forEach((g, i) => {
    if (!vertices(g.boundary).every((v) => onOrInside(v, street.boundary))) fail(grids, i, `reaches outside the street boundary in ${src.street.file}`)
  })
  const boxes: BBox[] = grids.items.map((g) => bbox(g.boundary))
  for (let j = 0; j < grids.items.length; j++) {
    for (let i = 0; i < j; i++) {
      if (bboxesIntersect(boxes[i]!, boxes[j]!) && polygonsOverlap(grids.items[i]!.boundary, grids.items[j]!.boundary)) {
        fail(grids, j, `overlaps ${grids.records[i]}; grids must not overlap`)
      }
    }
  }
  const sum = grids.items.reduce((a, g) => a + polygonArea(g.boundary), 0)
  const area = polygonArea(street.boundary)
  if (Math.abs(sum - area) > AREA_TOLERANCE * area) {
    throw new ReferenceImportError(
      grids.file,
      'all features',
      `grids cover ${km2(sum)} of the street's ${km2(area)} (${pct(sum, area)} apart); grids must tile the street without gaps`,
    )
  }
}
