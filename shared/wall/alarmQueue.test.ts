import { describe, expect, it } from 'vitest'
import {
  type AlarmCall,
  MAX_ALARM_QUEUE,
  UNKNOWN_URGENCY_MINUTES,
  alarmLeavesQueue,
  compareAlarms,
  enqueueAlarm,
  takeNextAlarm,
  urgencyMinutes,
  withoutAlarm,
} from './alarmQueue'
import { type WallCommand, WallCommandError, WallState, applyWallCommand, dropQueuedAlarm, expireAlarm, initialWallState } from './wallState'

const T0 = new Date('2026-11-28T08:00:00.000Z')
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000)
const call = (caseId: string, urgency: number, reportedSecond: number): AlarmCall => ({
  caseId,
  code: `GL-${caseId}`,
  label: caseId,
  cameraIds: [`cam-${caseId}`],
  urgencyMinutes: urgency,
  reportedAt: at(reportedSecond).toISOString(),
  holdSeconds: 300,
})
const takeover = (c: AlarmCall): WallCommand => ({
  type: 'alarmTakeover',
  caseId: c.caseId,
  code: c.code,
  label: c.label,
  cameraIds: c.cameraIds,
  timeoutSeconds: c.holdSeconds,
  urgencyMinutes: c.urgencyMinutes,
  reportedAt: c.reportedAt,
})
/** Commands at the given seconds, every state checked against the schema. */
function play(state: WallState, ...steps: [number, WallCommand][]): WallState {
  return steps.reduce((s, [second, cmd]) => WallState.parse(applyWallCommand(s, cmd, at(second))), state)
}
const filled = () => play(initialWallState('main', T0), [0, { type: 'fillTiles', cameraIds: ['a', 'b', 'c', 'd'] }])
const waiting = (s: WallState) => s.alarmQueue.map((q) => q.caseId)

describe('the order of waiting alarms', () => {
  it('puts the more urgent first, then the older, and is total', () => {
    const gas = call('gas', 60, 30)
    const oldCover = call('cover-old', 120, 10)
    const newCover = call('cover-new', 120, 20)
    expect([newCover, oldCover, gas].sort(compareAlarms).map((c) => c.caseId)).toEqual(['gas', 'cover-old', 'cover-new'])
    expect(compareAlarms(call('a', 60, 0), call('b', 60, 0))).toBeLessThan(0)
  })

  it('ranks a category by its time limit on the calendar: an urgent hour before a working hour before a day', () => {
    expect(urgencyMinutes({ kind: 'urgent_hours', amount: 1 })).toBeLessThan(urgencyMinutes({ kind: 'urgent_hours', amount: 2 }))
    expect(urgencyMinutes({ kind: 'urgent_hours', amount: 2 })).toBeLessThan(urgencyMinutes({ kind: 'working_hours', amount: 2 }))
    expect(urgencyMinutes({ kind: 'working_hours', amount: 4 })).toBeLessThan(urgencyMinutes({ kind: 'natural_days', amount: 1 }))
    expect(urgencyMinutes(null)).toBe(UNKNOWN_URGENCY_MINUTES)
  })

  it('holds each case once, in order, and drops the lowest-ranked past the cap', () => {
    let q = enqueueAlarm([], call('b', 120, 5), at(1))
    q = enqueueAlarm(q, call('a', 60, 9), at(2))
    q = enqueueAlarm(q, call('a', 60, 9), at(3))
    expect(q.map((x) => [x.caseId, x.queuedAt])).toEqual([
      ['a', at(2).toISOString()],
      ['b', at(1).toISOString()],
    ])
    for (let i = 0; i < MAX_ALARM_QUEUE + 3; i++) q = enqueueAlarm(q, call(`n${i}`, 600, i), at(10 + i))
    expect(q).toHaveLength(MAX_ALARM_QUEUE)
    expect(q.slice(0, 2).map((x) => x.caseId)).toEqual(['a', 'b'])
    expect(q.some((x) => x.caseId === `n${MAX_ALARM_QUEUE + 2}`)).toBe(false)
    expect(withoutAlarm(q, 'a')[0]!.caseId).toBe('b')
    expect(takeNextAlarm(q)).toMatchObject({ next: { caseId: 'a' }, rest: expect.any(Array) })
    expect(takeNextAlarm([])).toEqual({ next: null, rest: [] })
  })

  it('lets a case leave once it is dispatched, closed, declined or merged, not while it waits for dispatch', () => {
    for (const state of ['pending_filing', 'prefiling_check', 'pending_dispatch'] as const) expect(alarmLeavesQueue({ state })).toBe(false)
    for (const state of ['dispatched', 'in_progress', 'pending_check', 'closed', 'evaluated', 'not_accepted', 'merged'] as const) {
      expect(alarmLeavesQueue({ state })).toBe(true)
    }
  })
})

