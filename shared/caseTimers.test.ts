import { describe, expect, it } from 'vitest'
import { advanceTimers, clockView, foldTimers, newTimers, nextFlip, stepLimits } from './caseTimers'
import type { CaseAction, CaseEvent, CaseState, CaseTimers } from './schemas/case'
import type { TimeLimit } from './schemas/reference'
import { HolidayCalendar, NO_HOLIDAYS } from './timeLimits'

const HOUR = 3_600_000
const bj = (local: string) => new Date(`${local}:00+08:00`)
const iso = (local: string) => bj(local).toISOString()
const twoWorkingDays: TimeLimit = { kind: 'working_days', amount: 2 }
const twoUrgentHours: TimeLimit = { kind: 'urgent_hours', amount: 2 }
const nationalDay = HolidayCalendar.parse({
  holidays: ['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07'],
  workdays: ['2026-10-10'],
})

/** Apply actions in order, as the service does, counting approved extensions. */
function run(limit: TimeLimit, reportedAt: string, steps: [CaseAction, CaseState, string][], cal = NO_HOLIDAYS): CaseTimers {
  let timers = newTimers(limit, iso(reportedAt))
  let extensions = 0
  for (const [action, to, at] of steps) {
    if (action === 'approve_extension') extensions++
    timers = advanceTimers(timers, { action, to, at: iso(at), extensions }, cal)
  }
  return timers
}

describe('step limits', () => {
  it('gives urgent categories short 24/7 steps and office categories office steps', () => {
    expect(stepLimits(twoUrgentHours)).toEqual({
      intake: { kind: 'urgent_hours', amount: 0.5 },
      dispatch: { kind: 'urgent_hours', amount: 0.5 },
      handling: twoUrgentHours,
      check: { kind: 'urgent_hours', amount: 1 },
      whole: { kind: 'urgent_hours', amount: 4 },
    })
    expect(stepLimits(twoWorkingDays)).toMatchObject({
      intake: { kind: 'working_days', amount: 0.5 },
      dispatch: { kind: 'working_hours', amount: 1 },
      check: { kind: 'working_days', amount: 1 },
      whole: { kind: 'working_days', amount: 3.625 },
    })
    expect(stepLimits({ kind: 'natural_days', amount: 15 }).whole).toEqual({ kind: 'natural_days', amount: 17 })
  })
})

describe('timers across a weekend and a holiday', () => {
  it('a report on Friday at 17:00 is due for filing on Monday at 11:00 (half a working day)', () => {
    const v = clockView('pending_filing', run(twoWorkingDays, '2026-11-27T17:00', []), bj('2026-11-27T17:30'))
    expect(v.deadline).toBe(iso('2026-11-30T11:00'))
    expect(v.remainingMs).toBe(3.5 * HOUR)
  })
  it('the handling clock starts at dispatch and skips the weekend', () => {
    const timers = run(twoWorkingDays, '2026-11-27T16:00', [
      ['file', 'pending_dispatch', '2026-11-27T16:30'],
      ['dispatch', 'dispatched', '2026-11-27T17:00'],
    ])
    const saturday = clockView('dispatched', timers, bj('2026-11-28T15:00'))
    expect(saturday.deadline).toBe(iso('2026-12-01T17:00'))
    // Nothing has run since Friday 18:00: one office hour used of sixteen.
    expect(saturday.remainingMs).toBe(15 * HOUR)
    expect(saturday.timers.dispatch).toMatchObject({ stoppedAt: iso('2026-11-27T17:00'), late: false, remainingMs: 0.5 * HOUR })
  })
  it('skips a public holiday and counts a make-up Saturday', () => {
    const timers = run(
      twoWorkingDays,
      '2026-09-30T15:00',
      [
        ['file', 'pending_dispatch', '2026-09-30T15:30'],
        ['dispatch', 'dispatched', '2026-09-30T16:00'],
      ],
      nationalDay,
    )
    // 2 h on 30 Sep, nothing 1-7 Oct, 8 h on the 8th, 6 h on the 9th.
    expect(clockView('dispatched', timers, bj('2026-10-05T12:00'), nationalDay).deadline).toBe(iso('2026-10-09T16:00'))
    // Without the holidays the same dispatch would be due on 2 Oct.
    expect(clockView('dispatched', timers, bj('2026-09-30T17:00')).deadline).toBe(iso('2026-10-02T16:00'))
  })
})

describe('suspension, extension and rework', () => {
  const dispatched: [CaseAction, CaseState, string][] = [
    ['file', 'pending_dispatch', '2026-11-25T08:00'],
    ['dispatch', 'dispatched', '2026-11-25T08:00'],
    ['accept', 'in_progress', '2026-11-25T08:30'],
  ]
  it('suspension pauses the handling and whole clocks: no deadline while paused, pushed back after', () => {
    const suspended = run(twoUrgentHours, '2026-11-25T08:00', [...dispatched, ['approve_suspension', 'suspended', '2026-11-25T09:00']])
    const during = clockView('suspended', suspended, bj('2026-11-25T15:00'))
    expect(during).toMatchObject({ deadline: null, remainingMs: HOUR, overdue: false, atRisk: false, nextFlagAt: null })
    const resumed = advanceTimers(suspended, { action: 'resume', to: 'in_progress', at: iso('2026-11-25T15:00'), extensions: 0 })
    const after = clockView('in_progress', resumed, bj('2026-11-25T15:00'))
    expect(after.deadline).toBe(iso('2026-11-25T16:00'))
    expect(after.timers.whole.deadline).toBe(iso('2026-11-25T18:00'))
  })
  it('an approved extension adds one original limit to handling and whole', () => {
    const extended = run(twoUrgentHours, '2026-11-25T08:00', [...dispatched, ['approve_extension', 'in_progress', '2026-11-25T09:00']])
    const v = clockView('in_progress', extended, bj('2026-11-25T09:00'))
    expect(v.deadline).toBe(iso('2026-11-25T12:00'))
    expect(v.timers.handling.allowedMs).toBe(4 * HOUR)
    expect(v.timers.whole.deadline).toBe(iso('2026-11-25T14:00'))
    const twice = advanceTimers(extended, { action: 'approve_extension', to: 'in_progress', at: iso('2026-11-25T10:00'), extensions: 2 })
    expect(clockView('in_progress', twice, bj('2026-11-25T10:00')).deadline).toBe(iso('2026-11-25T14:00'))
  })
  it('rework runs the same clock on, not counting the wait for the check', () => {
    const reworked = run(twoUrgentHours, '2026-11-25T08:00', [
      ...dispatched,
      ['feedback', 'pending_check', '2026-11-25T09:00'],
      ['rework', 'dispatched', '2026-11-25T09:40'],
    ])
    const v = clockView('dispatched', reworked, bj('2026-11-25T09:40'))
    expect(v.deadline).toBe(iso('2026-11-25T10:40'))
    expect(v.timers.check).toMatchObject({ startedAt: iso('2026-11-25T09:00'), stoppedAt: iso('2026-11-25T09:40') })
  })
})

