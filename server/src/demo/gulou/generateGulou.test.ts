import { describe, expect, it } from 'vitest'
import { bbox, distanceMeters, interiorPoint, pointInPolygon, polygonArea } from '@shared/geometry'
import type { Position } from '@shared/schemas/geo'
import {
  Camera,
  Category,
  ClockKind,
  Community,
  Grid,
  Market,
  type ReferenceData,
  Road,
  Street,
  Team,
  Terminal,
  Unit,
  Worker,
} from '@shared/schemas/reference'
import { GULOU_DEFAULT_SEED, generateGulou } from './generateGulou'
import { createRandom } from './random'

const data = generateGulou()

const countBy = <T>(items: readonly T[], key: (t: T) => string) => {
  const out: Record<string, number> = {}
  for (const item of items) out[key(item)] = (out[key(item)] ?? 0) + 1
  return out
}
const expectUnique = (values: readonly string[]) => expect(new Set(values).size).toBe(values.length)

describe('generateGulou: the figures of the report', () => {
  it('has the street, its 28 communities, 64 grids, 562 cameras, 1,416 workers, 360 terminals and 202 teams', () => {
    expect(data.communities).toHaveLength(28)
    expect(data.grids).toHaveLength(64)
    expect(data.cameras).toHaveLength(562)
    expect(data.workers).toHaveLength(1416)
    expect(data.terminals).toHaveLength(360)
    expect(data.teams).toHaveLength(202)
    expect(data.street.name).toBe('鼓楼街道')
    expect(data.street.district).toContain('密云')
  })

  it('has 8 resident and 11 listed enforcement units, plus street departments', () => {
    const kinds = countBy(data.units, (u) => u.kind)
    expect(kinds['resident']).toBe(8)
    expect(kinds['listed']).toBe(11)
    for (const name of ['城管', '公安', '食品药品', '安全生产']) expect(data.units.some((u) => u.kind === 'resident' && u.name.includes(name))).toBe(true)
    for (const name of ['市政', '住房', '文化']) expect(data.units.some((u) => u.kind === 'listed' && u.name.includes(name))).toBe(true)
    for (const name of ['城管科', '综治办', '安管科']) expect(data.units.some((u) => u.kind === 'street_department' && u.name.includes(name))).toBe(true)
  })

  it('parses with the shared schemas, unchanged', () => {
    const same = <T>(schema: { parse(x: unknown): T }, items: readonly T[]) => {
      for (const item of items) expect(schema.parse(item)).toEqual(item)
    }
    same(Street, [data.street])
    same(Community, data.communities)
    same(Grid, data.grids)
    same(Road, data.roads)
    same(Market, data.markets)
    same(Camera, data.cameras)
    same(Worker, data.workers)
    same(Team, data.teams)
    same(Terminal, data.terminals)
    same(Unit, data.units)
    same(Category, data.categories)
  })

  it('is deterministic for a seed and differs between seeds', () => {
    expect(JSON.stringify(generateGulou({ seed: GULOU_DEFAULT_SEED }))).toBe(JSON.stringify(data))
    expect(JSON.stringify(generateGulou())).toBe(JSON.stringify(data))
    const other = generateGulou({ seed: 7 })
    expect(JSON.stringify(other.grids)).not.toBe(JSON.stringify(data.grids))
    expect(JSON.stringify(other.cameras)).not.toBe(JSON.stringify(data.cameras))
  })

  it('keeps ids, names and codes unique', () => {
    for (const list of [data.communities, data.grids, data.roads, data.markets, data.cameras, data.teams, data.units]) {
      expectUnique(list.map((x) => x.id))
      expectUnique(list.map((x) => x.name))
    }
    expectUnique(data.workers.map((w) => w.id))
    expectUnique(data.terminals.map((t) => t.id))
    expectUnique(data.terminals.map((t) => t.serial))
    expectUnique(data.grids.map((g) => g.code))
    expectUnique(data.categories.map((c) => c.code))
    expect(data.grids.map((g) => g.code)).toEqual(Array.from({ length: 64 }, (_, i) => String(i + 1).padStart(2, '0')))
    expect(data.cameras[0]!.id).toBe('CAM001')
    expect(data.cameras[561]!.id).toBe('CAM562')
  })
})

