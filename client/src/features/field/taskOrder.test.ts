import { describe, expect, it } from 'vitest'
import { orderTasks, splitDuration, timeLeftMs } from './taskOrder'

const at = (id: string, deadline: string | null, remainingMs: number | null, urgent = false) => ({ id, deadline, remainingMs, urgent, createdAt: '2026-01-01T00:00:00.000Z' })

describe('the order of my tasks', () => {
  const now = Date.parse('2026-01-02T00:00:00.000Z')
  it('puts the latest late case first, then the least time left, untimed last', () => {
    const list = [at('later', '2026-01-02T05:00:00.000Z', 0), at('untimed', null, null), at('late', '2026-01-01T20:00:00.000Z', 0), at('soon', '2026-01-02T01:00:00.000Z', 0)]
    expect(orderTasks(list, now).map((c) => c.id)).toEqual(['late', 'soon', 'later', 'untimed'])
  })
  it('reads a paused step from what was left', () => {
    expect(timeLeftMs(at('p', null, 5000), now)).toBe(5000)
    expect(splitDuration(-(26 * 3600_000 + 5 * 60_000))).toEqual({ days: 1, hours: 2, minutes: 5 })
  })
})
