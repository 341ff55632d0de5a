import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { SessionUser } from '@shared/schemas/auth'
import type { WorkerPosition } from '@shared/schemas/position'
import { connectRealtime, resetRealtime } from '../realtime/socket'
import { FakeTransport } from '../realtime/testing/fakeTransport'
import { usePositionsStore } from './positions'
import { useSessionStore } from './session'

async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i += 1) await new Promise((resolve) => setImmediate(resolve))
}

const user = (role: SessionUser['role']): SessionUser => ({ kind: 'user', id: 'u', name: 'x', role, communityId: null, unitId: null, gridId: null, wall: null })
const position = (workerId: string, over: Partial<WorkerPosition> = {}): WorkerPosition => ({
  workerId,
  name: `名${workerId}`,
  gridId: 'G01',
  terminalId: null,
  location: { lng: 116.85, lat: 40.37 },
  accuracyM: 8,
  at: new Date().toISOString(),
  onDuty: true,
  task: null,
  ...over,
})

let calls: string[]
let served: WorkerPosition[]
let transport: FakeTransport

beforeEach(() => {
  setActivePinia(createPinia())
  calls = []
  served = [position('W1')]
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL) => {
      calls.push(String(input))
      return new Response(JSON.stringify({ items: served }))
    }),
  )
  transport = new FakeTransport()
})
afterEach(() => {
  resetRealtime()
  vi.unstubAllGlobals()
})

function signedInAs(role: SessionUser['role']) {
  useSessionStore().user = user(role)
  const store = usePositionsStore()
  connectRealtime({ createTransport: () => transport })
  transport.connect(0)
  return store
}

describe('the positions store', () => {
  it('reads the workers on duty for a center role, then follows the pushes', async () => {
    const store = signedInAs('dispatcher')
    await store.hydrate()
    expect(calls).toEqual(['/api/v1/positions'])
    expect(store.list.map((p) => p.workerId)).toEqual(['W1'])
    transport.emit('worker:position', position('W2'))
    transport.emit('worker:position', position('W1', { location: { lng: 116.86, lat: 40.37 } }))
    expect(store.get('W1')!.location.lng).toBe(116.86)
    expect(store.list).toHaveLength(2)
    // A late fix from the outbox does not move the worker back; the end of a shift removes them.
    transport.emit('worker:position', position('W1', { at: new Date(Date.now() - 60_000).toISOString(), location: { lng: 1, lat: 1 } }))
    expect(store.get('W1')!.location.lng).toBe(116.86)
    transport.emit('worker:position', position('W2', { onDuty: false }))
    expect(store.list.map((p) => p.workerId)).toEqual(['W1'])
  })

  it('shows nobody older than 30 minutes', async () => {
    served = [position('W1'), position('W9', { at: new Date(Date.now() - 31 * 60_000).toISOString() })]
    const store = signedInAs('wall_display')
    await store.hydrate()
    expect(store.onDutyAt(Date.now()).map((p) => p.workerId)).toEqual(['W1'])
  })

  it('reads again after a reconnect, since pushes were missed meanwhile', async () => {
    const store = signedInAs('duty_chief')
    await store.hydrate()
    served = [position('W1'), position('W3')]
    transport.emit('server:hello', { serverTime: new Date().toISOString(), lastSeq: 0 })
    await settle()
    expect(calls).toHaveLength(2)
    expect(store.list).toHaveLength(2)
  })

  it('asks nothing and holds nothing for a role that may not see positions', async () => {
    const store = signedInAs('community_operator')
    await store.hydrate()
    transport.emit('worker:position', position('W2'))
    expect(calls).toEqual([])
    expect(store.list).toEqual([])
  })
})
