import { describe, expect, it } from 'vitest'
import type { CaseAction, CaseEvent } from './schemas/case'
import {
  HolidayCalendar,
  handlingTimer,
  NO_HOLIDAYS,
  addWorkingMs,
  deadline,
  isWorkingDay,
  timerStatus,
  workingMsBetween,
  type TimerInput,
} from './timeLimits'

const HOUR = 3_600_000
/** A Beijing wall-clock time as an instant. */
const bj = (local: string) => new Date(`${local}:00+08:00`)
const iso = (local: string) => bj(local).toISOString()

// A hand-made calendar in the shape of the National Day break: 1-7 Oct off, Saturday 10 Oct worked.
const nationalDay = HolidayCalendar.parse({
  holidays: ['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07'],
  workdays: ['2026-10-10'],
})

describe('working days', () => {
  it('skips weekends and holidays and counts make-up Saturdays', () => {
    expect(isWorkingDay('2026-11-27', NO_HOLIDAYS)).toBe(true) // Friday
    expect(isWorkingDay('2026-11-28', NO_HOLIDAYS)).toBe(false) // Saturday
    expect(isWorkingDay('2026-10-05', nationalDay)).toBe(false) // Monday, holiday
    expect(isWorkingDay('2026-10-10', nationalDay)).toBe(true) // Saturday, worked
  })
})

describe('deadlines on each clock, from Friday 17:00 in Beijing', () => {
  const friday5pm = bj('2026-11-27T17:00')
  it('urgent hours run through the night', () => {
    expect(deadline(friday5pm, { kind: 'urgent_hours', amount: 2 })).toEqual(bj('2026-11-27T19:00'))
  })
  it('natural days run through the weekend', () => {
    expect(deadline(friday5pm, { kind: 'natural_days', amount: 2 })).toEqual(bj('2026-11-29T17:00'))
  })
  it('working hours stop at 18:00, skip the weekend and the lunch break', () => {
    expect(deadline(friday5pm, { kind: 'working_hours', amount: 4 })).toEqual(bj('2026-11-30T11:00'))
    expect(deadline(friday5pm, { kind: 'working_hours', amount: 6 })).toEqual(bj('2026-11-30T15:00'))
  })
  it('a working day is 8 working hours', () => {
    expect(deadline(friday5pm, { kind: 'working_days', amount: 2 })).toEqual(bj('2026-12-01T17:00'))
    expect(deadline(bj('2026-11-25T11:00'), { kind: 'working_days', amount: 0.5 })).toEqual(bj('2026-11-25T17:00'))
  })
  it('a deadline that falls on the end of a window stays there', () => {
    expect(deadline(bj('2026-11-27T11:00'), { kind: 'working_hours', amount: 1 })).toEqual(bj('2026-11-27T12:00'))
  })
  it('a report made on Saturday starts counting on Monday morning', () => {
    expect(deadline(bj('2026-11-28T10:00'), { kind: 'working_hours', amount: 1 })).toEqual(bj('2026-11-30T09:00'))
    expect(deadline(bj('2026-11-27T21:00'), { kind: 'working_hours', amount: 1 })).toEqual(bj('2026-11-30T09:00'))
  })
})

describe('across a holiday', () => {
  it('jumps the whole break', () => {
    expect(deadline(bj('2026-09-30T15:00'), { kind: 'working_days', amount: 1 }, nationalDay)).toEqual(bj('2026-10-08T15:00'))
  })
  it('works the make-up Saturday', () => {
    expect(deadline(bj('2026-10-09T14:00'), { kind: 'working_hours', amount: 10 }, nationalDay)).toEqual(bj('2026-10-10T16:00'))
    expect(deadline(bj('2026-10-09T14:00'), { kind: 'working_hours', amount: 10 })).toEqual(bj('2026-10-12T16:00'))
  })
  it('measures working time between instants consistently with adding it', () => {
    const start = bj('2026-09-29T09:30').getTime()
    for (const hours of [0.5, 3, 8, 13, 40]) {
      const end = addWorkingMs(start, hours * HOUR, nationalDay)
      expect(workingMsBetween(start, end, nationalDay)).toBe(hours * HOUR)
    }
  })
})