describe('the queue on a wall', () => {
  it('keeps the alarm on the wall while others arrive, and brings them up most urgent first, each with a hold of its own', () => {
    const first = call('first', 120, 0)
    const s = play(filled(), [1, takeover(first)], [2, takeover(call('cover', 120, 2))], [3, takeover(call('gas', 60, 3))])
    expect(s.alarm).toMatchObject({ caseId: 'first', expiresAt: at(301).toISOString() })
    expect(waiting(s)).toEqual(['gas', 'cover'])
    const next = play(s, [100, { type: 'acknowledgeAlarm', caseId: 'first' }])
    expect(next.alarm).toMatchObject({ caseId: 'gas', startedAt: at(100).toISOString(), expiresAt: at(400).toISOString(), saved: ['a', 'b', 'c', 'd'] })
    expect(next.tiles).toEqual(['cam-gas', 'b', 'c', 'd'])
    expect(waiting(next)).toEqual(['cover'])
  })

  it('brings up the next when the one on the wall times out, and restores the wall after the last', () => {
    const s = play(filled(), [1, takeover(call('one', 60, 0))], [2, takeover(call('two', 60, 1))])
    const second = expireAlarm(s, at(301))
    expect(second).toMatchObject({ alarm: { caseId: 'two', expiresAt: at(601).toISOString() }, alarmQueue: [], version: s.version + 1 })
    expect(expireAlarm(second, at(600))).toBe(second)
    expect(expireAlarm(second, at(601))).toMatchObject({ alarm: null, tiles: ['a', 'b', 'c', 'd'] })
  })

  it('shows an alarm picked from the list; the one it replaces waits again, unacknowledged', () => {
    const s = play(filled(), [1, takeover(call('one', 60, 0))], [2, takeover(call('two', 120, 1))], [3, takeover(call('three', 120, 2))])
    const picked = play(s, [10, { type: 'showAlarm', caseId: 'three' }])
    expect(picked.alarm).toMatchObject({ caseId: 'three', startedAt: at(10).toISOString(), saved: ['a', 'b', 'c', 'd'] })
    expect(waiting(picked)).toEqual(['one', 'two'])
    expect(() => applyWallCommand(picked, { type: 'showAlarm', caseId: 'three' }, at(11))).toThrow(WallCommandError)
    expect(() => applyWallCommand(picked, { type: 'showAlarm', caseId: 'nobody' }, at(11))).toThrow(/no alarm of case nobody/)
  })

  it('ignores a second takeover for the case already held or waiting', () => {
    const s = play(filled(), [1, takeover(call('one', 60, 0))], [2, takeover(call('two', 60, 1))])
    const again = play(s, [3, takeover(call('one', 60, 0))], [4, takeover(call('two', 60, 1))])
    expect(again.alarm?.caseId).toBe('one')
    expect(waiting(again)).toEqual(['two'])
  })

  it('lets a waiting alarm leave when its case is dealt with, and says when nothing changed', () => {
    const s = play(filled(), [1, takeover(call('one', 60, 0))], [2, takeover(call('two', 60, 1))])
    expect(dropQueuedAlarm(s, 'one', at(5))).toBe(s)
    expect(dropQueuedAlarm(s, 'nobody', at(5))).toBe(s)
    const dropped = dropQueuedAlarm(s, 'two', at(5))
    expect(dropped).toMatchObject({ alarm: { caseId: 'one' }, alarmQueue: [], version: s.version + 1, updatedAt: at(5).toISOString() })
  })

  it('reads a state stored before the queue existed as one with an empty queue', () => {
    const { alarmQueue: _dropped, ...old } = initialWallState('main', T0)
    expect(WallState.parse(old).alarmQueue).toEqual([])
  })
})
