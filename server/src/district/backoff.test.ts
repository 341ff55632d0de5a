import { describe, expect, it } from 'vitest'
import { backoffMs } from './backoff'

const policy = { baseMs: 1000, capMs: 60_000 }

describe('the retry backoff', () => {
  it('doubles after each failure and stops growing at the cap', () => {
    const top = (n: number) => backoffMs(n, policy, () => 0.999_999)
    expect([1, 2, 3, 4].map(top)).toEqual([1000, 2000, 4000, 8000])
    expect(top(7)).toBe(60_000)
    expect(top(1000)).toBe(60_000)
  })

  it('keeps half of each wait fixed and jitters the other half', () => {
    expect(backoffMs(3, policy, () => 0)).toBe(2000)
    expect(backoffMs(3, policy, () => 0.5)).toBe(3000)
    expect(backoffMs(0, policy, () => 0)).toBe(500)
  })
})
