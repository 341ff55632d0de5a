import { describe, expect, it } from 'vitest'
import type { Case, CaseState } from '@shared/schemas/case'
import { makeCase } from '../../realtime/testing/caseFixtures'
import { diffPointFeatures, indexFeatures } from './featureDiff'
import { caseFeature, caseFeatures, NEW_CASE_MS, nextPulseExpiry, pulseCollection, pulseKey, trackFirstSeen } from './caseFeatures'

const T = 1_700_000_000_000

describe('case features', () => {
  it('carries only what the layers style by, never the free text of the case', () => {
    const f = caseFeature(makeCase('1', { state: 'in_progress', urgent: true, location: { lng: 116.85, lat: 40.37 }, title: '<img onerror=x>' }))
    expect(f).toEqual({
      type: 'Feature',
      id: '1',
      properties: { id: '1', group: 'handling', urgent: true, overdue: false, atRisk: false },
      geometry: { type: 'Point', coordinates: [116.85, 40.37] },
    })
  })

  it('counts whole-case lateness as overdue, and overdue wins over at risk', () => {
    const late = makeCase('2', { atRisk: true })
    late.timers.whole.late = true
    expect(caseFeature(late).properties).toMatchObject({ overdue: true, atRisk: false })
    expect(caseFeature(makeCase('3', { atRisk: true })).properties).toMatchObject({ overdue: false, atRisk: true })
  })

  it('groups the states by the step the case waits at', () => {
    const group = (state: CaseState) => caseFeature(makeCase('x', { state })).properties.group
    expect([group('pending_filing'), group('prefiling_check'), group('pending_dispatch'), group('dispatched'), group('suspended'), group('pending_check')]).toEqual([
      'intake',
      'intake',
      'dispatch',
      'handling',
      'suspended',
      'check',
    ])
  })

  it('hands back the same feature for an unchanged case object, a new one for a replaced case', () => {
    const cache = new WeakMap<Case, ReturnType<typeof caseFeature>>()
    const kept = makeCase('1')
    const [first] = caseFeatures([kept], cache)
    const [again, replaced] = caseFeatures([kept, { ...kept, id: '1b' }], cache)
    expect(again).toBe(first)
    expect(replaced).not.toBe(first)
  })

  it('turns a state change into a one-property diff', () => {
    const before = indexFeatures(caseFeatures([makeCase('1'), makeCase('2')]))
    const diff = diffPointFeatures(before, caseFeatures([makeCase('1', { state: 'pending_dispatch' }), makeCase('2')]))
    expect(diff).toEqual({ update: [{ id: '1', addOrUpdateProperties: [{ key: 'group', value: 'dispatch' }] }] })
  })
})

describe('the pulse', () => {
  it('does not treat the first load as news', () => {
    expect(trackFirstSeen(new Map(), null, ['1', '2'], T).size).toBe(0)
  })

  it('marks ids that appear later as new for a minute', () => {
    const seen = trackFirstSeen(new Map(), new Set(['1']), ['1', '2'], T)
    expect([...seen]).toEqual([['2', T]])
    expect(trackFirstSeen(seen, new Set(['1', '2']), ['1', '2'], T + NEW_CASE_MS - 1).get('2')).toBe(T)
    expect(trackFirstSeen(seen, new Set(['1', '2']), ['1', '2'], T + NEW_CASE_MS).size).toBe(0)
    expect(trackFirstSeen(seen, new Set(['1', '2']), ['1'], T + 10).size).toBe(0)
  })

  it('pulses urgent cases always and new ones for a minute', () => {
    const features = caseFeatures([makeCase('1'), makeCase('2', { urgent: true }), makeCase('3')])
    const seen = new Map([['3', T]])
    expect(pulseCollection(features, seen, T + 1000).features.map((f) => f.properties)).toEqual([
      { id: '2', urgent: true },
      { id: '3', urgent: false },
    ])
    expect(pulseCollection(features, seen, T + NEW_CASE_MS).features.map((f) => f.properties.id)).toEqual(['2'])
    expect(nextPulseExpiry(seen)).toBe(T + NEW_CASE_MS)
    expect(nextPulseExpiry(new Map())).toBeNull()
  })

  it('keys the pulse set so an unchanged set is not re-sent', () => {
    const features = caseFeatures([makeCase('2', { urgent: true })])
    const a = pulseKey(pulseCollection(features, new Map(), T))
    expect(pulseKey(pulseCollection(features, new Map(), T + 5000))).toBe(a)
    expect(pulseKey(pulseCollection(caseFeatures([makeCase('2', { urgent: true, location: { lng: 1, lat: 2 } })]), new Map(), T))).not.toBe(a)
  })
})
