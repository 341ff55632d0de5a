import { describe, expect, it } from 'vitest'
import { lookFor } from './cameraLook'
import { MIRRORABLE_KINDS, SCENE_KINDS, draftScene, VARIANTS_PER_KIND } from './sceneCatalog'
import { moverPosition } from './sceneFilter'
import { filterValue } from './filterGraph'
import { scaleMovers } from './sceneModel'

describe('scenes', () => {
  it('draws every kind and variant the same way every time', () => {
    for (const kind of SCENE_KINDS) {
      for (let variant = 0; variant < VARIANTS_PER_KIND; variant++) {
        const a = draftScene({ kind, variant }, 60)
        expect(a).toEqual(draftScene({ kind, variant }, 60))
        expect(a.layers.length).toBeGreaterThan(5)
        expect(a.movers.length).toBeGreaterThan(5)
      }
    }
    expect(draftScene({ kind: 'avenue', variant: 0 }, 60)).not.toEqual(draftScene({ kind: 'avenue', variant: 1 }, 60))
  })

  it('moves every sprite a whole number of laps per loop, so the loop has no seam', () => {
    for (const loop of [4, 60]) {
      for (const kind of SCENE_KINDS) {
        for (const m of draftScene({ kind, variant: 0 }, loop).movers) {
          expect(Number.isInteger(m.laps) && m.laps >= 1).toBe(true)
          expect(m.phase >= 0 && m.phase < 1).toBe(true)
          expect(moverPosition(m, loop)[0]).toMatch(/^-?[\d.]+\+-?[\d.]+\*mod\(t\*[\d.]+\+[\d.]+,1\)$/)
        }
      }
    }
  })
})

describe('lookFor', () => {
  const ids = Array.from({ length: 562 }, (_, i) => `CAM${String(i + 1).padStart(3, '0')}`)

  it('matches the scene to the site, and spreads cameras over variants and moments', () => {
    const looks = ids.map((id, i) => lookFor({ id, name: id, site: i % 2 ? 'junction' : 'road' }, 60, 15))
    looks.forEach((l, i) => expect(i % 2 ? ['junction'] : ['avenue', 'lane']).toContain(l.scene.kind))
    expect(new Set(looks.map((l) => l.scene.variant)).size).toBe(VARIANTS_PER_KIND)
    expect(new Set(looks.map((l) => l.offsetFrames)).size).toBeGreaterThan(400)
    for (const l of looks) if (l.mirror) expect(MIRRORABLE_KINDS.has(l.scene.kind)).toBe(true)
    expect(looks.some((l) => l.mirror)).toBe(true)
  })

  it('uses every scene for cameras with no known site', () => {
    const kinds = new Set(ids.map((id) => lookFor({ id, name: id }, 60, 15).scene.kind))
    expect(kinds).toEqual(new Set(SCENE_KINDS))
  })
})

describe('filterValue', () => {
  it('escapes for the option parser, then for the graph parser', () => {
    expect(filterValue('plain/path.txt')).toBe('plain/path.txt')
    expect(filterValue('a:b')).toBe('a\\\\:b')
    expect(filterValue("it's")).toBe("it\\\\\\'s")
    expect(filterValue('x,y;[z]')).toBe('x\\,y\\;\\[z\\]')
  })
})

describe('scaleMovers', () => {
  it('draws every mover at half size for the sub stream, with its parts still meeting', () => {
    const draft = draftScene({ kind: 'avenue', variant: 0 }, 60)
    const half = scaleMovers(draft.movers, 0.5)
    expect(half).toHaveLength(draft.movers.length)
    half.forEach((m, i) => {
      const full = draft.movers[i]!
      expect(m.from[0]).toBeCloseTo(full.from[0] / 2)
      expect(m.to[1]).toBeCloseTo(full.to[1] / 2)
      expect(m.laps).toBe(full.laps)
      expect(m.sprite.w).toBe(Math.max(1, Math.round(full.sprite.w / 2)))
      for (const p of m.sprite.parts) {
        expect(p.w).toBeGreaterThanOrEqual(1)
        expect(p.x + p.w).toBeLessThanOrEqual(m.sprite.w + 1)
      }
    })
  })

  it('keeps one sprite shared by the movers that shared it, so the graph still splits it', () => {
    const draft = draftScene({ kind: 'market', variant: 1 }, 60)
    const half = scaleMovers(draft.movers, 0.5)
    const before = new Set(draft.movers.map((m) => m.sprite)).size
    expect(new Set(half.map((m) => m.sprite)).size).toBe(before)
  })
})
