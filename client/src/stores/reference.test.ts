import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { cameras, communities, grids, markets, roads, street } from '../testing/referenceFixtures'
import { resetRealtime } from '../realtime/socket'
import { useCameraHealthStore } from './cameraHealth'
import { useReferenceStore } from './reference'

const bodies: Record<string, unknown> = {
  '/api/v1/map/config': { styleUrl: null },
  '/api/v1/street': street,
  '/api/v1/communities': communities,
  '/api/v1/grids': grids,
  '/api/v1/roads': roads,
  '/api/v1/markets': { items: markets },
  // A server from before the health checker: no status field at all.
  '/api/v1/cameras': { items: cameras.map(({ status: _status, ...c }) => c) },
}

/** A fetch stub answering from `bodies`, except the paths in `failing`. */
function stubApi(failing: Record<string, { status: number; body: unknown }> = {}) {
  const calls: string[] = []
  const fetch = vi.fn(async (input: RequestInfo | URL) => {
    const url = String(input)
    calls.push(url)
    const failure = failing[url]
    if (failure) return new Response(JSON.stringify(failure.body), { status: failure.status })
    const body = bodies[url]
    return body ? new Response(JSON.stringify(body)) : new Response('{"error":{"code":"NOT_FOUND","message":"no route"}}', { status: 404 })
  })
  vi.stubGlobal('fetch', fetch)
  return calls
}

beforeEach(() => setActivePinia(createPinia()))
afterEach(() => {
  vi.unstubAllGlobals()
  resetRealtime()
})

describe('reference store hydrate', () => {
  it('loads every collection in parallel and becomes ready', async () => {
    const calls = stubApi()
    const store = useReferenceStore()
    const running = store.hydrate()
    expect(store.loadState).toBe('loading')
    await running
    expect(store.loadState).toBe('ready')
    expect(store.progress).toBe(1)
    expect(calls).toHaveLength(7)
    expect(store.grids?.features).toHaveLength(3)
    expect(store.markets).toHaveLength(1)
    expect(store.mapConfig).toEqual({ styleUrl: null })
  })

  it('reads cameras without a status as unknown', async () => {
    stubApi()
    const store = useReferenceStore()
    await store.hydrate()
    expect(store.cameras?.map((c) => c.status)).toEqual(['unknown', 'unknown', 'unknown'])
    expect(useCameraHealthStore().counts).toEqual({ online: 0, offline: 0, stalled: 0, preparing: 0, unknown: 3 })
  })

  it('records a failing resource with its error and keeps the rest', async () => {
    stubApi({ '/api/v1/grids': { status: 503, body: { error: { code: 'NOT_READY', message: 'importing' } } } })
    const store = useReferenceStore()
    await expect(store.hydrate()).resolves.toBeUndefined()
    expect(store.loadState).toBe('error')
    expect(store.resourceState.grids).toBe('error')
    expect(store.errors.grids).toMatchObject({ code: 'NOT_READY', status: 503, message: 'importing' })
    expect(store.street?.features).toHaveLength(1)
    expect(store.grids).toBeNull()
  })

  it('retries only what failed, and clears the error once it loads', async () => {
    stubApi({ '/api/v1/cameras': { status: 500, body: { error: { code: 'INTERNAL', message: 'boom' } } } })
    const store = useReferenceStore()
    await store.hydrate()
    expect(store.errors.cameras?.code).toBe('INTERNAL')

    const calls = stubApi()
    await store.hydrate()
    expect(calls).toEqual(['/api/v1/cameras'])
    expect(store.loadState).toBe('ready')
    expect(store.errors).toEqual({})
  })

  it('joins a running hydrate instead of starting a second one', async () => {
    const calls = stubApi()
    const store = useReferenceStore()
    await Promise.all([store.hydrate(), store.hydrate()])
    expect(calls).toHaveLength(7)
  })

  it('treats an answer of the wrong shape as a failure of that resource', async () => {
    stubApi({ '/api/v1/roads': { status: 200, body: { type: 'FeatureCollection', features: [{ nope: true }] } } })
    const store = useReferenceStore()
    await store.hydrate()
    expect(store.errors.roads?.code).toBe('BAD_RESPONSE')
  })

  it('dehydrate drops everything', async () => {
    stubApi()
    const store = useReferenceStore()
    await store.hydrate()
    store.dehydrate()
    expect(store.loadState).toBe('idle')
    expect(store.cameras).toBeNull()
  })
})
