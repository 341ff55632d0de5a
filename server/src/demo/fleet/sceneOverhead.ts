import type { Random } from '../gulou/random'
import * as P from './scenePalette'
import {
  across,
  carTop,
  circle,
  down,
  joints,
  lapsFor,
  type Layer,
  type Mover,
  personTop,
  rect,
  SCENE_HEIGHT as H,
  SCENE_WIDTH as W,
  type SceneDraft,
  shadeHex,
  stamp,
  stripes,
  union,
} from './sceneModel'

/* Overhead views: a camera high on a pole or a building, looking steeply down. */

const box = (x: number, y: number, w: number, h: number, color: string, opacity?: number): Layer => ({ kind: 'box', box: { x, y, w, h, color, opacity } })

/** Flat roofs of the blocks between roads, with parapets and rooftop units. */
function roofs(rng: Random, x0: number, y0: number, w: number, h: number): Layer[] {
  const out: Layer[] = [box(x0, y0, w, h, '#8f8a80')]
  for (let x = x0 + 8; x < x0 + w - 40; ) {
    const bw = Math.min(rng.int(120, 240), x0 + w - 8 - x)
    const roof = rng.pick(P.ROOFS)
    out.push(box(x, y0 + 8, bw, h - 16, roof), box(x, y0 + 8, bw, 6, shadeHex(roof, 0.7)), box(x, y0 + 8, 6, h - 16, shadeHex(roof, 0.8)))
    for (let k = 0; k < rng.int(1, 4); k++) out.push(box(x + rng.int(14, Math.max(15, bw - 40)), y0 + rng.int(20, Math.max(21, h - 40)), 22, 16, '#c8c8c4'))
    x += bw + 10
  }
  return out
}

const treeCrowns = (rng: Random, spots: Array<[number, number]>): Layer => ({
  kind: 'paint',
  region: union(...spots.map(([x, y]) => circle(x, y, rng.int(22, 32)))),
  color: P.GREEN,
  jitter: 44,
})

/** Left-to-right or right-to-left cars in one lane of an overhead view. */
function flow(rng: Random, loop: number, y: number, dir: 1 | -1, seconds: number, count: number, vertical = false): Mover[] {
  const laps = lapsFor(loop, seconds)
  const start = rng.next()
  return Array.from({ length: count }, (_, i) => {
    const sprite = carTop(rng.pick(P.CARS), rng.int(78, 92), vertical)
    const phase = (start + i / count + rng.float(-0.03, 0.03)) % 1
    return vertical ? down(sprite, y, dir, laps, phase) : across(sprite, y, dir, laps, phase)
  })
}

