import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope, nextTick, ref } from 'vue'
import { useAlarmCompact } from './useAlarmCompact'

beforeEach(() => vi.useFakeTimers())
afterEach(() => vi.useRealTimers())

describe('the alarm banner', () => {
  it('is full size for each new alarm, then compact, and leaves no timer behind', async () => {
    const alarmId = ref<string | null>('case-1')
    const scope = effectScope()
    const compact = scope.run(() => useAlarmCompact(alarmId, 15_000))!
    expect(compact.value).toBe(false)
    vi.advanceTimersByTime(14_999)
    expect(compact.value).toBe(false)
    vi.advanceTimersByTime(1)
    expect(compact.value).toBe(true)

    alarmId.value = 'case-2'
    await nextTick()
    expect(compact.value).toBe(false)
    vi.advanceTimersByTime(15_000)
    expect(compact.value).toBe(true)

    alarmId.value = null
    await nextTick()
    expect(compact.value).toBe(false)
    vi.advanceTimersByTime(60_000)
    expect(compact.value).toBe(false)

    alarmId.value = 'case-3'
    await nextTick()
    scope.stop()
    expect(vi.getTimerCount()).toBe(0)
  })
})
