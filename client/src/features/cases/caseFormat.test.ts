import { describe, expect, it } from 'vitest'
import { changed, makeCase } from '../../realtime/testing/caseFixtures'
import { formatClock, formatDuration, formatReportedAt, caseRow, timeLeft } from './caseFormat'

const NOW = Date.parse('2026-03-02T04:00:00.000Z') // 12:00 in Beijing
const MIN = 60_000

describe('formatDuration', () => {
  it('shows the two largest units, rounded down, in either language', () => {
    expect(formatDuration(30_000, 'zh-CN')).toBe('不足1分钟')
    expect(formatDuration(30_000, 'en')).toBe('<1 min')
    expect(formatDuration(59 * MIN + 59_000, 'zh-CN')).toBe('59分钟')
    expect(formatDuration(135 * MIN, 'zh-CN')).toBe('2小时15分')
    expect(formatDuration(135 * MIN, 'en')).toBe('2 h 15 min')
    expect(formatDuration(120 * MIN, 'en')).toBe('2 h')
    expect(formatDuration((26 * 60 + 59) * MIN, 'zh-CN')).toBe('1天2小时')
    expect(formatDuration(3 * 24 * 60 * MIN, 'en')).toBe('3 d')
    expect(formatDuration(-5, 'en')).toBe('<1 min')
  })
})

describe('timeLeft', () => {
  it('counts down to the deadline and flags a step at risk', () => {
    const c = makeCase('a', { deadline: new Date(NOW + 90 * MIN).toISOString(), remainingMs: 90 * MIN, atRisk: true })
    expect(timeLeft(c, NOW)).toEqual({ kind: 'left', ms: 90 * MIN, level: 'risk' })
    expect(timeLeft(c, NOW + 30 * MIN)).toEqual({ kind: 'left', ms: 60 * MIN, level: 'risk' })
  })

  it('turns overdue once the deadline passes, before the server says so', () => {
    const c = makeCase('a', { deadline: new Date(NOW - 10 * MIN).toISOString(), remainingMs: 5 * MIN })
    expect(timeLeft(c, NOW)).toEqual({ kind: 'overdue', ms: 10 * MIN, level: 'late' })
  })

  it('shows a paused step with its frozen remainder, and nothing when no step is timed', () => {
    expect(timeLeft(makeCase('a', { state: 'suspended', deadline: null, remainingMs: 45 * MIN }), NOW)).toEqual({
      kind: 'paused',
      ms: 45 * MIN,
      level: 'ok',
    })
    expect(timeLeft(makeCase('a', { deadline: null, remainingMs: -3 * MIN, overdue: true }), NOW)).toEqual({
      kind: 'overdue',
      ms: 3 * MIN,
      level: 'late',
    })
    expect(timeLeft(makeCase('a'), NOW)).toEqual({ kind: 'none', ms: null, level: 'none' })
  })
})

describe('reported time and rows', () => {
  it('shows Beijing time, with the date when it is not today', () => {
    expect(formatReportedAt('2026-03-02T01:05:00.000Z', NOW, 'zh-CN')).toBe('09:05')
    expect(formatReportedAt('2026-02-28T15:30:00.000Z', NOW, 'zh-CN')).toBe('2月28日 23:30')
    expect(formatReportedAt('2026-02-28T15:30:00.000Z', NOW, 'en')).toBe('02-28 23:30')
    expect(formatClock(NOW)).toBe('12:00:00')
  })

  it('builds a row of plain text with labels in the chosen language', () => {
    const c = changed(1, makeCase('7', { source: 'hotline', state: 'dispatched', title: '<img src=x onerror=alert(1)>' })).case
    const zh = caseRow(c, NOW, 'zh-CN')
    expect(zh).toMatchObject({ source: '96156热线', state: '待处置', title: '<img src=x onerror=alert(1)>', timeLeftText: '' })
    expect(caseRow(c, NOW, 'en')).toMatchObject({ source: '96156 hotline', state: 'Dispatched' })
  })
})
