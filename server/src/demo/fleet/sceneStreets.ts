import type { Random } from '../gulou/random'
import * as P from './scenePalette'
import {
  across,
  busSide,
  carSide,
  circle,
  joints,
  lapsFor,
  type Layer,
  type Mover,
  personSide,
  rect,
  riderSide,
  SCENE_WIDTH as W,
  type SceneDraft,
  shadeHex,
  stamp,
  stripes,
  union,
} from './sceneModel'

/* Side views: a camera on a pole across the street, looking at the far kerb and the facades. */

const box = (x: number, y: number, w: number, h: number, color: string, opacity?: number): Layer => ({ kind: 'box', box: { x, y, w, h, color, opacity } })
const sky = (bottom: number): Layer[] => [box(0, 0, W, bottom, '#c3cdd4'), { kind: 'shade', region: `(1-Y/${bottom})*lt(Y,${bottom})*14`, amount: -1 }]

/** A row of shop-house facades from x=0 to the frame edge, with windows and ground-floor shops. */
function facades(rng: Random, top: [number, number], base: number, shops: boolean): Layer[] {
  const out: Layer[] = []
  for (let x = -rng.int(0, 60); x < W; ) {
    const w = rng.int(150, 280)
    const y = rng.int(top[0], top[1])
    const face = rng.pick(P.FACADES)
    out.push(box(x, y, w, base - y, face))
    out.push(box(x, y, w, 8, shadeHex(face, 0.75)))
    const winTop = y + 22
    const winBottom = base - (shops ? 92 : 40)
    if (winBottom - winTop > 30) {
      const glass = union(`${rect(x + 14, winTop, w - 28, winBottom - winTop)}*lt(mod(X-${x + 14},${rng.int(38, 48)}),24)*lt(mod(Y-${winTop},48),28)`)
      out.push({ kind: 'paint', region: glass, color: rng.pick(['#3d4a57', '#4a5866', '#56636b']), jitter: 18 })
    }
    if (shops) {
      const sign = rng.pick(P.SIGNS)
      out.push(box(x + 6, base - 86, w - 12, 30, sign))
      out.push({ kind: 'text', x: x + 18, y: base - 83, size: 22, color: rng.chance(0.3) ? '#f4d35e' : '#f5f2ea', text: rng.pick(P.SHOP_NAMES) })
      out.push(box(x + 10, base - 52, w - 20, 52, '#2c353d'))
      out.push(box(x + Math.round(w / 2) - 18, base - 50, 36, 50, '#1b2228'))
    }
    x += w + rng.int(0, 8)
  }
  return out
}

/** Street trees: a trunk and a leafy crown, at a steady spacing. */
function trees(rng: Random, groundY: number, crownY: number, spacing: number, avoid: [number, number] = [0, -1]): Layer[] {
  const crowns: string[] = []
  const out: Layer[] = []
  for (let x = rng.int(40, spacing); x < W + 60; x += spacing + rng.int(-30, 30)) {
    if (x + 90 > avoid[0] && x - 90 < avoid[1]) continue
    out.push(box(x - 6, crownY, 12, groundY - crownY, '#5a4636'))
    crowns.push(circle(x, crownY, rng.int(46, 60)), circle(x - 30, crownY + 18, 36), circle(x + 32, crownY + 14, 38))
  }
  out.push({ kind: 'paint', region: union(...crowns), color: P.GREEN, jitter: 40 })
  return out
}

/** A road band with a kerb above it, lane dashes and a double yellow centre line. */
function road(top: number, bottom: number, lanes: number): Layer[] {
  const laneH = (bottom - top) / lanes
  const out: Layer[] = [box(0, top - 8, W, 8, P.KERB), { kind: 'paint', region: rect(0, top, W, bottom - top), color: P.ASPHALT, jitter: 14 }]
  for (let i = 1; i < lanes; i++) {
    const y = Math.round(top + i * laneH)
    if (i === lanes / 2) out.push(box(0, y - 5, W, 3, P.LINE_YELLOW), box(0, y + 2, W, 3, P.LINE_YELLOW))
    else out.push({ kind: 'paint', region: stripes(0, y - 2, W, 4, 'x', 90, 50), color: P.LINE_WHITE })
  }
  return out
}

