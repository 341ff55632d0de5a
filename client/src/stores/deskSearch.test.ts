import { describe, expect, it } from 'vitest'
import { matchesDeskSearch } from './deskSearch'

const c = { code: 'GL20261204-0007', address: '鼓楼东大街 12 号', reporterPhone: '138****1234' }

describe('desk search', () => {
  it('finds a case by code (any case), address and category name', () => {
    expect(matchesDeskSearch(c, ['井盖缺失', 'Missing manhole cover'], 'gl20261204-0007')).toBe(true)
    expect(matchesDeskSearch(c, [], '东大街')).toBe(true)
    expect(matchesDeskSearch(c, ['井盖缺失', 'Missing manhole cover'], 'manhole')).toBe(true)
    expect(matchesDeskSearch(c, ['井盖缺失'], '路灯')).toBe(false)
  })

  it('finds a case by the last four digits of the phone, and only the last four', () => {
    expect(matchesDeskSearch(c, [], '1234')).toBe(true)
    expect(matchesDeskSearch(c, [], '5678')).toBe(false)
    expect(matchesDeskSearch({ ...c, reporterPhone: null }, [], '1234')).toBe(false)
  })

  it('an empty query matches everything', () => {
    expect(matchesDeskSearch(c, [], '  ')).toBe(true)
  })
})
