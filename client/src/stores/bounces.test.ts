import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { SessionUser } from '@shared/schemas/auth'
import type { KpiBounces } from '@shared/schemas/kpi'
import { BOUNCES_REFRESH_MS, useBouncesStore } from './bounces'
import { useCasesStore } from './cases'
import { useSessionStore } from './session'

/** Lets the fetch stub and JSON parsing run (timers are fake, setImmediate is not). */
async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i += 1) await new Promise((resolve) => setImmediate(resolve))
}

const answer = (open: KpiBounces['open']): KpiBounces => ({
  from: '2026-11-05',
  to: '2026-12-04',
  bounced: open.length,
  byHandler: [{ assignee: { kind: 'unit', id: 'U1' }, label: '城管执法队', bounced: open.length }],
  open,
})
const pathAB = [
  { kind: 'unit' as const, id: 'U1', name: '城管执法队' },
  { kind: 'unit' as const, id: 'U2', name: '园林绿化局' },
]
const user = (role: SessionUser['role']): SessionUser => ({ kind: 'user', id: 'u', name: 'x', role, communityId: null, unitId: null, gridId: null, wall: 'main' })

let calls: string[]
let served: KpiBounces

beforeEach(() => {
  setActivePinia(createPinia())
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
  calls = []
  served = answer([{ id: 'c1', path: pathAB }])
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL) => {
      calls.push(String(input))
      return new Response(JSON.stringify(served))
    }),
  )
})
afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

describe('the bounces store (推诿 badges, paths and per-unit counts)', () => {
  it('reads GET /kpi/bounces at hydrate and gives each open bounced case its named path', async () => {
    useSessionStore().user = user('wall_display')
    const bounces = useBouncesStore()
    await bounces.hydrate()
    expect(calls).toEqual(['/api/v1/kpi/bounces'])
    expect(bounces.pathOf('c1')?.map((a) => a.name)).toEqual(['城管执法队', '园林绿化局'])
    expect(bounces.pathOf('c2')).toBeNull()
    expect(bounces.byHandler).toEqual(served.byHandler)
    await bounces.hydrate()
    expect(calls).toHaveLength(1)
  })

  it('reads again once, BOUNCES_REFRESH_MS after cases change, however many changes came', async () => {
    useSessionStore().user = user('duty_chief')
    const bounces = useBouncesStore()
    const cases = useCasesStore()
    await bounces.hydrate()
    served = answer([
      { id: 'c1', path: pathAB },
      { id: 'c2', path: pathAB },
    ])
    cases.version += 1
    await settle()
    cases.version += 1
    await settle()
    vi.advanceTimersByTime(BOUNCES_REFRESH_MS - 1)
    await settle()
    expect(calls).toHaveLength(1)
    vi.advanceTimersByTime(1)
    await settle()
    expect(calls).toHaveLength(2)
    expect(bounces.pathOf('c2')).not.toBeNull()
  })

  it('asks nothing while nobody is signed in, and forgets on dehydrate', async () => {
    const bounces = useBouncesStore()
    await bounces.hydrate()
    expect(calls).toEqual([])
    useSessionStore().user = user('leader')
    await bounces.hydrate()
    expect(bounces.pathOf('c1')).not.toBeNull()
    bounces.dehydrate()
    expect(bounces.pathOf('c1')).toBeNull()
    expect(bounces.byHandler).toEqual([])
  })
})