/** One lane of traffic, all at one speed so nobody drives through anybody. */
function laneTraffic(rng: Random, loop: number, bottom: number, dir: 1 | -1, seconds: number, count: number, busy: { bus?: boolean; bikes?: boolean }): Mover[] {
  const laps = lapsFor(loop, seconds)
  const out: Mover[] = []
  const start = rng.next()
  for (let i = 0; i < count; i++) {
    const kind = busy.bus && i === 0 ? 'bus' : busy.bikes && i % 2 === 1 ? 'bike' : 'car'
    const sprite =
      kind === 'bus' ? busSide(rng.pick(P.BUSES)) : kind === 'bike' ? riderSide(rng.pick(P.SHIRTS), rng.chance(0.5) ? '#d0c8b0' : null) : carSide(rng.pick(P.CARS), rng.int(140, 165), dir)
    out.push(across(sprite, bottom - sprite.h, dir, laps, (start + i / count + rng.float(-0.04, 0.04)) % 1))
  }
  return out
}

function walkers(rng: Random, loop: number, feet: [number, number], count: number, height: [number, number]): Mover[] {
  return Array.from({ length: count }, () => {
    const sprite = personSide(rng.pick(P.SHIRTS), rng.pick(P.TROUSERS), rng.int(height[0], height[1]))
    const y = rng.int(feet[0], feet[1]) - sprite.h
    return across(sprite, y, rng.chance(0.5) ? 1 : -1, lapsFor(loop, rng.float(22, 40)), rng.next(), 2)
  }).sort((a, b) => a.from[1] + a.sprite.h - (b.from[1] + b.sprite.h))
}

/** 大街: a main street with shops, street trees and four lanes including buses. */
export function avenue(rng: Random, loop: number): SceneDraft {
  const layers: Layer[] = [
    ...sky(120),
    ...facades(rng, [40, 120], 330, true),
    { kind: 'paint', region: rect(0, 330, W, 62), color: P.PAVING, jitter: 10 },
    { kind: 'shade', region: joints(0, 330, W, 62, 48, 20, false), amount: 14 },
    ...trees(rng, 372, 200, 300),
    ...road(400, 690, 4),
    box(0, 690, W, 30, P.PAVING),
    box(0, 688, W, 6, P.KERB),
    { kind: 'grain', amount: 6 },
  ]
  const movers = [
    ...walkers(rng, loop, [372, 392], 7, [50, 58]),
    ...laneTraffic(rng, loop, 462, -1, rng.float(6, 8), 2, { bus: true }),
    ...laneTraffic(rng, loop, 538, -1, rng.float(4, 5.5), 3, {}),
    ...laneTraffic(rng, loop, 612, 1, rng.float(4, 5.5), 3, {}),
    ...laneTraffic(rng, loop, 684, 1, rng.float(7, 9), 3, { bus: true, bikes: true }),
  ]
  return { layers, movers }
}

/** 胡同/小路: a narrow lane between grey brick walls, with doors, parked bikes and slow traffic. */
export function lane(rng: Random, loop: number): SceneDraft {
  const wallTop = rng.int(90, 130)
  const layers: Layer[] = [
    ...sky(wallTop),
    box(0, wallTop - 26, W, 30, '#55585c'),
    { kind: 'shade', region: stripes(0, wallTop - 26, W, 30, 'x', 14, 4), amount: 18 },
    { kind: 'paint', region: rect(0, wallTop, W, 470 - wallTop), color: '#8d8a85', jitter: 22 },
    { kind: 'shade', region: joints(0, wallTop, W, 470 - wallTop, 36, 14, true), amount: 22 },
  ]
  for (let x = rng.int(40, 160); x < W - 80; x += rng.int(260, 380)) {
    const door = rng.chance(0.6)
    if (door) layers.push(box(x - 10, 300, 120, 170, '#6a6560'), box(x, 310, 100, 160, '#8b1e1e'), box(x + 49, 310, 2, 160, '#3a0e0e'))
    else {
      layers.push(box(x, 250, 180, 50, rng.pick(P.SIGNS)), { kind: 'text', x: x + 14, y: 260, size: 26, color: '#f5f2ea', text: rng.pick(P.SHOP_NAMES) })
      layers.push(box(x + 10, 320, 160, 150, '#2c353d'))
    }
    layers.push(box(x + 140, 180, 60, 50, '#3d4a57'), box(x + 138, 178, 64, 4, '#5b5650'))
  }
  layers.push(
    { kind: 'paint', region: rect(0, 470, W, 250), color: '#9a968e', jitter: 16 },
    box(0, 470, W, 6, '#77736c'),
    box(0, 650, W, 4, '#7d7972'),
    { kind: 'grain', amount: 8 },
  )
  for (let x = rng.int(0, 200); x < W; x += rng.int(200, 420)) {
    // A parked e-bike: frame, seat, basket and two wheels.
    const c = rng.pick(['#2a5d8a', '#8a2a2a', '#e8e4da', '#30343a'])
    layers.push(box(x, 468, 50, 10, c), box(x + 6, 458, 16, 6, '#1b1b1b'), box(x + 40, 452, 14, 12, c), box(x - 6, 474, 18, 18, '#151515'), box(x + 40, 474, 18, 18, '#151515'))
  }
  const movers = [
    ...walkers(rng, loop, [500, 560], 4, [46, 56]),
    ...laneTraffic(rng, loop, 610, rng.chance(0.5) ? 1 : -1, rng.float(12, 16), 2, { bikes: true }),
    ...walkers(rng, loop, [640, 700], 3, [60, 70]),
  ]
  return { layers, movers }
}

