/**
 * The vocabulary the simulated street scenes are written in: a still background made of layers
 * (filled boxes, painted shapes, shop-sign text, grain) and sprites (cars, buses, people) that
 * move along straight paths. `sceneFilter.ts` turns it into an ffmpeg filter graph.
 *
 * Every scene is drawn at the main stream's 1280×720; the sub stream is scaled down from it.
 */
export const SCENE_WIDTH = 1280
export const SCENE_HEIGHT = 720

/** `#rrggbb`, optionally with an opacity for sprite parts such as shadows. */
export interface Box {
  x: number
  y: number
  w: number
  h: number
  color: string
  opacity?: number
}

/** A geq predicate over pixel coordinates X, Y: non-zero where a shape covers the pixel. */
export type Region = string

export type Layer =
  | { kind: 'box'; box: Box }
  /** Paint a region one colour; `jitter` adds per-pixel luma noise (leaves, gravel, asphalt). */
  | { kind: 'paint'; region: Region; color: string; jitter?: number }
  /** Darken (negative lightens) the luma where a region lies: joints, mortar, shadows. */
  | { kind: 'shade'; region: Region; amount: number }
  /** Shop signs and road paint; drawn only when a CJK font is available. */
  | { kind: 'text'; x: number; y: number; size: number; color: string; text: string }
  | { kind: 'grain'; amount: number }

export interface Sprite {
  w: number
  h: number
  /** Drawn in order inside the sprite's box; everything else is transparent. */
  parts: Box[]
}

/**
 * A sprite travelling from `from` to `to` (top-left corners), `laps` times per loop, starting
 * `phase` (0-1) of the way along. Whole laps are what make the loop seamless.
 */
export interface Mover {
  sprite: Sprite
  from: readonly [number, number]
  to: readonly [number, number]
  laps: number
  phase: number
  /** Vertical bob in pixels, for people walking. */
  bob?: number
}

export interface SceneDraft {
  layers: Layer[]
  /** Back to front. */
  movers: Mover[]
}

// --- regions -------------------------------------------------------------------------------

const n = (v: number) => String(Math.round(v * 100) / 100)

export const rect = (x: number, y: number, w: number, h: number): Region =>
  `between(X,${n(x)},${n(x + w - 1)})*between(Y,${n(y)},${n(y + h - 1)})`
/** Round shapes test a cheap bounding box first: geq's if() skips the branch it does not take. */
export const circle = (cx: number, cy: number, r: number): Region => `if(${rect(cx - r, cy - r, 2 * r + 1, 2 * r + 1)},lte(hypot(X-${n(cx)},Y-${n(cy)}),${n(r)}),0)`
/** Stripes across a rectangle: `period` pixels apart, `width` thick, along the x or y axis. */
export const stripes = (x: number, y: number, w: number, h: number, axis: 'x' | 'y', period: number, width: number): Region =>
  `${rect(x, y, w, h)}*lt(mod(${axis === 'x' ? 'X' : 'Y'}-${n(axis === 'x' ? x : y)},${n(period)}),${n(width)})`
/** Grid lines inside a rectangle, offset every other row (`stagger`) for brickwork. */
export const joints = (x: number, y: number, w: number, h: number, cw: number, ch: number, stagger: boolean): Region => {
  const row = `floor((Y-${n(y)})/${n(ch)})`
  const shift = stagger ? `+mod(${row},2)*${n(cw / 2)}` : ''
  return `${rect(x, y, w, h)}*max(lt(mod(Y-${n(y)},${n(ch)}),1),lt(mod(X-${n(x)}${shift},${n(cw)}),1))`
}
export const union = (...regions: Region[]): Region => (regions.length === 1 ? regions[0]! : `gt(${regions.join('+')},0)`)

// --- colours ---------------------------------------------------------------------------------

function parseHex(color: string): [number, number, number] {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color)
  if (!m) throw new Error(`expected #rrggbb, got ${color}`)
  return [parseInt(m[1]!, 16), parseInt(m[2]!, 16), parseInt(m[3]!, 16)]
}

/** BT.601 limited range, the colour space ffmpeg's yuv444p planes use by default. */
export function toYuv(color: string): [number, number, number] {
  const [r, g, b] = parseHex(color)
  const y = 16 + (65.481 * r + 128.553 * g + 24.966 * b) / 255
  const u = 128 + (-37.797 * r - 74.203 * g + 112.0 * b) / 255
  const v = 128 + (112.0 * r - 93.786 * g - 18.214 * b) / 255
  return [Math.round(y), Math.round(u), Math.round(v)]
}

