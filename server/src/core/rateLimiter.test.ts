import { describe, expect, it } from 'vitest'
import { createRateLimiter } from './rateLimiter'

describe('rate limiter', () => {
  it('allows a burst, then refills at the rate', () => {
    let t = 0
    const limiter = createRateLimiter({ perSecond: 2, burst: 3, now: () => t })
    expect([1, 2, 3, 4].map(() => limiter.take('a'))).toEqual([true, true, true, false])
    expect(limiter.retryAfter('a')).toBe(1)
    expect(limiter.take('b')).toBe(true)
    t = 500
    expect(limiter.take('a')).toBe(true)
    expect(limiter.take('a')).toBe(false)
  })

  it('forgets refilled keys instead of growing without bound', () => {
    let t = 0
    const limiter = createRateLimiter({ perSecond: 10, burst: 1, now: () => t, maxKeys: 2 })
    limiter.take('a')
    limiter.take('b')
    t = 1000
    limiter.take('c')
    // a and b were refilled and swept, so each starts again with a full bucket.
    expect(limiter.take('a')).toBe(true)
  })
})
