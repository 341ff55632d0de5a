import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createAutoAdvance } from './autoAdvance'

beforeEach(() => vi.useFakeTimers())
afterEach(() => vi.useRealTimers())

describe("the briefing's own timer", () => {
  it('moves on every N seconds while running, and not while stopped', () => {
    const next = vi.fn()
    const timer = createAutoAdvance(20, next)
    timer.restart(true)
    vi.advanceTimersByTime(19_999)
    expect(next).not.toHaveBeenCalled()
    vi.advanceTimersByTime(1)
    expect(next).toHaveBeenCalledTimes(1)
    timer.restart(false)
    vi.advanceTimersByTime(60_000)
    expect(next).toHaveBeenCalledTimes(1)
  })

  it('gives a page shown by hand its full time, and stops for good on stop', () => {
    const next = vi.fn()
    const timer = createAutoAdvance(20, next)
    timer.restart(true)
    vi.advanceTimersByTime(15_000)
    timer.restart(true)
    vi.advanceTimersByTime(15_000)
    expect(next).not.toHaveBeenCalled()
    vi.advanceTimersByTime(5_000)
    expect(next).toHaveBeenCalledTimes(1)
    timer.stop()
    vi.advanceTimersByTime(60_000)
    expect(next).toHaveBeenCalledTimes(1)
  })
})