export function shadeHex(color: string, factor: number): string {
  const [r, g, b] = parseHex(color)
  const c = (v: number) =>
    Math.max(0, Math.min(255, Math.round(v * factor)))
      .toString(16)
      .padStart(2, '0')
  return `#${c(r)}${c(g)}${c(b)}`
}

// --- sprites ---------------------------------------------------------------------------------

const SHADOW = '#000000'

/** A car seen from the side, facing right; mirror for left-bound traffic. */
export function carSide(body: string, length = 150, facing: 1 | -1 = 1): Sprite {
  const h = Math.round(length * 0.42)
  const cabinX = Math.round(length * (facing > 0 ? 0.22 : 0.18))
  const cabinW = Math.round(length * 0.6)
  const wheel = Math.round(h * 0.36)
  const parts: Box[] = [
    { x: 4, y: h - 6, w: length - 8, h: 6, color: SHADOW, opacity: 0.35 },
    { x: 0, y: Math.round(h * 0.42), w: length, h: Math.round(h * 0.4), color: body },
    { x: cabinX, y: 0, w: cabinW, h: Math.round(h * 0.46), color: body },
    { x: cabinX + 6, y: 5, w: Math.round(cabinW / 2) - 9, h: Math.round(h * 0.34), color: '#9fb4c4' },
    { x: cabinX + Math.round(cabinW / 2) + 3, y: 5, w: Math.round(cabinW / 2) - 9, h: Math.round(h * 0.34), color: '#8da3b4' },
    { x: 0, y: Math.round(h * 0.62), w: length, h: 3, color: shadeHex(body, 0.6) },
    { x: facing > 0 ? length - 6 : 0, y: Math.round(h * 0.48), w: 6, h: 6, color: facing > 0 ? '#fff4c0' : '#c02018' },
    { x: Math.round(length * 0.14), y: h - wheel, w: wheel, h: wheel, color: '#151515' },
    { x: Math.round(length * 0.86) - wheel, y: h - wheel, w: wheel, h: wheel, color: '#151515' },
  ]
  return { w: length, h, parts }
}

/** A city bus from the side. */
export function busSide(body: string, length = 340): Sprite {
  const h = 96
  const parts: Box[] = [
    { x: 4, y: h - 6, w: length - 8, h: 6, color: SHADOW, opacity: 0.35 },
    { x: 0, y: 0, w: length, h: h - 12, color: body },
    { x: 10, y: 12, w: length - 20, h: 30, color: '#33414d' },
    { x: 0, y: 50, w: length, h: 8, color: '#f0f0ea' },
    { x: Math.round(length * 0.2), y: 12, w: 22, h: h - 26, color: '#26323c' },
    { x: Math.round(length * 0.62), y: 12, w: 22, h: h - 26, color: '#26323c' },
    { x: 40, y: h - 26, w: 26, h: 26, color: '#151515' },
    { x: length - 70, y: h - 26, w: 26, h: 26, color: '#151515' },
  ]
  return { w: length, h, parts }
}

/** A car seen from above, pointing right (or down with `vertical`). */
export function carTop(body: string, length = 84, vertical = false): Sprite {
  const width = Math.round(length * 0.46)
  const p = (x: number, y: number, w: number, h: number, color: string, opacity?: number): Box =>
    vertical ? { x: y, y: x, w: h, h: w, color, opacity } : { x, y, w, h, color, opacity }
  const parts: Box[] = [
    p(3, 3, length, width, SHADOW, 0.35),
    p(0, 0, length, width, body),
    p(Math.round(length * 0.58), 3, Math.round(length * 0.16), width - 6, '#2c3a46'),
    p(Math.round(length * 0.14), 4, Math.round(length * 0.12), width - 8, '#3a4956'),
    p(Math.round(length * 0.27), 4, Math.round(length * 0.3), width - 8, shadeHex(body, 1.12)),
  ]
  return vertical ? { w: width + 3, h: length + 3, parts } : { w: length + 3, h: width + 3, parts }
}

/** A person seen from the side at street distance. */
export function personSide(shirt: string, trousers: string, height = 44): Sprite {
  const w = Math.round(height * 0.34)
  const head = Math.round(height * 0.2)
  return {
    w,
    h: height,
    parts: [
      { x: 0, y: height - 3, w, h: 3, color: SHADOW, opacity: 0.3 },
      { x: Math.round((w - head) / 2), y: 0, w: head, h: head, color: '#2a2320' },
      { x: Math.round((w - head) / 2), y: Math.round(head * 0.45), w: head, h: Math.round(head * 0.55), color: '#d9b08c' },
      { x: 0, y: head + 1, w, h: Math.round(height * 0.38), color: shirt },
      { x: 1, y: head + 1 + Math.round(height * 0.38), w: w - 2, h: height - head - 1 - Math.round(height * 0.38) - 3, color: trousers },
    ],
  }
}

