import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope, nextTick, ref } from 'vue'
import { useOfflineRecheck } from './useOfflineRecheck'

beforeEach(() => vi.useFakeTimers())
afterEach(() => vi.useRealTimers())

describe('a tile of a camera said to be offline', () => {
  it('looks again for a window every interval while offline, and stops when it is back', async () => {
    const offline = ref(false)
    const scope = effectScope()
    const rechecking = scope.run(() => useOfflineRecheck(offline, { everyMs: 30_000, windowMs: 15_000 }))!
    vi.advanceTimersByTime(60_000)
    expect(rechecking.value).toBe(false)

    offline.value = true
    await nextTick()
    vi.advanceTimersByTime(29_999)
    expect(rechecking.value).toBe(false)
    vi.advanceTimersByTime(1)
    expect(rechecking.value).toBe(true)
    vi.advanceTimersByTime(15_000)
    expect(rechecking.value).toBe(false)
    vi.advanceTimersByTime(30_000)
    expect(rechecking.value).toBe(true)

    offline.value = false
    await nextTick()
    expect(rechecking.value).toBe(false)
    vi.advanceTimersByTime(120_000)
    expect(rechecking.value).toBe(false)
    scope.stop()
  })

  it('starts counting at once for a camera already offline, and leaves no timer behind', () => {
    const scope = effectScope()
    const rechecking = scope.run(() => useOfflineRecheck(ref(true), { everyMs: 1_000, windowMs: 500 }))!
    vi.advanceTimersByTime(1_000)
    expect(rechecking.value).toBe(true)
    scope.stop()
    expect(vi.getTimerCount()).toBe(0)
  })

  it('looks at once when asked to (an alarm tile), then keeps the usual rhythm', async () => {
    const offline = ref(true)
    const scope = effectScope()
    const rechecking = scope.run(() => useOfflineRecheck(offline, { everyMs: 30_000, windowMs: 15_000, lookFirst: true }))!
    expect(rechecking.value).toBe(true)
    vi.advanceTimersByTime(15_000)
    expect(rechecking.value).toBe(false)
    vi.advanceTimersByTime(30_000)
    expect(rechecking.value).toBe(true)

    // Going offline later is news from the health push, not a tile opening: it waits as usual.
    offline.value = false
    await nextTick()
    offline.value = true
    await nextTick()
    expect(rechecking.value).toBe(false)
    vi.advanceTimersByTime(30_000)
    expect(rechecking.value).toBe(true)
    scope.stop()
  })
})
