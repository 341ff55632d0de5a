import { describe, expect, it } from 'vitest'
import type { ReplayTimeline } from '@shared/schemas/replay'
import { beijingClock, createFrameIndex, groupCounts, replayClock } from './replayFrames'

const T = Date.parse('2026-11-10T10:00:00+08:00')
const timeline: ReplayTimeline = {
  from: '2026-11-10',
  to: '2026-11-10',
  scope: 'street',
  startAt: Date.parse('2026-11-10T00:00:00+08:00'),
  endAt: Date.parse('2026-11-11T00:00:00+08:00'),
  cases: [
    ['a', 116.39, 39.93, [[T, 'pending_filing'], [T + 60_000, 'pending_dispatch']]],
    ['b', 116.4, 39.94, [[T - 60_000, 'dispatched'], [T, 'closed']]],
  ],
}

describe('replay frames', () => {
  it('redraws only when T passes a step, with the cases open then', () => {
    const index = createFrameIndex(timeline)
    expect(index.frame(T - 1)).toEqual({ open: [expect.objectContaining({ id: 'b', state: 'dispatched' })], changed: true })
    expect(index.frame(T - 1).changed).toBe(false)
    expect(index.frame(T)).toEqual({ open: [expect.objectContaining({ id: 'a', state: 'pending_filing' })], changed: true })
    expect(index.frame(T + 59_999).changed).toBe(false)
    const later = index.frame(T + 60_000)
    expect(later.changed).toBe(true)
    expect(groupCounts(later.open)).toEqual({ intake: 0, dispatch: 1, handling: 0, suspended: 0, check: 0 })
  })

  it('reads the clock in Beijing time whatever the zone', () => {
    expect(beijingClock(Date.parse('2026-11-09T16:30:00Z'))).toEqual({ day: '2026-11-10', time: '00:30' })
    expect(replayClock(timeline.startAt, timeline)).toEqual({ day: '2026-11-10', time: '00:00' })
    expect(replayClock(timeline.endAt, timeline)).toEqual({ day: '2026-11-10', time: '24:00' })
  })
})
