import { bearingDegrees, distanceToBoundaryMeters, polygonCentroid, toLngLat } from '@shared/geometry'
import type { Position } from '@shared/schemas/geo'
import type { Camera, CameraSite, Grid, Road } from '@shared/schemas/reference'
import type { Landmarks, Place } from './landmarks'
import { deltaMeters, lerp, offsetMeters, roundCoord } from './lattice'
import type { Random } from './random'
import type { RoadNetwork } from './roads'
import type { Territory } from './territory'

export const CAMERA_COUNT = 562
/** About a quarter of the estate is pan-tilt-zoom, most of it at junctions. */
const PTZ_COUNT = Math.round(CAMERA_COUNT * 0.25)
/** A camera this close to a grid edge could be argued into the neighbour; keep clear of edges. */
const EDGE_MARGIN_M = 2

interface Draft {
  name: string
  site: CameraSite
  location: Position
  grid: Grid
  heading: number
  roadId: string | null
  marketId: string | null
  /** Higher goes PTZ first; see PTZ_COUNT. */
  ptzPriority: number
}

const norm = (deg: number) => ((Math.round(deg) % 360) + 360) % 360
const bearing = (a: Position, b: Position) => bearingDegrees(toLngLat(a), toLngLat(b))
const two = (n: number) => String(n).padStart(2, '0')

export function buildCameras(territory: Territory, network: RoadNetwork, landmarks: Landmarks, rng: Random, originBaseUrl: string): Camera[] {
  const drafts: Draft[] = []
  const counters = new Map<string, number>()
  const label = (prefix: string, kind: string) => {
    const n = (counters.get(`${prefix}-${kind}`) ?? 0) + 1
    counters.set(`${prefix}-${kind}`, n)
    return `${prefix}-${kind}-${two(n)}`
  }
  /** The grid a point stands in, if it stands clearly inside one. */
  const fit = (pt: Position): { location: Position; grid: Grid } | undefined => {
    const location: Position = [roundCoord(pt[0]), roundCoord(pt[1])]
    const grid = territory.locate(location)
    return grid && distanceToBoundaryMeters(location, grid.boundary) >= EDGE_MARGIN_M ? { location, grid } : undefined
  }

  // Junctions: 4 cameras where two main streets cross, 3 where one does, 2 elsewhere, each
  // standing in a corner of the crossing and looking down one of its arms.
  for (const j of network.junctions) {
    const mains = new Set(j.arms.filter((a) => a.road.kind === 'main').map((a) => a.road.id)).size
    const want = Math.min(mains >= 2 ? 4 : mains === 1 ? 3 : 2, j.cells.length)
    const corners = rng.shuffle(j.cells).slice(0, want)
    const arms = rng.shuffle(j.arms)
    corners.forEach((cell, k) => {
      const [east, north] = deltaMeters(j.at, territory.lattice.cellCentroid(cell.col, cell.row))
      const len = Math.hypot(east, north)
      const spot = fit(offsetMeters(j.at, (14 * east) / len, (14 * north) / len))
      if (!spot) throw new Error(`no room for a camera at junction ${j.vertex.join(',')}`)
      const arm = arms[k % arms.length]!
      drafts.push({
        name: label(arm.road.name, '路口'),
        site: 'junction',
        ...spot,
        heading: norm(bearing(j.at, arm.toward)),
        roadId: arm.road.id,
        marketId: null,
        ptzPriority: k === 0 ? 3 + rng.next() : 0.6 + rng.next(),
      })
    })
  }

  // Clusters around a place: markets, schools and squares. Entrances look at the place; one
  // camera of a market entrance or a square is the PTZ an operator steers during patrols.
  interface ClusterPlan {
    kind: string
    count: number
    radius: readonly [number, number]
    site: CameraSite
    marketId?: string
    facesIn?: boolean
    onePtz?: boolean
  }
  const cluster = (p: Place, plan: ClusterPlan) => {
    for (let k = 0; k < plan.count; k++) {
      let spot: ReturnType<typeof fit>
      for (let tries = 0; !spot && tries < 50; tries++) {
        const angle = rng.float(0, 2 * Math.PI)
        const r = rng.float(plan.radius[0], plan.radius[1])
        spot = fit(offsetMeters(p.location, r * Math.sin(angle), r * Math.cos(angle)))
      }
      if (!spot) throw new Error(`no room for a camera near ${p.name}`)
      drafts.push({
        name: label(p.name, plan.kind),
        site: plan.site,
        ...spot,
        heading: plan.facesIn ? norm(bearing(spot.location, p.location)) : rng.int(0, 359),
        roadId: null,
        marketId: plan.marketId ?? null,
        ptzPriority: plan.onePtz && k === 0 ? 2.5 : rng.next() * 0.5,
      })
    }
  }
  landmarks.markets.forEach((m, i) => {
    const p = landmarks.marketPlaces[i]!
    const big = m.name === '沙河早市'
    cluster(p, { kind: '入口', count: big ? 4 : 3, radius: [30, 45], site: 'market', marketId: m.id, facesIn: true, onePtz: true })
    cluster(p, { kind: '场内', count: big ? 5 : 4, radius: [6, 25], site: 'market', marketId: m.id })
    cluster(p, { kind: '周边', count: 1, radius: [50, 65], site: 'market', marketId: m.id })
  })
  for (const s of landmarks.schools) {
    cluster(s, { kind: '校门', count: 2, radius: [20, 35], site: 'school', facesIn: true })
    cluster(s, { kind: '周边', count: 1, radius: [40, 60], site: 'school' })
  }
  for (const s of landmarks.squares) cluster(s, { kind: '广场', count: 4, radius: [10, 40], site: 'square', onePtz: true })

  // Community gates: one more gate than the community has grids, near a cell edge, facing out.
  for (const community of territory.communities) {
    const grids = territory.grids.filter((g) => g.communityId === community.id)
    for (let k = 0; k <= grids.length; k++) {
      const ring = grids[k % grids.length]!.boundary.coordinates[0]!
      const centre = polygonCentroid(grids[k % grids.length]!.boundary)
      let spot: ReturnType<typeof fit>
      for (let tries = 0; !spot && tries < 50; tries++) {
        const e = rng.int(0, ring.length - 2)
        const edgeMid = lerp(ring[e]!, ring[e + 1]!, rng.float(0.3, 0.7))
        spot = fit(lerp(centre, edgeMid, rng.float(0.7, 0.88)))
      }
      if (!spot) throw new Error(`no room for a gate camera in ${community.name}`)
      drafts.push({
        name: label(community.name, '小区门'),
        site: 'community',
        ...spot,
        heading: norm(bearing(centre, spot.location) + rng.float(-30, 30)),
        roadId: null,
        marketId: null,
        ptzPriority: rng.next() * 0.3,
      })
    }
  }

  // The rest stand along the roads, shared by length (main streets watched more closely).
  const remaining = CAMERA_COUNT - drafts.length
  if (remaining < network.roads.length) throw new Error(`only ${remaining} cameras left for ${network.roads.length} roads`)
  const weights = network.roads.map((r) => roadLength(r) * (r.kind === 'main' ? 1.5 : r.kind === 'lane' ? 0.8 : 1))
  for (const [i, count] of apportion(weights, remaining).entries()) drafts.push(...alongRoad(network.roads[i]!, count))

  function alongRoad(road: Road, count: number): Draft[] {
    const out: Draft[] = []
    const pts = road.geometry.coordinates
    const total = roadLength(road)
    const isLane = road.kind === 'lane'
    for (let k = 0; k < count; k++) {
      const s = ((k + 0.5) * total) / count
      let draft: Draft | undefined
      // Try the planned spot on either side, then nudged along the road, before giving up.
      for (const shift of [0, 25, -25, 50, -50, 80, -80]) {
        for (const side of k % 2 === 0 ? [1, -1] : [-1, 1]) {
          const { at, from, to } = pointAlong(pts, Math.min(total - 1, Math.max(1, s + shift)))
          const [east, north] = deltaMeters(from, to)
          const len = Math.hypot(east, north)
          const off = isLane ? 3.5 : 7
          const spot = fit(offsetMeters(at, (side * off * north) / len, (-side * off * east) / len))
          if (!spot || (!isLane && nearVertex(pts, at) < 30)) continue
          const ahead = bearing(from, to)
          draft = {
            name: label(road.name, '路段'),
            site: 'road',
            ...spot,
            heading: norm(k % 2 === 0 ? ahead : ahead + 180),
            roadId: road.id,
            marketId: null,
            ptzPriority: rng.next(),
          }
          break
        }
        if (draft) break
      }
      if (!draft) throw new Error(`no room for camera ${k + 1} on ${road.name}`)
      out.push(draft)
    }
    return out
  }

  const ptz = new Set(
    drafts
      .map((d, i) => ({ i, p: d.ptzPriority }))
      .sort((a, b) => b.p - a.p || a.i - b.i)
      .slice(0, PTZ_COUNT)
      .map((x) => x.i),
  )
  return drafts.map((d, i): Camera => {
    const id = `CAM${String(i + 1).padStart(3, '0')}`
    return {
      id,
      name: d.name,
      gridId: d.grid.id,
      communityId: d.grid.communityId,
      roadId: d.roadId,
      marketId: d.marketId,
      site: d.site,
      location: toLngLat(d.location),
      heading: d.heading,
      ptz: ptz.has(i),
      mainStream: { url: `${originBaseUrl}/cameras/${id}/main/index.m3u8`, width: 1280, height: 720 },
      subStream: { url: `${originBaseUrl}/cameras/${id}/sub/index.m3u8`, width: 640, height: 360 },
    }
  })
}