describe('flags and their next flip', () => {
  const timers = run(twoUrgentHours, '2026-11-25T08:00', [
    ['file', 'pending_dispatch', '2026-11-25T08:00'],
    ['dispatch', 'dispatched', '2026-11-25T08:00'],
  ])
  it('turns at risk with less than 20% left, then overdue, at the instants nextFlip names', () => {
    const start = clockView('dispatched', timers, bj('2026-11-25T08:00'))
    expect(start).toMatchObject({ atRisk: false, overdue: false })
    // The whole-case clock (4 h) flips later than the step's (2 h): the step's at-risk comes first.
    expect(start.nextFlagAt).toBe(new Date(bj('2026-11-25T09:36').getTime() + 1).toISOString())
    const before = clockView('dispatched', timers, bj('2026-11-25T09:36'))
    expect(before.atRisk).toBe(false)
    const risky = clockView('dispatched', timers, new Date(start.nextFlagAt!))
    expect(risky).toMatchObject({ atRisk: true, overdue: false })
    expect(nextFlip(risky.timers.handling, NO_HOLIDAYS)).toBe(bj('2026-11-25T10:00').getTime() + 1)
    expect(clockView('dispatched', timers, bj('2026-11-25T10:00'))).toMatchObject({ overdue: false, remainingMs: 0 })
    const late = clockView('dispatched', timers, new Date(bj('2026-11-25T10:00').getTime() + 1))
    expect(late).toMatchObject({ atRisk: false, overdue: true, remainingMs: -1 })
  })
  it('on a working clock, a flip that falls on 12:00 happens at 14:00, after lunch', () => {
    const t = run({ kind: 'working_hours', amount: 5 }, '2026-11-25T08:00', [
      ['file', 'pending_dispatch', '2026-11-25T08:00'],
      ['dispatch', 'dispatched', '2026-11-25T08:00'],
    ])
    // 80% of 5 h = 4 h: used reaches it at 12:00 and passes it only after lunch.
    expect(nextFlip(clockView('dispatched', t, bj('2026-11-25T08:00')).timers.handling, NO_HOLIDAYS)).toBe(bj('2026-11-25T14:00').getTime() + 1)
    expect(clockView('dispatched', t, bj('2026-11-25T13:00')).atRisk).toBe(false)
  })
  it('a stopped step is late only if it stopped after its deadline', () => {
    const closed = run(twoUrgentHours, '2026-11-25T08:00', [
      ['file', 'pending_dispatch', '2026-11-25T08:10'],
      ['dispatch', 'dispatched', '2026-11-25T09:00'],
      ['feedback', 'pending_check', '2026-11-25T10:30'],
      ['close', 'closed', '2026-11-25T10:45'],
    ])
    const v = clockView('closed', closed, bj('2026-11-26T00:00'))
    // Dispatch took 50 min of its 30; handling 1.5 h of its 2.
    expect(v.timers.dispatch).toMatchObject({ late: true, remainingMs: -20 * 60_000, atRisk: false })
    expect(v.timers.handling).toMatchObject({ late: false, remainingMs: 30 * 60_000, atRisk: false })
    expect(v).toMatchObject({ deadline: null, remainingMs: null, overdue: false, nextFlagAt: null })
  })
})

describe('foldTimers', () => {
  it('rebuilds from history the same timers the service builds step by step', () => {
    const steps: [CaseAction, CaseState, string][] = [
      ['file', 'pending_dispatch', '2026-11-27T09:00'],
      ['dispatch', 'dispatched', '2026-11-27T10:00'],
      ['approve_extension', 'dispatched', '2026-11-27T11:00'],
      ['return_to_dispatch', 'pending_dispatch', '2026-11-27T11:30'],
      ['dispatch', 'dispatched', '2026-11-27T15:00'],
      ['feedback', 'pending_check', '2026-11-30T10:00'],
      ['close', 'closed', '2026-11-30T11:00'],
    ]
    const entry = (action: CaseAction, to: CaseState, at: string): CaseEvent => ({
      caseId: 'c1', action, from: null, to, actorId: 'a', actorRole: 'intake', at: iso(at), reason: null, notes: null, photos: [], assignee: null,
    })
    const history = [entry('report', 'pending_filing', '2026-11-27T08:30'), ...steps.map(([a, to, at]) => entry(a, to, at))]
    expect(foldTimers(history, twoWorkingDays, nationalDay)).toEqual(run(twoWorkingDays, '2026-11-27T08:30', steps, nationalDay))
  })
})
