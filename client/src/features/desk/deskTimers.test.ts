import { describe, expect, it } from 'vitest'
import type { CaseTimer } from '@shared/schemas/case'
import { timerView, wholeLateMs } from './deskTimers'

const base: CaseTimer = {
  limit: { kind: 'working_hours', amount: 2 },
  allowedMs: 7_200_000,
  startedAt: '2026-12-04T01:00:00.000Z',
  pausedMs: 0,
  pausedSince: null,
  stoppedAt: null,
  deadline: '2026-12-04T03:00:00.000Z',
  remainingMs: 3_600_000,
  atRisk: false,
  late: false,
}
const at = (iso: string) => Date.parse(iso)

describe('a step timer at the desk', () => {
  it('counts down to its deadline, then counts the time past it', () => {
    expect(timerView(base, at('2026-12-04T02:59:00.000Z'))).toEqual({ kind: 'left', ms: 60_000 })
    expect(timerView(base, at('2026-12-04T03:02:00.000Z'))).toEqual({ kind: 'late', ms: 120_000 })
  })

  it('shows a paused step with its frozen remainder, a finished one done and an unstarted one idle', () => {
    expect(timerView({ ...base, deadline: null, pausedSince: '2026-12-04T02:00:00.000Z' }, 0)).toEqual({ kind: 'paused', ms: 3_600_000 })
    expect(timerView({ ...base, stoppedAt: '2026-12-04T02:00:00.000Z' }, 0).kind).toBe('done')
    expect(timerView({ ...base, startedAt: null, deadline: null }, 0).kind).toBe('idle')
  })
})

describe('the whole-case limit at the desk', () => {
  const timers = (whole: CaseTimer) => ({ intake: base, dispatch: base, handling: base, check: base, whole })

  it('is late by the time past its deadline, even while the running step has time left', () => {
    expect(wholeLateMs(timers(base), at('2026-12-04T03:30:00.000Z'))).toBe(1_800_000)
    expect(wholeLateMs(timers(base), at('2026-12-04T02:30:00.000Z'))).toBeNull()
  })

  it('counts a paused case past its limit by its frozen overrun, and a finished one not at all', () => {
    expect(wholeLateMs(timers({ ...base, deadline: null, pausedSince: '2026-12-04T02:00:00.000Z', remainingMs: -600_000 }), 0)).toBe(600_000)
    expect(wholeLateMs(timers({ ...base, stoppedAt: '2026-12-04T02:00:00.000Z' }), at('2026-12-05T00:00:00.000Z'))).toBeNull()
  })
})
