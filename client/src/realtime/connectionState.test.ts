import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { initialConnection, OFFLINE_AFTER_MS, reduceConnection, useConnectionStore, type ConnectionSnapshot, type LinkEvent } from './connectionState'

const run = (events: Array<[LinkEvent, number]>, start: ConnectionSnapshot = initialConnection(0)) =>
  events.reduce((state, [event, at]) => reduceConnection(state, event, at), start)

describe('reduceConnection', () => {
  it('goes online on connect and reconnecting on a drop, with the time it happened', () => {
    const online = run([[{ type: 'connected' }, 100]])
    expect(online).toEqual({ status: 'online', since: 100, lostAt: null, error: null })
    expect(run([[{ type: 'disconnected', willRetry: true }, 900]], online)).toEqual({ status: 'reconnecting', since: 900, lostAt: 900, error: null })
  })

  it(`turns offline after ${OFFLINE_AFTER_MS} ms without a link, and stays offline while retrying`, () => {
    const dropped = run([[{ type: 'connected' }, 0], [{ type: 'disconnected', willRetry: true }, 1000]])
    expect(reduceConnection(dropped, { type: 'tick' }, 1000 + OFFLINE_AFTER_MS - 1).status).toBe('reconnecting')
    const offline = reduceConnection(dropped, { type: 'tick' }, 1000 + OFFLINE_AFTER_MS)
    expect(offline).toMatchObject({ status: 'offline', lostAt: 1000 })
    expect(reduceConnection(offline, { type: 'connecting' }, 9000).status).toBe('offline')
    expect(reduceConnection(offline, { type: 'connected' }, 9500)).toEqual({ status: 'online', since: 9500, lostAt: null, error: null })
  })

  it('is offline at once when the server refuses or closes us on purpose', () => {
    expect(run([[{ type: 'refused', code: 'UNAUTHENTICATED' }, 50]])).toEqual({ status: 'offline', since: 50, lostAt: 0, error: 'UNAUTHENTICATED' })
    const kicked = run([[{ type: 'connected' }, 0], [{ type: 'disconnected', willRetry: false }, 70]])
    expect(kicked).toMatchObject({ status: 'offline', lostAt: 70 })
  })
})

describe('useConnectionStore', () => {
  beforeEach(() => {
    vi.useFakeTimers()
    setActivePinia(createPinia())
  })
  afterEach(() => vi.useRealTimers())

  it('escalates a failed first connect to offline by itself', () => {
    const store = useConnectionStore()
    expect(store.status).toBe('reconnecting')
    vi.advanceTimersByTime(OFFLINE_AFTER_MS)
    expect(store.status).toBe('offline')
    store.report({ type: 'connected' })
    expect(store.status).toBe('online')
  })

  it('knows whether the page has a realtime link at all', () => {
    const store = useConnectionStore()
    vi.advanceTimersByTime(OFFLINE_AFTER_MS)
    // A page that never opened the socket is "offline" by the clock but has no link to lose.
    expect(store.linked).toBe(false)
    store.report({ type: 'connecting' })
    expect(store.linked).toBe(true)
  })
})
