import { ffColor, filter } from './filterGraph'
import { type Layer, type Mover, SCENE_HEIGHT, SCENE_WIDTH, type SceneDraft, type Sprite, scaleMovers, toYuv } from './sceneModel'

export interface TextSupport {
  /** A font with CJK glyphs; without one, sign text is left out of the picture. */
  fontFile: string | null
  /** Writes text to a file and returns its path (drawtext `textfile`, so no text needs escaping). */
  writeText(text: string): string
}

/** The one-frame graph that paints a scene's still background (rendered once per scene). */
export function backgroundGraph(draft: SceneDraft, text: TextSupport): string {
  const chain = [
    filter('color', { c: '0x808080', s: `${SCENE_WIDTH}x${SCENE_HEIGHT}`, r: 1, d: 1 }),
    'format=yuv444p',
    ...draft.layers.flatMap((layer) => layerFilter(layer, text)),
    'format=yuv420p',
    // In the still, drawn once, not in every frame of the loop: movers crossing a corner are not
    // darkened, which no one sees, and each base renders 20% faster.
    'vignette=angle=PI/5',
  ]
  return chain.join(',')
}

function layerFilter(layer: Layer, text: TextSupport): string[] {
  switch (layer.kind) {
    case 'box': {
      const b = layer.box
      return [filter('drawbox', { x: Math.round(b.x), y: Math.round(b.y), w: Math.round(b.w), h: Math.round(b.h), color: ffColor(b.color, b.opacity), t: 'fill' })]
    }
    case 'paint': {
      const [y, u, v] = toYuv(layer.color)
      const luma = layer.jitter ? `clip(${y}+${layer.jitter}*(random(1)-0.5),16,235)` : String(y)
      return [geq(`if(${layer.region},${luma},lum(X,Y))`, `if(${layer.region},${u},cb(X,Y))`, `if(${layer.region},${v},cr(X,Y))`)]
    }
    case 'shade':
      return [geq(`clip(lum(X,Y)-${layer.amount}*(${layer.region}),16,235)`, 'cb(X,Y)', 'cr(X,Y)')]
    case 'grain':
      return [geq(`clip(lum(X,Y)+${layer.amount}*(random(1)-0.5),16,235)`, 'cb(X,Y)', 'cr(X,Y)')]
    case 'text':
      if (!text.fontFile) return []
      return [
        filter('drawtext', {
          fontfile: text.fontFile,
          textfile: text.writeText(layer.text),
          expansion: 'none',
          x: layer.x,
          y: layer.y,
          fontsize: layer.size,
          fontcolor: ffColor(layer.color),
        }),
      ]
  }
}

const geq = (lum: string, cb: string, cr: string) => filter('geq', { lum, cb, cr })

/**
 * The graph that turns the still background (input 0, one frame at the scene's full size) into one
 * seamless loop of moving traffic and people at `size`. Drawing at the size of the stream (rather
 * than drawing 720p and scaling down) is what makes a sub stream's base a quarter of the work.
 * Sprites are generated inside the graph (no extra inputs) and shared through split.
 */
export function motionGraph(full: SceneDraft, loopSeconds: number, fps: number, size: { width: number; height: number } = { width: SCENE_WIDTH, height: SCENE_HEIGHT }): string {
  const draft = size.width === SCENE_WIDTH ? full : { ...full, movers: scaleMovers(full.movers, size.width / SCENE_WIDTH) }
  const keys = new Map<string, { sprite: Sprite; uses: number }>()
  const keyOf = (s: Sprite) => JSON.stringify(s)
  for (const m of draft.movers) {
    const k = keyOf(m.sprite)
    const entry = keys.get(k) ?? { sprite: m.sprite, uses: 0 }
    entry.uses++
    keys.set(k, entry)
  }
  const lines: string[] = []
  const pads = new Map<string, string[]>()
  let s = 0
  for (const [k, { sprite, uses }] of keys) {
    const base = `s${s++}`
    const labels = Array.from({ length: uses }, (_, i) => `${base}_${i}`)
    const draw = sprite.parts.map((p) =>
      filter('drawbox', { x: p.x, y: p.y, w: p.w, h: p.h, color: ffColor(p.color, p.opacity ?? 1), t: 'fill', replace: 1 }),
    )
    const source = [filter('color', { c: '0x000000@0', s: `${sprite.w}x${sprite.h}`, r: fps }), 'format=yuva444p', ...draw].join(',')
    lines.push(uses > 1 ? `${source},split=${uses}${labels.map((l) => `[${l}]`).join('')}` : `${source}[${labels[0]}]`)
    pads.set(k, labels)
  }
  // The still is decoded once and repeated in memory (image2's -loop would decode it every frame).
  const scale = size.width === SCENE_WIDTH ? '' : `scale=${size.width}:${size.height}:flags=bicubic,`
  lines.push(`[0:v]${scale}loop=loop=-1:size=1:start=0,setpts=N/(${fps}*TB),format=yuv420p[bg]`)
  let last = 'bg'
  draft.movers.forEach((m, i) => {
    const pad = pads.get(keyOf(m.sprite))!.shift()!
    const out = `m${i}`
    const [x, y] = moverPosition(m, loopSeconds)
    lines.push(`[${last}][${pad}]${filter('overlay', { x, y, eval: 'frame' })}[${out}]`)
    last = out
  })
  // No sensor noise: per frame it was a third of every camera clip's encode, and baked into the
  // scene it made the base nine times larger and every clip cut from it four times slower to make.
  // The OSD, the traffic and each camera's own exposure still tell the cameras apart.
  lines.push(`[${last}]format=yuv420p[scene]`)
  return lines.join(';')
}

/** Overlay x/y expressions in t: whole laps per loop, so frame 0 follows the last frame seamlessly. */
export function moverPosition(m: Mover, loopSeconds: number): [string, string] {
  const r = (v: number) => String(Math.round(v * 1000) / 1000)
  const along = `mod(t*${r(m.laps / loopSeconds)}+${r(m.phase)},1)`
  const x = `${r(m.from[0])}+${r(m.to[0] - m.from[0])}*${along}`
  let y = `${r(m.from[1])}+${r(m.to[1] - m.from[1])}*${along}`
  if (m.bob) {
    // About two steps a second, rounded to whole steps per loop.
    const steps = Math.max(1, Math.round(loopSeconds * 2))
    y += `-${r(m.bob)}*abs(sin(PI*${steps}*t/${r(loopSeconds)}))`
  }
  return [x, y]
}
