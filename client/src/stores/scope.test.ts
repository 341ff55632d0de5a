import { describe, expect, it } from 'vitest'
import { makeCase } from '../realtime/testing/caseFixtures'
import { applyWallCommand, initialWallState, type WallCommand } from '@shared/wall/wallState'
import { alarmShown, scopedWallView } from './scope'

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

describe("a scoped screen's view of the wall", () => {
  const at = new Date('2026-03-02T02:00:00.000Z')
  const takeover = (caseId: string): WallCommand => ({ type: 'alarmTakeover', caseId, code: `GL-${caseId}`, label: '燃气泄漏', cameraIds: ['A', 'B'], timeoutSeconds: 60 })
  const wall = ['c1', 'c2', 'c3'].reduce((s, id) => applyWallCommand(s, takeover(id), at), initialWallState('main', at))

  it('is the wall itself when every alarm is its own', () => {
    expect(scopedWallView(wall, () => true)).toBe(wall)
    expect(scopedWallView(null, () => true)).toBeNull()
  })

  it("leaves out other scopes' alarms, on the wall and waiting, and keeps the wall's tiles", () => {
    const mine = new Set(['c3'])
    const view = scopedWallView(wall, (id) => mine.has(id))!
    expect(wall.alarm?.caseId).toBe('c1')
    // Its own waiting alarm is its alarm while another scope's holds the wall, with none of the wall's tiles.
    expect(view.alarm?.caseId).toBe('c3')
    expect(view.alarm?.tiles).toEqual([])
    expect(view.alarmQueue).toEqual([])
    expect(view.tiles).toEqual(wall.tiles)
  })

  it('shows nothing of the alarms when none is in scope', () => {
    const view = scopedWallView(wall, () => false)!
    expect(view.alarm).toBeNull()
    expect(view.alarmQueue).toEqual([])
  })
})
