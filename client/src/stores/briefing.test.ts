import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type * as http from '../api/http'
import { ApiError, getJson } from '../api/http'
import { summaryPath, useBriefingStore } from './briefing'

vi.mock('../api/http', async (original) => ({ ...(await original<typeof http>()), getJson: vi.fn() }))

/** A read the test answers (or fails) by hand, so the order of answers is the test's. */
function deferred() {
  let resolve!: (v: unknown) => void
  let reject!: (e: unknown) => void
  const promise = new Promise((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

beforeEach(() => {
  setActivePinia(createPinia())
  vi.mocked(getJson).mockReset()
})

describe('the briefing store', () => {
  it('reads the summary of the period and scope asked', async () => {
    vi.mocked(getJson).mockResolvedValueOnce({ from: '2026-11-01' })
    const store = useBriefingStore()
    await store.open('2026-11-01', '2026-11-30', 'grid:G07')
    expect(vi.mocked(getJson).mock.calls[0]![0]).toBe('/briefing?from=2026-11-01&to=2026-11-30&scope=grid%3AG07')
    expect(summaryPath('2026-11-01', '2026-11-30', 'street')).toBe('/briefing?from=2026-11-01&to=2026-11-30&scope=street')
    expect(store.state).toBe('ready')
    expect(store.summary).toEqual({ from: '2026-11-01' })
  })

  it('never shows an older answer over a newer period, and aborts the older read', async () => {
    const first = deferred()
    const second = deferred()
    vi.mocked(getJson).mockReturnValueOnce(first.promise).mockReturnValueOnce(second.promise)
    const store = useBriefingStore()
    const a = store.open('2026-11-01', '2026-11-30', 'street')
    const b = store.open('2026-12-01', '2026-12-04', 'street')
    const firstSignal = vi.mocked(getJson).mock.calls[0]![2]!.signal!
    expect(firstSignal.aborted).toBe(true)
    second.resolve({ from: '2026-12-01' })
    await b
    first.resolve({ from: '2026-11-01' })
    await a
    expect(store.summary).toEqual({ from: '2026-12-01' })
    expect(store.state).toBe('ready')
  })

  it('says why a read failed and keeps what was shown', async () => {
    vi.mocked(getJson).mockResolvedValueOnce({ from: '2026-11-01' }).mockRejectedValueOnce(new ApiError('VALIDATION_FAILED', 'a scope is street, community:<id> or grid:<id>', 422, '/briefing'))
    const store = useBriefingStore()
    await store.open('2026-11-01', '2026-11-30', 'street')
    await store.open('2026-11-01', '2026-11-30', 'grid:nope')
    expect(store.state).toBe('error')
    expect(store.error).toBe('a scope is street, community:<id> or grid:<id>')
    expect(store.summary).toEqual({ from: '2026-11-01' })
  })
})