describe('generateGulou: territory', () => {
  const streetArea = polygonArea(data.street.boundary)

  it('is a few km across around 40.376 N, 116.843 E, with an irregular outline', () => {
    const [w, s, e, n] = bbox(data.street.boundary)
    const across = distanceMeters({ lng: w, lat: s }, { lng: e, lat: s })
    const tall = distanceMeters({ lng: w, lat: s }, { lng: w, lat: n })
    expect(across).toBeGreaterThan(2000)
    expect(across).toBeLessThan(6000)
    expect(tall).toBeGreaterThan(2000)
    expect(tall).toBeLessThan(6000)
    expect(distanceMeters(data.street.center, { lng: 116.843, lat: 40.376 })).toBeLessThan(500)
    expect(pointInPolygon([data.street.center.lng, data.street.center.lat], data.street.boundary)).toBe(true)
    // Not a rectangle: many corners, and far from filling its bounding box.
    expect(data.street.boundary.coordinates[0]!.length).toBeGreaterThan(20)
    const boxArea = across * tall
    expect(streetArea / boxArea).toBeLessThan(0.85)
  })

  it('tiles the street with grids: every sampled point of the street in exactly one grid, none outside', () => {
    const [w, s, e, n] = bbox(data.street.boundary)
    const rng = createRandom(1)
    let inside = 0
    for (let k = 0; k < 5000; k++) {
      const pt: Position = [rng.float(w, e), rng.float(s, n)]
      const hits = data.grids.filter((g) => pointInPolygon(pt, g.boundary)).length
      if (pointInPolygon(pt, data.street.boundary)) {
        inside++
        expect(hits).toBe(1)
      } else {
        expect(hits).toBe(0)
      }
    }
    expect(inside).toBeGreaterThan(2500)
    const sum = data.grids.reduce((a, g) => a + polygonArea(g.boundary), 0)
    expect(Math.abs(sum - streetArea) / streetArea).toBeLessThan(1e-6)
  })

  it('puts every grid in exactly one community, each the contiguous union of 2 or 3 grids', () => {
    for (const g of data.grids) {
      const p = interiorPoint(g.boundary)
      const containing = data.communities.filter((c) => pointInPolygon(p, c.boundary)).map((c) => c.id)
      expect(containing).toEqual([g.communityId])
      const community = data.communities.find((c) => c.id === g.communityId)!
      expect(g.name.startsWith(community.name)).toBe(true)
    }
    const sizes = countBy(data.grids, (g) => g.communityId)
    expect(Object.values(sizes).filter((n) => n === 2)).toHaveLength(20)
    expect(Object.values(sizes).filter((n) => n === 3)).toHaveLength(8)
    for (const c of data.communities) {
      const own = data.grids.filter((g) => g.communityId === c.id)
      const sum = own.reduce((a, g) => a + polygonArea(g.boundary), 0)
      expect(Math.abs(sum - polygonArea(c.boundary)) / sum).toBeLessThan(1e-6)
      // Contiguous: grids sharing an edge connect them all.
      const edges = (g: Grid) => {
        const ring = g.boundary.coordinates[0]!
        return ring.slice(0, -1).map((p, i) => [p, ring[i + 1]!].map((q) => q.join(',')).sort().join('|'))
      }
      const reached = new Set([own[0]!.id])
      for (let grew = true; grew; ) {
        grew = false
        for (const g of own) {
          if (reached.has(g.id)) continue
          const touches = own.some((h) => reached.has(h.id) && edges(h).some((e) => edges(g).includes(e)))
          if (touches) {
            reached.add(g.id)
            grew = true
          }
        }
      }
      expect(reached.size).toBe(own.length)
      expect(c.stationName).toBe(`${c.name}服务管理站`)
    }
  })

  it('names the main streets and the markets of 四街三市场', () => {
    const roads = new Map(data.roads.map((r) => [r.name, r]))
    for (const name of ['鼓楼东大街', '鼓楼西大街', '鼓楼南大街', '鼓楼北大街', '新中街', '西门外大街', '沿湖路', '宾阳路']) {
      expect(roads.get(name)?.kind).toBe('main')
    }
    const kinds = countBy(data.roads, (r) => r.kind)
    expect(kinds['secondary']).toBeGreaterThan(5)
    expect(kinds['lane']).toBeGreaterThan(5)
    expect(data.roads.some((r) => r.name.endsWith('胡同'))).toBe(true)
    const markets = data.markets.map((m) => m.name)
    expect(markets).toEqual(expect.arrayContaining(['沙河早市', '鼓楼农贸市场', '新中街市场']))
    for (const m of data.markets) {
      const grid = data.grids.find((g) => g.id === m.gridId)!
      expect(pointInPolygon([m.location.lng, m.location.lat], grid.boundary)).toBe(true)
    }
  })
})