function roadLength(road: Road): number {
  const pts = road.geometry.coordinates
  let sum = 0
  for (let i = 0; i + 1 < pts.length; i++) sum += Math.hypot(...deltaMeters(pts[i]!, pts[i + 1]!))
  return sum
}

/** The point `s` metres along a polyline, with the segment it lies on. */
function pointAlong(pts: readonly Position[], s: number): { at: Position; from: Position; to: Position } {
  let left = s
  for (let i = 0; i + 1 < pts.length; i++) {
    const from = pts[i]!
    const to = pts[i + 1]!
    const len = Math.hypot(...deltaMeters(from, to))
    if (left <= len || i + 2 === pts.length) return { at: lerp(from, to, Math.min(1, left / len)), from, to }
    left -= len
  }
  throw new Error('a road needs at least two points')
}

/** Metres to the nearest vertex: junction cameras already cover the crossings. */
function nearVertex(pts: readonly Position[], at: Position): number {
  return Math.min(...pts.map((p) => Math.hypot(...deltaMeters(p, at))))
}

/** Split `total` into whole shares proportional to `weights`, at least one each (largest remainder). */
export function apportion(weights: readonly number[], total: number): number[] {
  const spare = total - weights.length
  const sum = weights.reduce((a, b) => a + b, 0)
  const exact = weights.map((w) => (w / sum) * spare)
  const shares = exact.map((e) => 1 + Math.floor(e))
  const deficit = total - shares.reduce((a, b) => a + b, 0)
  const order = exact.map((e, i) => ({ i, r: e - Math.floor(e) })).sort((a, b) => b.r - a.r || a.i - b.i)
  for (let k = 0; k < deficit; k++) shares[order[k]!.i]!++
  return shares
}