/** A person seen from above: shoulders and a dark head. */
export function personTop(shirt: string, size = 20): Sprite {
  const head = Math.round(size * 0.55)
  return {
    w: size + 2,
    h: size + 2,
    parts: [
      { x: 2, y: 2, w: size, h: size, color: SHADOW, opacity: 0.3 },
      { x: 0, y: Math.round(size * 0.2), w: size, h: Math.round(size * 0.6), color: shirt },
      { x: Math.round((size - head) / 2), y: Math.round((size - head) / 2), w: head, h: head, color: '#241c18' },
    ],
  }
}

/** Someone riding an e-bike or a delivery tricycle, from the side. */
export function riderSide(jacket: string, cargo: string | null = null): Sprite {
  const w = cargo ? 72 : 56
  return {
    w,
    h: 50,
    parts: [
      { x: 2, y: 47, w: w - 4, h: 3, color: SHADOW, opacity: 0.3 },
      ...(cargo ? [{ x: 0, y: 18, w: 26, h: 20, color: cargo }] : []),
      { x: w - 40, y: 30, w: 30, h: 8, color: '#30343a' },
      { x: w - 32, y: 2, w: 10, h: 10, color: '#e8e4da' },
      { x: w - 34, y: 12, w: 14, h: 20, color: jacket },
      { x: w - 50, y: 36, w: 14, h: 14, color: '#151515' },
      { x: w - 16, y: 36, w: 14, h: 14, color: '#151515' },
    ],
  }
}

// --- motion ----------------------------------------------------------------------------------

/** A whole number of laps per loop for a sprite that should take about `seconds` per lap. */
export function lapsFor(loopSeconds: number, seconds: number): number {
  return Math.max(1, Math.round(loopSeconds / seconds))
}

/** Left-to-right (dir 1) or right-to-left (dir -1) across the whole frame at height `y`. */
export function across(sprite: Sprite, y: number, dir: 1 | -1, laps: number, phase: number, bob?: number): Mover {
  const left = [-sprite.w - 20, y] as const
  const right = [SCENE_WIDTH + 20, y] as const
  return { sprite, from: dir > 0 ? left : right, to: dir > 0 ? right : left, laps, phase, bob }
}

/** Top-to-bottom (dir 1) or bottom-to-top (dir -1) across the frame at column `x`. */
export function down(sprite: Sprite, x: number, dir: 1 | -1, laps: number, phase: number, bob?: number): Mover {
  const top = [x, -sprite.h - 20] as const
  const bottom = [x, SCENE_HEIGHT + 20] as const
  return { sprite, from: dir > 0 ? top : bottom, to: dir > 0 ? bottom : top, laps, phase, bob }
}

/** Stamp a parked sprite into the background. */
export function stamp(sprite: Sprite, x: number, y: number): Layer[] {
  return sprite.parts
    .filter((p) => p.opacity === undefined || p.opacity >= 1)
    .map((p) => ({ kind: 'box', box: { ...p, x: x + p.x, y: y + p.y } }))
}

/**
 * The movers drawn at `factor` of the scene's size (the sub stream's 640×360 is 0.5). A part keeps
 * at least one pixel, and parts are scaled by their edges, not their sizes, so neighbouring parts
 * of a sprite still meet.
 */
export function scaleMovers(movers: readonly Mover[], factor: number): Mover[] {
  const at = (v: number) => Math.round(v * factor)
  const sprites = new Map<Sprite, Sprite>()
  const scaled = (s: Sprite): Sprite => {
    let out = sprites.get(s)
    if (!out) {
      const parts = s.parts.map((p) => ({ ...p, x: at(p.x), y: at(p.y), w: Math.max(1, at(p.x + p.w) - at(p.x)), h: Math.max(1, at(p.y + p.h) - at(p.y)) }))
      out = { w: Math.max(1, at(s.w)), h: Math.max(1, at(s.h)), parts }
      sprites.set(s, out)
    }
    return out
  }
  return movers.map((m) => ({
    ...m,
    sprite: scaled(m.sprite),
    from: [m.from[0] * factor, m.from[1] * factor] as const,
    to: [m.to[0] * factor, m.to[1] * factor] as const,
    ...(m.bob === undefined ? {} : { bob: m.bob * factor }),
  }))
}