describe('generateGulou: cameras', () => {
  it('stands each camera in the grid and community it names, and in no other grid', () => {
    for (const c of data.cameras) {
      const pt: Position = [c.location.lng, c.location.lat]
      const hits = data.grids.filter((g) => pointInPolygon(pt, g.boundary))
      expect(hits.map((g) => g.id), c.name).toEqual([c.gridId])
      expect(c.communityId).toBe(hits[0]!.communityId)
    }
  })

  it('covers roads, junctions, markets, community gates, schools and squares, named as a center names them', () => {
    const sites = countBy(data.cameras, (c) => c.site)
    expect(sites['road']).toBeGreaterThan(150)
    expect(sites['junction']).toBeGreaterThan(50)
    expect(sites['market']).toBeGreaterThan(20)
    expect(sites['community']).toBeGreaterThan(28)
    expect(sites['school']).toBeGreaterThan(0)
    expect(sites['square']).toBeGreaterThan(0)
    const roadIds = new Set(data.roads.map((r) => r.id))
    const marketIds = new Set(data.markets.map((m) => m.id))
    for (const c of data.cameras) {
      if (c.site === 'road') expect(c.name).toMatch(/^.+-路段-\d{2}$/)
      if (c.site === 'junction') expect(c.name).toMatch(/^.+-路口-\d{2}$/)
      if (c.site === 'community') expect(c.name).toMatch(/^.+社区-小区门-\d{2}$/)
      if (c.site === 'road' || c.site === 'junction') expect(roadIds.has(c.roadId!)).toBe(true)
      if (c.site === 'market') expect(marketIds.has(c.marketId!)).toBe(true)
      expect(Number.isInteger(c.heading)).toBe(true)
    }
    expect(data.cameras.some((c) => c.name.startsWith('沙河早市-入口-'))).toBe(true)
    // Road cameras are spread along each road, not bunched: every named street has some.
    for (const r of data.roads.filter((x) => x.kind !== 'lane')) expect(data.cameras.some((c) => c.roadId === r.id && c.site === 'road')).toBe(true)
  })

  it('makes about a quarter PTZ, mostly at junctions', () => {
    const ptz = data.cameras.filter((c) => c.ptz)
    expect(ptz.length / data.cameras.length).toBeGreaterThan(0.2)
    expect(ptz.length / data.cameras.length).toBeLessThan(0.3)
    expect(ptz.filter((c) => c.site === 'junction').length / ptz.length).toBeGreaterThan(0.5)
  })

  it('serves main and sub streams from the origin', () => {
    const cam = data.cameras[41]!
    expect(cam.mainStream).toEqual({ url: `http://127.0.0.1:8091/cameras/${cam.id}/main/index.m3u8`, width: 1280, height: 720 })
    expect(cam.subStream).toEqual({ url: `http://127.0.0.1:8091/cameras/${cam.id}/sub/index.m3u8`, width: 640, height: 360 })
    const moved = generateGulou({ originBaseUrl: 'http://origin.test:9000/' })
    expect(moved.cameras[0]!.mainStream.url).toBe('http://origin.test:9000/cameras/CAM001/main/index.m3u8')
    expect(moved.grids).toEqual(data.grids)
  })
})

