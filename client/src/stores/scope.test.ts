import { describe, expect, it } from 'vitest'
import { makeCase } from '../realtime/testing/caseFixtures'
import { alarmShown } from './scope'

describe('which alarms a screen shows', () => {
  const own = makeCase('1', { communityId: 'c01' })
  const foreign = makeCase('2', { communityId: 'c02' })

  it('shows the street every alarm, even before its case has arrived', () => {
    expect(alarmShown({ kind: 'all' }, foreign)).toBe(true)
    expect(alarmShown({ kind: 'all' }, undefined)).toBe(true)
  })

  it("shows a community station only its community's alarms, and none it has no case for", () => {
    const station = { kind: 'community', id: 'c01' } as const
    expect(alarmShown(station, own)).toBe(true)
    expect(alarmShown(station, foreign)).toBe(false)
    expect(alarmShown(station, undefined)).toBe(false)
    expect(alarmShown({ kind: 'community', id: null }, own)).toBe(false)
  })

  it('shows a unit only the alarms of cases dispatched to it', () => {
    const unit = { kind: 'unit', id: 'u01' } as const
    expect(alarmShown(unit, own)).toBe(false)
    expect(alarmShown(unit, { ...own, assignee: { kind: 'unit', id: 'u01' } })).toBe(true)
  })
})
