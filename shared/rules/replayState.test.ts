import { describe, expect, it } from 'vitest'
import type { ReplayCase } from '../schemas/replay'
import { openCasesAt, openDuring, stateAt } from './replayState'

const T = Date.parse('2026-11-10T10:00:00+08:00')
const min = 60_000

// A hand-made timeline around T: reported at T, closed at T, closed a minute after, reported a
// minute after, merged before, suspended across T, not accepted at T.
const timeline: ReplayCase[] = [
  ['reportedAtT', 116.39, 39.93, [[T, 'pending_filing']]],
  ['closedAtT', 116.4, 39.94, [[T - 60 * min, 'pending_filing'], [T - 30 * min, 'pending_dispatch'], [T, 'closed']]],
  ['closedAfterT', 116.41, 39.95, [[T - 60 * min, 'pending_dispatch'], [T - min, 'dispatched'], [T + min, 'closed']]],
  ['reportedAfterT', 116.42, 39.96, [[T + min, 'pending_filing']]],
  ['mergedBefore', 116.43, 39.97, [[T - 10 * min, 'pending_filing'], [T - 5 * min, 'merged']]],
  ['suspended', 116.44, 39.98, [[T - 90 * min, 'in_progress'], [T - 1, 'suspended'], [T + 1, 'in_progress']]],
  ['rejectedAtT', 116.45, 39.99, [[T - 2 * min, 'pending_filing'], [T, 'not_accepted']]],
]

describe('the replay at an instant', () => {
  it('draws exactly the cases open at T, a step at T already taken', () => {
    expect(openCasesAt(timeline, T)).toEqual([
      { id: 'reportedAtT', lng: 116.39, lat: 39.93, state: 'pending_filing' },
      { id: 'closedAfterT', lng: 116.41, lat: 39.95, state: 'dispatched' },
      { id: 'suspended', lng: 116.44, lat: 39.98, state: 'suspended' },
    ])
  })

  it('has a case closed at T open one millisecond before, and a case reported at T absent then', () => {
    const before = openCasesAt(timeline, T - 1).map((c) => c.id)
    expect(before).toEqual(['closedAtT', 'closedAfterT', 'suspended', 'rejectedAtT'])
    expect(stateAt(timeline[1]![3], T - 1)).toBe('pending_dispatch')
    expect(stateAt(timeline[0]![3], T - 1)).toBeNull()
  })

  it('moves a case through the loop and lets it go when it closes', () => {
    const steps = timeline[2]![3]
    expect(stateAt(steps, T - 2 * min)).toBe('pending_dispatch')
    expect(stateAt(steps, T - min)).toBe('dispatched')
    expect(stateAt(steps, T + min)).toBe('closed')
    expect(openCasesAt(timeline, T + min).map((c) => c.id)).toEqual(['reportedAtT', 'reportedAfterT', 'suspended'])
  })

  it('keeps a case for a period when it was open at some instant of it, not when it closed before or was reported after', () => {
    const byId = new Map(timeline.map((c) => [c[0], c[3]]))
    expect(openDuring(byId.get('closedAtT')!, T, T + 60 * min)).toBe(false)
    expect(openDuring(byId.get('closedAtT')!, T - 1, T + 60 * min)).toBe(true)
    expect(openDuring(byId.get('reportedAfterT')!, T - 60 * min, T + min)).toBe(false)
    expect(openDuring(byId.get('reportedAfterT')!, T - 60 * min, T + min + 1)).toBe(true)
    expect(openDuring(byId.get('mergedBefore')!, T, T + 60 * min)).toBe(false)
  })
})
