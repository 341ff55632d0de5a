import { describe, expect, it } from 'vitest'
import { beijingDay, beijingMidnight, beijingWeekday, shiftDay } from './beijingTime'

describe('Beijing calendar', () => {
  it('turns the day at 16:00 UTC, whatever the host zone', () => {
    expect(beijingDay('2026-12-03T15:59:59.999Z')).toBe('2026-12-03')
    expect(beijingDay('2026-12-03T16:00:00.000Z')).toBe('2026-12-04')
    expect(beijingDay(new Date('2026-12-31T16:30:00Z'))).toBe('2027-01-01')
    expect(beijingDay(Date.parse('2026-06-01T00:00:00+08:00'))).toBe('2026-06-01')
  })

  it('finds Beijing midnight and weekday', () => {
    expect(new Date(beijingMidnight('2026-12-04T03:00:00+08:00')).toISOString()).toBe('2026-12-03T16:00:00.000Z')
    // 2026-12-05 is a Saturday in Beijing while it is still Friday in UTC.
    expect(beijingWeekday('2026-12-04T17:00:00Z')).toBe(6)
  })

  it('shifts calendar days across months and years', () => {
    expect(shiftDay('2026-12-31', 1)).toBe('2027-01-01')
    expect(shiftDay('2026-03-01', -1)).toBe('2026-02-28')
    expect(shiftDay('2028-03-01', -1)).toBe('2028-02-29')
  })
})
