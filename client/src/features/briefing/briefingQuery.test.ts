import { describe, expect, it } from 'vitest'
import { briefingQueryString, parseBriefingQuery, presetOf, presetRange, scopeParts } from './briefingQuery'

// Thursday 3 December 2026, 01:00 in Beijing (still 2 December in UTC).
const NOW = Date.parse('2026-12-02T17:00:00Z')

describe('the briefing period', () => {
  it('turns each preset into Beijing days', () => {
    expect(presetRange('today', NOW)).toEqual({ from: '2026-12-03', to: '2026-12-03' })
    expect(presetRange('week', NOW)).toEqual({ from: '2026-11-30', to: '2026-12-03' })
    expect(presetRange('month', NOW)).toEqual({ from: '2026-12-01', to: '2026-12-03' })
    expect(presetRange('lastMonth', NOW)).toEqual({ from: '2026-11-01', to: '2026-11-30' })
    expect(presetRange('lastMonth', Date.parse('2027-01-15T04:00:00Z'))).toEqual({ from: '2026-12-01', to: '2026-12-31' })
    expect(presetRange('lastMonth', Date.parse('2027-03-10T04:00:00Z'))).toEqual({ from: '2027-02-01', to: '2027-02-28' })
  })

  it('starts the week on Monday, a Sunday included', () => {
    expect(presetRange('week', Date.parse('2026-12-06T04:00:00Z'))).toEqual({ from: '2026-11-30', to: '2026-12-06' })
    expect(presetRange('week', Date.parse('2026-11-30T04:00:00Z'))).toEqual({ from: '2026-11-30', to: '2026-11-30' })
  })

  it('names the preset a range is, else custom', () => {
    expect(presetOf({ from: '2026-11-01', to: '2026-11-30' }, NOW)).toBe('lastMonth')
    expect(presetOf({ from: '2026-12-03', to: '2026-12-03' }, NOW)).toBe('today')
    expect(presetOf({ from: '2026-11-02', to: '2026-11-30' }, NOW)).toBe('custom')
  })
})

describe('the briefing URL', () => {
  it('reads period, scope, page and print', () => {
    expect(parseBriefingQuery({ from: '2026-11-01', to: '2026-11-30', scope: 'grid:G07', page: '3', print: '1' }, NOW)).toEqual({
      from: '2026-11-01',
      to: '2026-11-30',
      scope: 'grid:G07',
      page: 3,
      print: true,
    })
  })

  it('falls back to this month, the street and the first page on anything malformed, and swaps a reversed range', () => {
    expect(parseBriefingQuery({ from: 'yesterday', scope: 'city', page: '-1', print: 'yes' }, NOW)).toEqual({
      from: '2026-12-01',
      to: '2026-12-03',
      scope: 'street',
      page: 0,
      print: false,
    })
    expect(parseBriefingQuery({ from: '2026-11-30', to: '2026-11-01' }, NOW)).toMatchObject({ from: '2026-11-01', to: '2026-11-30' })
  })

  it('writes the query back, print only when asked', () => {
    const q = { from: '2026-11-01', to: '2026-11-30', scope: 'community:C03', page: 2 }
    expect(briefingQueryString(q)).toEqual({ from: '2026-11-01', to: '2026-11-30', scope: 'community:C03', page: '2' })
    expect(briefingQueryString({ ...q, print: true })).toMatchObject({ print: '1' })
    expect(parseBriefingQuery(briefingQueryString(q), NOW)).toEqual({ ...q, print: false })
  })

  it('splits a scope into its kind and id', () => {
    expect(scopeParts('street')).toEqual({ kind: 'street' })
    expect(scopeParts('grid:G07')).toEqual({ kind: 'grid', id: 'G07' })
  })
})
