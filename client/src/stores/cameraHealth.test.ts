import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { connectRealtime, resetRealtime } from '../realtime/socket'
import { FakeTransport } from '../realtime/testing/fakeTransport'
import { cameras } from '../testing/referenceFixtures'
import { useCameraHealthStore } from './cameraHealth'
import { useReferenceStore } from './reference'

beforeEach(() => setActivePinia(createPinia()))
afterEach(() => {
  vi.unstubAllGlobals()
  resetRealtime()
})

/** The registry as the server answers it, with each camera's status as it was read. */
function loadRegistry(): ReturnType<typeof useReferenceStore> {
  const reference = useReferenceStore()
  reference.cameras = cameras.map((c, i) => ({ ...c, status: i === 0 ? 'online' : 'unknown' }))
  return reference
}

const push = (transport: FakeTransport, cameraId: string, status: 'online' | 'offline' | 'stalled' | 'unknown') =>
  transport.emit('camera:status', { cameraId, status, newestSegmentAgeMs: null, at: new Date().toISOString() })

describe('camera health', () => {
  it('starts from the status the registry was read with', () => {
    loadRegistry()
    const health = useCameraHealthStore()
    expect(health.statusOf(cameras[0]!.id)).toBe('online')
    expect(health.statusOf(cameras[1]!.id)).toBe('unknown')
    expect(health.counts).toMatchObject({ online: 1, unknown: cameras.length - 1, offline: 0 })
  })

  it('follows the pushes: one camera changes, the others keep their object, the counts follow', () => {
    const reference = loadRegistry()
    const health = useCameraHealthStore()
    const transport = new FakeTransport()
    connectRealtime({ createTransport: () => transport })
    transport.connect(0)
    const id = cameras[1]!.id
    const before = health.cameras
    push(transport, id, 'offline')
    expect(health.statusOf(id)).toBe('offline')
    expect(health.cameras?.find((c) => c.id === id)?.status).toBe('offline')
    expect(health.cameras).not.toBe(before)
    expect(health.cameras?.[0]).toBe(before?.[0])
    expect(health.counts.offline).toBe(1)
    // The registry itself is what was read: health is not written into it.
    expect(reference.cameras?.find((c) => c.id === id)?.status).toBe('unknown')
    push(transport, 'NO-SUCH', 'online')
    expect(health.counts.online).toBe(1)
  })

  it('forgets the pushes when the registry is read again, which carries its own statuses', async () => {
    const reference = loadRegistry()
    const health = useCameraHealthStore()
    const transport = new FakeTransport()
    connectRealtime({ createTransport: () => transport })
    transport.connect(0)
    push(transport, cameras[1]!.id, 'stalled')
    expect(health.counts.stalled).toBe(1)
    reference.cameras = cameras.map((c) => ({ ...c, status: 'online' as const }))
    await Promise.resolve()
    expect(health.counts).toMatchObject({ online: cameras.length, stalled: 0 })
  })
})