/** 路口: a crossroads. East-west traffic has the green; north-south cars wait at the stop lines. */
export function junction(rng: Random, loop: number): SceneDraft {
  const [rx, rw, ry, rh] = [530, 220, 250, 220]
  const layers: Layer[] = [
    ...roofs(rng, 0, 0, rx - 40, ry - 40),
    ...roofs(rng, rx + rw + 40, 0, W - rx - rw - 40, ry - 40),
    box(0, ry + rh + 40, rx - 40, H, '#6d7f5a'),
    { kind: 'paint', region: rect(0, ry + rh + 40, rx - 40, H), color: '#5f7a48', jitter: 30 },
    ...roofs(rng, rx + rw + 40, ry + rh + 40, W - rx - rw - 40, H - ry - rh - 40),
    { kind: 'paint', region: union(rect(0, ry - 40, W, rh + 80), rect(rx - 40, 0, rw + 80, H)), color: P.PAVING, jitter: 10 },
    { kind: 'paint', region: union(rect(0, ry, W, rh), rect(rx, 0, rw, H)), color: P.ASPHALT, jitter: 14 },
    // Zebra crossings on all four arms, stop lines, lane dashes and the double yellow lines.
    { kind: 'paint', region: stripes(rx + 6, ry - 46, rw - 12, 44, 'x', 22, 12), color: P.LINE_WHITE },
    { kind: 'paint', region: stripes(rx + 6, ry + rh + 2, rw - 12, 44, 'x', 22, 12), color: P.LINE_WHITE },
    { kind: 'paint', region: stripes(rx - 46, ry + 6, 44, rh - 12, 'y', 22, 12), color: P.LINE_WHITE },
    { kind: 'paint', region: stripes(rx + rw + 2, ry + 6, 44, rh - 12, 'y', 22, 12), color: P.LINE_WHITE },
    box(rx, ry - 56, rw / 2, 5, P.LINE_WHITE),
    box(rx + rw / 2, ry + rh + 52, rw / 2, 5, P.LINE_WHITE),
    box(0, ry + rh / 2 - 5, rx - 50, 3, P.LINE_YELLOW),
    box(0, ry + rh / 2 + 2, rx - 50, 3, P.LINE_YELLOW),
    box(rx + rw + 50, ry + rh / 2 - 5, W, 3, P.LINE_YELLOW),
    box(rx + rw + 50, ry + rh / 2 + 2, W, 3, P.LINE_YELLOW),
    box(rx + rw / 2 - 5, 0, 3, ry - 60, P.LINE_YELLOW),
    box(rx + rw / 2 + 2, 0, 3, ry - 60, P.LINE_YELLOW),
    box(rx + rw / 2 - 5, ry + rh + 60, 3, H, P.LINE_YELLOW),
    box(rx + rw / 2 + 2, ry + rh + 60, 3, H, P.LINE_YELLOW),
    { kind: 'paint', region: union(stripes(0, ry + rh / 4, rx - 50, 4, 'x', 80, 44), stripes(rx + rw + 50, ry + rh / 4, W, 4, 'x', 80, 44)), color: P.LINE_WHITE },
    { kind: 'paint', region: union(stripes(0, ry + (3 * rh) / 4, rx - 50, 4, 'x', 80, 44), stripes(rx + rw + 50, ry + (3 * rh) / 4, W, 4, 'x', 80, 44)), color: P.LINE_WHITE },
    treeCrowns(rng, [
      [60, 520],
      [150, 560],
      [260, 530],
      [110, 650],
      [330, 640],
      [420, 560],
    ]),
  ]
  // Cars queued at the red light: southbound on the west half of the north arm, northbound on
  // the east half of the south arm (traffic keeps to the right).
  for (let k = 0; k < 3; k++) {
    for (const col of [0, 1]) {
      layers.push(...stamp(carTop(rng.pick(P.CARS), 84, true), rx + 12 + col * 55, ry - 150 - k * 100))
      if (k < 2) layers.push(...stamp(carTop(rng.pick(P.CARS), 84, true), rx + rw / 2 + 12 + col * 55, ry + rh + 66 + k * 100))
    }
  }
  layers.push({ kind: 'grain', amount: 6 })
  const movers: Mover[] = [
    ...flow(rng, loop, ry + 12, -1, rng.float(4, 5), 3),
    ...flow(rng, loop, ry + 64, -1, rng.float(3.5, 4.5), 2),
    ...flow(rng, loop, ry + rh / 2 + 14, 1, rng.float(3.5, 4.5), 3),
    ...flow(rng, loop, ry + rh / 2 + 66, 1, rng.float(4, 5), 2),
  ]
  // Pedestrians keep to the pavements along the east-west road and cross on the zebras.
  for (let i = 0; i < 7; i++) {
    const y = i % 2 ? rng.int(ry - 38, ry - 20) : rng.int(ry + rh + 4, ry + rh + 24)
    movers.push(across(personTop(rng.pick(P.SHIRTS)), y, rng.chance(0.5) ? 1 : -1, lapsFor(loop, rng.float(18, 30)), rng.next()))
  }
  return { layers, movers }
}

