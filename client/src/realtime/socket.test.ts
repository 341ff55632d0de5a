import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { useConnectionStore } from './connectionState'
import { createEventRegistry } from './eventRegistry'
import { connectRealtime, onServerEvent, RealtimeError, resetRealtime, sendCommand } from './socket'
import { changed, makeCase } from './testing/caseFixtures'
import { FakeTransport } from './testing/fakeTransport'

let transport: FakeTransport

beforeEach(() => {
  setActivePinia(createPinia())
  transport = new FakeTransport()
})
afterEach(() => resetRealtime())

describe('realtime socket', () => {
  it('creates one transport, opens it after wiring, and feeds the connection store', () => {
    const create = vi.fn(() => transport)
    connectRealtime({ createTransport: create })
    connectRealtime({ createTransport: create })
    expect(create).toHaveBeenCalledTimes(1)
    expect(transport.opened).toBe(true)
    transport.connect(0)
    expect(useConnectionStore().status).toBe('online')
    transport.drop()
    expect(useConnectionStore().status).toBe('reconnecting')
  })

  it('routes parsed server events to every registered handler', () => {
    connectRealtime({ createTransport: () => transport })
    const a = vi.fn()
    const b = vi.fn()
    onServerEvent('case:changed', a)
    const off = onServerEvent('case:changed', b)
    transport.emit('case:changed', changed(1, makeCase('x')))
    off()
    transport.emit('case:changed', changed(2, makeCase('y')))
    expect(a).toHaveBeenCalledTimes(2)
    expect(b).toHaveBeenCalledTimes(1)
    expect(a.mock.calls[0]?.[0]).toMatchObject({ seq: 1, case: { id: 'x' } })
  })

  it('refuses commands while disconnected and parses the ack when connected', async () => {
    connectRealtime({ createTransport: () => transport })
    await expect(sendCommand('events:resume', { since: 3 })).rejects.toBeInstanceOf(RealtimeError)
    transport.connect(5)
    const pending = sendCommand('events:resume', { since: 3 })
    transport.take().answer({ ok: true, data: { replayed: 2, reload: false, lastSeq: 5 } })
    await expect(pending).resolves.toEqual({ ok: true, data: { replayed: 2, reload: false, lastSeq: 5 } })
    const bad = sendCommand('events:resume', { since: 3 })
    transport.take().answer({ ok: 'yes' })
    await expect(bad).rejects.toMatchObject({ code: 'BAD_RESPONSE' })
  })
})

describe('event registry', () => {
  it('drops a payload that does not match the contract, and a throwing handler does not starve the others', () => {
    const warn = vi.fn()
    const registry = createEventRegistry(warn)
    const good = vi.fn()
    registry.on('kpi:changed', good)
    registry.on('case:changed', () => {
      throw new Error('boom')
    })
    registry.on('case:changed', good)
    registry.dispatch('case:changed', { seq: 'one' })
    expect(good).not.toHaveBeenCalled()
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('unexpected shape'))
    registry.dispatch('case:changed', changed(1, makeCase('x')))
    expect(good).toHaveBeenCalledTimes(1)
    expect(warn).toHaveBeenCalledTimes(2)
    registry.dispatch('no:such-event', {})
  })

  it('takes a case:batch of version 1 in seq order, and drops one out of order or of an unknown version', () => {
    const warn = vi.fn()
    const registry = createEventRegistry(warn)
    const got = vi.fn()
    registry.on('case:batch', got)
    registry.dispatch('case:batch', { v: 1, changes: [changed(2, makeCase('x')), changed(1, makeCase('y'))] })
    registry.dispatch('case:batch', { v: 2, changes: [changed(1, makeCase('x'))] })
    expect(got).not.toHaveBeenCalled()
    expect(warn).toHaveBeenCalledTimes(2)
    registry.dispatch('case:batch', { v: 1, changes: [changed(1, makeCase('x')), changed(3, makeCase('y'))] })
    expect(got.mock.calls[0]?.[0]).toMatchObject({ v: 1, changes: [{ seq: 1 }, { seq: 3 }] })
  })
})
