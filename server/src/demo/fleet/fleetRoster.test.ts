import { describe, expect, it } from 'vitest'
import { assignFates, type CameraFate, conditionAt, summarizeFates } from './fleetRoster'

const ids = Array.from({ length: 562 }, (_, i) => `CAM${String(i + 1).padStart(3, '0')}`)
const options = { offlineShare: 0.03, flapping: 5, flapSeconds: 180, stalled: 2 }

describe('assignFates', () => {
  it('gives the configured numbers of offline, flapping and stalled cameras, disjoint', () => {
    const s = summarizeFates(assignFates(ids, options))
    expect(s.offline).toHaveLength(17)
    expect(s.flapping).toHaveLength(5)
    expect(s.stalled).toHaveLength(2)
    expect(s.normal).toHaveLength(562 - 24)
    expect(new Set([...s.offline, ...s.flapping, ...s.stalled, ...s.normal]).size).toBe(562)
  })

  it('is deterministic: same ids, same roster, whatever the input order', () => {
    const a = assignFates(ids, options)
    const b = assignFates([...ids].reverse(), options)
    expect([...a.entries()].sort()).toEqual([...b.entries()].sort())
  })

  it('uses every offline behaviour: 503, 404 and a reset connection', () => {
    const answers = [...assignFates(ids, options).values()].flatMap((f) => (f.kind === 'offline' ? [f.answer] : []))
    expect(new Set(answers)).toEqual(new Set(['http-503', 'http-404', 'reset']))
  })

  it('turns everything off with zeros', () => {
    const s = summarizeFates(assignFates(ids, { offlineShare: 0, flapping: 0, flapSeconds: 60, stalled: 0 }))
    expect(s.normal).toHaveLength(562)
  })
})

describe('conditionAt', () => {
  it('keeps offline cameras offline at any time', () => {
    const fate: CameraFate = { kind: 'offline', answer: 'http-404' }
    for (const t of [0, 1e12, 1.7e12]) expect(conditionAt(fate, t)).toEqual({ online: false, answer: 'http-404' })
  })

  it('flaps: online for one period, offline for the next, from the clock alone', () => {
    const fate: CameraFate = { kind: 'flapping', periodMs: 180_000, phaseMs: 0 }
    const t0 = 1_800_000_000_000 - (1_800_000_000_000 % 360_000)
    expect(conditionAt(fate, t0).online).toBe(true)
    expect(conditionAt(fate, t0 + 179_999).online).toBe(true)
    expect(conditionAt(fate, t0 + 180_000)).toEqual({ online: false, answer: 'http-503' })
    expect(conditionAt(fate, t0 + 360_000).online).toBe(true)
  })

  it('stalls: live for a minute, then the playlist time stops for the rest of the cycle', () => {
    const fate: CameraFate = { kind: 'stalled', cycleMs: 300_000, liveMs: 60_000, phaseMs: 0 }
    const t0 = 1_800_000_000_000 - (1_800_000_000_000 % 300_000)
    expect(conditionAt(fate, t0 + 30_000)).toEqual({ online: true, asOfMs: t0 + 30_000 })
    expect(conditionAt(fate, t0 + 90_000)).toEqual({ online: true, asOfMs: t0 + 60_000 })
    expect(conditionAt(fate, t0 + 299_000)).toEqual({ online: true, asOfMs: t0 + 60_000 })
    expect(conditionAt(fate, t0 + 300_500)).toEqual({ online: true, asOfMs: t0 + 300_500 })
  })

  it('leaves normal cameras on the wall clock', () => {
    expect(conditionAt({ kind: 'normal' }, 123_456)).toEqual({ online: true, asOfMs: 123_456 })
  })
})