/** 小区门 / 校门: a gate in a fence with a guard booth and a barrier, flats behind, a road in front. */
export function gate(rng: Random, loop: number, school: boolean): SceneDraft {
  const layers: Layer[] = [...sky(200)]
  for (let x = -rng.int(0, 80); x < W; x += rng.int(300, 420)) {
    const y = rng.int(10, 90)
    const face = rng.pick(['#d6d2c8', '#c9b79c', '#bfb8ad', '#c8c0b0'])
    layers.push(box(x, y, 260, 340 - y, face))
    layers.push({ kind: 'paint', region: `${rect(x + 16, y + 16, 228, 300 - y)}*lt(mod(X-${x + 16},38),22)*lt(mod(Y-${y + 16},34),20)`, color: '#4a5866', jitter: 20 })
  }
  const gx = rng.int(480, 620)
  layers.push(
    { kind: 'paint', region: rect(0, 300, W, 130), color: '#9c8e80', jitter: 12 },
    { kind: 'shade', region: stripes(0, 300, W, 110, 'x', 20, 4), amount: -30 },
    box(gx, 290, 300, 140, '#4d4a46'),
    box(gx - 26, 240, 26, 190, '#b8b2a8'),
    box(gx + 300, 240, 26, 190, '#b8b2a8'),
    box(gx - 26, 232, 352, 34, school ? '#1f4e8c' : '#8b1a1a'),
    // A slogan, not a name: many gates of different estates and schools share this picture.
    { kind: 'text', x: gx + 90, y: 234, size: 26, color: '#f4d35e', text: school ? '平 安 校 园' : '文 明 小 区' },
    box(gx - 150, 330, 100, 100, '#d9d6cf'),
    box(gx - 140, 345, 80, 40, '#3d4a57'),
    box(gx - 156, 322, 112, 10, '#6f6a66'),
    { kind: 'paint', region: stripes(gx + 20, 372, 150, 10, 'x', 30, 15), color: '#c8302c' },
    { kind: 'paint', region: stripes(gx + 35, 372, 150, 10, 'x', 30, 15), color: '#f0f0ea' },
    { kind: 'paint', region: rect(0, 430, W, 80), color: P.PAVING, jitter: 10 },
    { kind: 'shade', region: joints(0, 430, W, 80, 50, 26, false), amount: 12 },
    ...trees(rng, 470, 300, 380, [gx - 160, gx + 330]),
    ...road(518, 720, 2),
    { kind: 'grain', amount: 6 },
  )
  layers.push(...stamp(personSide('#2f3a4a', '#1f2630', 46), gx - 40, 384))
  const movers = [
    ...walkers(rng, loop, [448, 505], school ? 8 : 5, school ? [32, 44] : [40, 48]),
    ...laneTraffic(rng, loop, 610, -1, rng.float(5, 7), 2, { bikes: true }),
    ...laneTraffic(rng, loop, 712, 1, rng.float(5, 7), 2, { bikes: true }),
  ]
  return { layers, movers }
}