describe('timer status', () => {
  const urgent: TimerInput = {
    limit: { kind: 'urgent_hours', amount: 10 },
    startedAt: iso('2026-11-27T08:00'),
    pauses: [],
    extensions: 0,
    stoppedAt: null,
  }
  it('is neither at risk nor overdue with more than 20% left', () => {
    expect(timerStatus(urgent, bj('2026-11-27T15:00'))).toMatchObject({
      remainingMs: 3 * HOUR,
      atRisk: false,
      overdue: false,
      deadline: iso('2026-11-27T18:00'),
    })
  })
  it('is at risk under 20% left, overdue past the deadline', () => {
    expect(timerStatus(urgent, bj('2026-11-27T16:30'))).toMatchObject({ atRisk: true, overdue: false })
    expect(timerStatus(urgent, bj('2026-11-27T19:00'))).toMatchObject({ atRisk: false, overdue: true, remainingMs: -HOUR })
  })
  it('an approved extension adds one original limit', () => {
    expect(timerStatus({ ...urgent, extensions: 1 }, bj('2026-11-27T19:00'))).toMatchObject({
      allowedMs: 20 * HOUR,
      remainingMs: 9 * HOUR,
      overdue: false,
      deadline: iso('2026-11-28T04:00'),
    })
  })
  it('has not started before dispatch', () => {
    expect(timerStatus({ ...urgent, startedAt: null }, bj('2026-11-29T00:00'))).toMatchObject({ deadline: null, overdue: false })
  })
  it('stops counting when the step is done', () => {
    expect(timerStatus({ ...urgent, stoppedAt: iso('2026-11-27T17:00') }, bj('2026-12-10T00:00'))).toMatchObject({
      remainingMs: HOUR,
      overdue: false,
    })
  })
  const working: TimerInput = {
    limit: { kind: 'working_hours', amount: 8 },
    startedAt: iso('2026-11-23T08:00'),
    pauses: [{ from: iso('2026-11-23T10:00'), to: iso('2026-11-25T10:00') }],
    extensions: 0,
    stoppedAt: null,
  }
  it('a suspension pauses the clock and pushes the deadline by the paused working time', () => {
    expect(timerStatus(working, bj('2026-11-25T12:00'))).toMatchObject({
      remainingMs: 4 * HOUR,
      paused: false,
      deadline: iso('2026-11-25T18:00'),
    })
  })
  it('while suspended, the remaining time is frozen and there is no deadline', () => {
    const open = { ...working, pauses: [{ from: iso('2026-11-23T10:00'), to: null }] }
    const monday = timerStatus(open, bj('2026-11-23T17:00'))
    const friday = timerStatus(open, bj('2026-11-27T17:00'))
    expect(monday).toMatchObject({ paused: true, deadline: null, remainingMs: 6 * HOUR })
    expect(friday.remainingMs).toBe(6 * HOUR)
  })
})

describe('the handling timer read from the history', () => {
  const entry = (action: CaseAction, local: string): CaseEvent => ({
    caseId: 'c1',
    action,
    from: null,
    to: 'dispatched',
    actorId: 'a',
    actorRole: 'dispatcher',
    at: iso(local),
    reason: null,
    notes: null,
    photos: [],
    assignee: null,
  })
  const limit = { kind: 'urgent_hours', amount: 10 } as const

  it('starts at dispatch, pauses while suspended, stops at feedback', () => {
    const timer = handlingTimer(
      [
        entry('report', '2026-11-27T07:00'),
        entry('file', '2026-11-27T07:30'),
        entry('dispatch', '2026-11-27T08:00'),
        entry('approve_suspension', '2026-11-27T09:00'),
        entry('resume', '2026-11-27T12:00'),
        entry('feedback', '2026-11-27T14:00'),
      ],
      limit,
      1,
    )
    expect(timer).toEqual({
      limit,
      startedAt: iso('2026-11-27T08:00'),
      pauses: [{ from: iso('2026-11-27T09:00'), to: iso('2026-11-27T12:00') }],
      extensions: 1,
      stoppedAt: iso('2026-11-27T14:00'),
    })
    expect(timerStatus(timer, bj('2026-12-01T00:00')).remainingMs).toBe(17 * HOUR)
  })

  it('runs on after rework without counting the wait for the check, and restarts on a new dispatch', () => {
    const reworked = handlingTimer(
      [entry('dispatch', '2026-11-27T08:00'), entry('feedback', '2026-11-27T10:00'), entry('rework', '2026-11-27T15:00')],
      limit,
      0,
    )
    expect(timerStatus(reworked, bj('2026-11-27T16:00')).remainingMs).toBe(7 * HOUR)
    const returned = handlingTimer(
      [entry('dispatch', '2026-11-27T08:00'), entry('return_to_dispatch', '2026-11-27T09:00'), entry('dispatch', '2026-11-27T11:00')],
      limit,
      0,
    )
    expect(returned).toMatchObject({ startedAt: iso('2026-11-27T11:00'), pauses: [], stoppedAt: null })
  })
})
