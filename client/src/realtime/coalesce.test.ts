import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createCoalescer } from './coalesce'

beforeEach(() => vi.useFakeTimers())
afterEach(() => vi.useRealTimers())

describe('createCoalescer', () => {
  it('runs the first request at once and folds the next ones into one trailing run', () => {
    const run = vi.fn()
    const c = createCoalescer(run, 1000)
    c.request()
    expect(run).toHaveBeenCalledTimes(1)
    c.request()
    c.request()
    c.request()
    expect(run).toHaveBeenCalledTimes(1)
    vi.advanceTimersByTime(999)
    expect(run).toHaveBeenCalledTimes(1)
    vi.advanceTimersByTime(1)
    expect(run).toHaveBeenCalledTimes(2)
    vi.advanceTimersByTime(5000)
    expect(run).toHaveBeenCalledTimes(2)
  })

  it('never overlaps an async run, and catches up after it', async () => {
    let finish = () => {}
    const run = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)))
    const c = createCoalescer(run, 1000)
    c.request()
    c.request()
    await vi.advanceTimersByTimeAsync(5000)
    expect(run).toHaveBeenCalledTimes(1)
    finish()
    await vi.advanceTimersByTimeAsync(0)
    expect(run).toHaveBeenCalledTimes(2)
  })

  it('flush skips the wait; cancel drops a pending run', () => {
    const run = vi.fn()
    const c = createCoalescer(run, 10_000)
    c.request()
    c.request()
    c.flush()
    expect(run).toHaveBeenCalledTimes(2)
    c.request()
    expect(c.pending).toBe(true)
    c.cancel()
    vi.advanceTimersByTime(20_000)
    expect(run).toHaveBeenCalledTimes(2)
  })

  it('reports a failing run and keeps working', async () => {
    const onError = vi.fn()
    const run = vi.fn().mockRejectedValueOnce(new Error('boom')).mockResolvedValue(undefined)
    const c = createCoalescer(run, 100, { onError })
    c.request()
    await vi.advanceTimersByTimeAsync(0)
    expect(onError).toHaveBeenCalledTimes(1)
    c.request()
    await vi.advanceTimersByTimeAsync(100)
    expect(run).toHaveBeenCalledTimes(2)
  })
})