describe('generateGulou: people and organisation', () => {
  it('gives each grid one leader and about 22 workers; leaders and full-timers hold the 360 terminals', () => {
    const perGrid = countBy(data.workers, (w) => w.gridId)
    expect(Object.keys(perGrid)).toHaveLength(64)
    for (const n of Object.values(perGrid)) expect([22, 23]).toContain(n)
    const leaders = countBy(data.workers.filter((w) => w.role === 'grid_leader'), (w) => w.gridId)
    expect(Object.values(leaders)).toEqual(Array(64).fill(1))
    const held = data.workers.filter((w) => w.terminalId !== null)
    expect(held).toHaveLength(360)
    expectUnique(held.map((w) => w.terminalId!))
    expect(new Set(held.map((w) => w.terminalId))).toEqual(new Set(data.terminals.map((t) => t.id)))
    expect(data.terminals[0]!.serial).toBe('HT-2017-0001')
    expect(Object.keys(countBy(data.workers, (w) => w.role)).sort()).toEqual(['full_time', 'grid_leader', 'part_time', 'volunteer'])
  })

  it('places each team in a community, serving grids of that community only', () => {
    const gridCommunity = new Map(data.grids.map((g) => [g.id, g.communityId]))
    for (const t of data.teams) {
      expect(t.name.startsWith(data.communities.find((c) => c.id === t.communityId)!.name)).toBe(true)
      for (const g of t.gridIds) expect(gridCommunity.get(g)).toBe(t.communityId)
    }
    expect(Object.keys(countBy(data.teams, (t) => t.communityId))).toHaveLength(28)
  })
})

describe('generateGulou: category taxonomy', () => {
  const { categories } = data as ReferenceData

  it('covers components, events, governance and service items, every clock kind, with known units', () => {
    expect(categories.length).toBeGreaterThanOrEqual(60)
    expect(categories.length).toBeLessThanOrEqual(90)
    expect(new Set(categories.map((c) => c.kind))).toEqual(new Set(['component', 'event', 'governance', 'service']))
    expect(new Set(categories.map((c) => c.timeLimit.kind))).toEqual(new Set(ClockKind.options))
    const unitIds = new Set(data.units.map((u) => u.id))
    for (const c of categories) {
      expect(unitIds.has(c.unitId)).toBe(true)
      expect(c.code).toMatch(new RegExp(`^${{ component: 'C', event: 'E', governance: 'G', service: 'S' }[c.kind]}${c.majorCode}\\d{2}$`))
    }
    const majors = (kind: string) => new Set(categories.filter((c) => c.kind === kind).map((c) => c.majorName))
    expect(majors('component')).toEqual(new Set(['公用设施', '道路交通', '市容环境', '园林绿化', '房屋土地及其他']))
    expect(majors('event')).toEqual(new Set(['市容环境', '宣传广告', '施工管理', '突发事件', '街面秩序']))
    expect(majors('governance')).toEqual(new Set(['矛盾纠纷', '安全隐患', '民生诉求']))
  })

  it('keeps the manhole-cover examples and marks emergencies urgent', () => {
    const byName = new Map(categories.map((c) => [c.name, c]))
    expect(byName.get('井盖缺失')?.timeLimit).toEqual({ kind: 'urgent_hours', amount: 2 })
    expect(byName.get('井盖缺失')?.urgent).toBe(true)
    expect(byName.get('井盖破损')?.timeLimit).toEqual({ kind: 'working_hours', amount: 4 })
    expect(byName.get('井盖松动异响')?.timeLimit).toEqual({ kind: 'working_days', amount: 2 })
    const emergencies = categories.filter((c) => c.kind === 'event' && c.majorName === '突发事件')
    expect(emergencies.length).toBeGreaterThan(3)
    for (const c of emergencies) {
      expect(c.urgent).toBe(true)
      expect(c.timeLimit.kind).toBe('urgent_hours')
    }
  })
})

describe('generateGulou: other seeds', () => {
  it.each([1, 2, 42, 2017, 99_999])('seed %i keeps every invariant that placement could break', (seed) => {
    const d = generateGulou({ seed })
    expect(d.cameras).toHaveLength(562)
    expectUnique(d.cameras.map((c) => c.name))
    for (const c of d.cameras) {
      const grid = d.grids.find((g) => g.id === c.gridId)!
      expect(pointInPolygon([c.location.lng, c.location.lat], grid.boundary)).toBe(true)
      expect(c.communityId).toBe(grid.communityId)
    }
    expect(new Set(d.grids.map((g) => g.communityId)).size).toBe(28)
  })
})