/** 早市/市场: a market aisle between two rows of stalls, busy with shoppers. */
export function market(rng: Random, loop: number): SceneDraft {
  const [ax, aw] = [400, 480]
  const layers: Layer[] = [
    ...roofs(rng, 0, 0, 150, H),
    ...roofs(rng, W - 150, 0, 150, H),
    { kind: 'paint', region: rect(150, 0, W - 300, H), color: '#a8a196', jitter: 14 },
    { kind: 'shade', region: joints(ax, 0, aw, H, 60, 60, false), amount: 10 },
  ]
  // One paint pass per produce colour rather than per stall keeps the background render short.
  const produce = new Map<string, string[]>()
  const awnings: string[] = []
  for (const [x0, facing] of [
    [160, 1],
    [ax + aw + 10, -1],
  ] as const) {
    for (let y = -rng.int(0, 40); y < H; y += 120) {
      const awning = rng.pick(P.AWNINGS)
      layers.push(box(x0, y + 6, 220, 104, awning))
      awnings.push(stripes(x0, y + 6, 220, 104, 'y', 26, 13))
      const front = facing > 0 ? x0 + 220 : x0 - 40
      layers.push(box(front, y + 14, 40, 90, '#7a5a3a'))
      const goods = Array.from({ length: 6 }, (_, k) => circle(front + 10 + (k % 2) * 20, y + 24 + Math.floor(k / 2) * 28, 9))
      const color = rng.pick(P.PRODUCE)
      produce.set(color, [...(produce.get(color) ?? []), ...goods])
      layers.push(...stamp(personTop(rng.pick(P.SHIRTS), 20), facing > 0 ? x0 + 190 : x0 + 10, y + 50))
      if (rng.chance(0.5)) layers.push(...stamp(personTop(rng.pick(P.SHIRTS), 20), facing > 0 ? front + 46 : front - 28, y + rng.int(20, 70)))
    }
  }
  layers.push({ kind: 'shade', region: union(...awnings), amount: 26 })
  for (const [color, goods] of produce) layers.push({ kind: 'paint', region: union(...goods), color, jitter: 50 })
  layers.push({ kind: 'grain', amount: 7 })
  const movers: Mover[] = []
  for (let i = 0; i < 24; i++) {
    const x = rng.int(ax + 50, ax + aw - 60)
    movers.push(down(personTop(rng.pick(P.SHIRTS), rng.int(18, 23)), x, rng.chance(0.5) ? 1 : -1, lapsFor(loop, rng.float(14, 26)), rng.next()))
  }
  movers.push(down(carTop('#3a6a9a', 56, true), ax + aw / 2, 1, lapsFor(loop, 20), rng.next()))
  return { layers, movers }
}

/** 广场: a paved square with flower beds and a fountain, people crossing it in every direction. */
export function plaza(rng: Random, loop: number): SceneDraft {
  const layers: Layer[] = [
    box(0, 0, W, 110, P.ASPHALT),
    { kind: 'paint', region: rect(0, 0, W, 110), color: P.ASPHALT, jitter: 14 },
    { kind: 'paint', region: stripes(0, 53, W, 4, 'x', 80, 44), color: P.LINE_WHITE },
    box(0, 110, W, 10, P.KERB),
    { kind: 'paint', region: rect(0, 120, W, H - 120), color: '#c2b8a6', jitter: 10 },
    { kind: 'shade', region: `${rect(0, 120, W, H - 120)}*mod(floor(X/64)+floor((Y-120)/64),2)`, amount: 12 },
    { kind: 'shade', region: joints(0, 120, W, H - 120, 64, 64, false), amount: 16 },
    { kind: 'paint', region: circle(640, 430, 120), color: '#9a9a94' },
    { kind: 'paint', region: circle(640, 430, 100), color: '#5d8aa0', jitter: 24 },
    { kind: 'paint', region: circle(640, 430, 18), color: '#d8d8d2' },
  ]
  for (const [x, y] of [
    [90, 200],
    [1000, 200],
    [90, 560],
    [1000, 560],
  ] as const) {
    layers.push(box(x, y, 190, 90, '#8a8478'), box(x + 6, y + 6, 178, 78, '#5c7a3e'))
    layers.push({ kind: 'paint', region: union(...Array.from({ length: 5 }, (_, k) => circle(x + 25 + k * 35, y + 45, 17))), color: rng.pick(['#b04a5a', '#d8a030', P.GREEN]), jitter: 50 })
    layers.push(box(x + 40, y - 26, 110, 12, '#6b4a32'))
  }
  layers.push({ kind: 'grain', amount: 6 })
  const movers: Mover[] = [...flow(rng, loop, 10, -1, rng.float(4, 6), 2), ...flow(rng, loop, 62, 1, rng.float(4, 6), 2)]
  for (let i = 0; i < 14; i++) {
    const sprite = personTop(rng.pick(P.SHIRTS), rng.int(18, 22))
    // Paths keep to the open paving: clear of the fountain and the flower beds.
    const band = rng.pick([
      [128, 170],
      [296, 306],
      [662, 694],
    ])
    const from = [rng.chance(0.5) ? -30 : W + 10, rng.int(band[0]!, band[1]!)] as const
    const to = [from[0] < 0 ? W + 10 : -30, rng.int(band[0]!, band[1]!)] as const
    movers.push({ sprite, from, to, laps: lapsFor(loop, rng.float(24, 40)), phase: rng.next() })
  }
  for (let i = 0; i < 4; i++) {
    const x = i % 2 ? rng.int(320, 460) : rng.int(820, 960)
    movers.push({ sprite: personTop(rng.pick(P.SHIRTS), 17), from: [x, H + 10], to: [x + rng.int(-60, 60), 100], laps: lapsFor(loop, rng.float(20, 30)), phase: rng.next() })
  }
  return { layers, movers }
}
