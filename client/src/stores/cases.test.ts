import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Case } from '@shared/schemas/case'
import type { EventsPage } from '@shared/schemas/caseApi'
import { connectRealtime, resetRealtime } from '../realtime/socket'
import { changed, makeCase } from '../realtime/testing/caseFixtures'
import { FakeTransport } from '../realtime/testing/fakeTransport'
import { compareFeed, SNAPSHOT_CAP, tallyCases, useCasesStore } from './cases'

/** Lets fetch stubs, JSON parsing and awaits run (timers are fake, setImmediate is not). */
async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i += 1) await new Promise((resolve) => setImmediate(resolve))
}

interface ApiStub {
  calls: string[]
  /** Pages served for GET /cases, in order; each call takes the next (the last repeats). */
  snapshots: Array<Array<{ items: Case[]; seq: number; nextCursor: string | null }>>
  events: (since: number) => EventsPage
}

function stubApi(api: Partial<ApiStub> = {}): ApiStub {
  const stub: ApiStub = { calls: [], snapshots: api.snapshots ?? [], events: api.events ?? ((since) => emptyEvents(since)) }
  let snapshotIndex = -1
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL) => {
      const url = new URL(String(input), 'http://wall.test')
      stub.calls.push(url.pathname + url.search)
      if (url.pathname === '/api/v1/cases') {
        if (!url.searchParams.has('cursor')) snapshotIndex = Math.min(snapshotIndex + 1, stub.snapshots.length - 1)
        const pages = stub.snapshots[snapshotIndex] ?? [{ items: [], seq: 0, nextCursor: null }]
        const cursor = url.searchParams.get('cursor')
        const page = pages[cursor ? Number(cursor) : 0]
        return new Response(JSON.stringify(page))
      }
      if (url.pathname === '/api/v1/events') return new Response(JSON.stringify(stub.events(Number(url.searchParams.get('since')))))
      return new Response('{"error":{"code":"NOT_FOUND","message":"no route"}}', { status: 404 })
    }),
  )
  return stub
}

function emptyEvents(since: number): EventsPage {
  return { events: [], lastSeq: since, hasMore: false, nextSince: since, reload: false }
}

const page = (items: Case[], seq: number, next: number | null = null) => ({ items, seq, nextCursor: next === null ? null : String(next) })

let transport: FakeTransport

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
  setActivePinia(createPinia())
  transport = new FakeTransport()
  connectRealtime({ createTransport: () => transport })
})

afterEach(() => {
  resetRealtime()
  vi.unstubAllGlobals()
  vi.useRealTimers()
})

/** A store with a loaded snapshot at `seq` and a connected socket whose resume found nothing new. */
async function readyStore(cases: Case[], seq: number) {
  stubApi({ snapshots: [[page(cases, seq)]] })
  const store = useCasesStore()
  await store.hydrate()
  transport.connect(seq)
  await settle()
  transport.take().answer({ ok: true, data: { replayed: 0, reload: false, lastSeq: seq } })
  await settle()
  return store
}

const ids = (cases: readonly Case[]) => cases.map((c) => c.id)

describe('cases store: snapshot', () => {
  it('pages through the open cases, remembers the first page seq and reports progress', async () => {
    const api = stubApi({ snapshots: [[page([makeCase('a'), makeCase('b')], 7, 1), page([makeCase('c')], 9)]] })
    const store = useCasesStore()
    await store.hydrate()

    expect(store.loadState).toBe('ready')
    expect(store.appliedSeq).toBe(7)
    expect(store.openCount).toBe(3)
    expect(store.progress).toEqual({ loaded: 3, pages: 2 })
    const first = new URLSearchParams(api.calls[0]?.split('?')[1])
    expect(first.get('state')).toBe('pending_filing,prefiling_check,pending_dispatch,dispatched,in_progress,suspended,pending_check')
    expect(first.get('limit')).toBe('200')
    expect(api.calls[1]).toContain('cursor=1')
  })

  it(`stops at ${SNAPSHOT_CAP} cases and says the set is truncated`, async () => {
    const pages = Array.from({ length: 30 }, (_, p) =>
      page(
        Array.from({ length: 200 }, (_, i) => makeCase(`c${p}_${i}`)),
        1,
        p + 1,
      ),
    )
    const api = stubApi({ snapshots: [pages] })
    const store = useCasesStore()
    await store.hydrate()
    expect(store.openCount).toBe(SNAPSHOT_CAP)
    expect(store.truncated).toBe(true)
    expect(api.calls).toHaveLength(SNAPSHOT_CAP / 200)
  })

  it('records an API error (e.g. not signed in) and does not retry it by itself', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response('{"error":{"code":"UNAUTHENTICATED","message":"sign in"}}', { status: 401 })))
    const store = useCasesStore()
    await store.hydrate()
    expect(store.loadState).toBe('error')
    expect(store.error?.code).toBe('UNAUTHENTICATED')
    await vi.advanceTimersByTimeAsync(60_000)
    expect(vi.mocked(fetch)).toHaveBeenCalledTimes(1)
  })
})

describe('cases store: live stream in seq order', () => {
  it('applies out-of-order events in order and ignores duplicates and old ones', async () => {
    const store = await readyStore([makeCase('a')], 10)
    transport.emit('case:changed', changed(12, makeCase('c', { updatedAt: '2026-03-02T03:00:00.000Z' })))
    expect(store.getCase('c')).toBeUndefined()
    transport.emit('case:changed', changed(11, makeCase('b')))
    transport.emit('case:changed', changed(11, makeCase('b', { title: 'again' })))
    transport.emit('case:changed', changed(9, makeCase('z')))

    expect(store.appliedSeq).toBe(12)
    expect(ids(store.list)).toEqual(['a', 'b', 'c'])
    expect(store.getCase('b')?.title).not.toBe('again')
    expect(store.recentChanges.map((c) => c.seq)).toEqual([12, 11])
    expect(store.recentChanges.map((c) => c.kind)).toEqual(['new', 'new'])
  })

  it('drops cases that close, merge or are not accepted', async () => {
    const store = await readyStore([makeCase('a'), makeCase('b'), makeCase('c')], 1)
    transport.emit('case:changed', changed(2, makeCase('a', { state: 'closed' })))
    transport.emit('case:changed', changed(3, makeCase('b', { state: 'merged' })))
    transport.emit('case:changed', changed(4, makeCase('c', { state: 'not_accepted' })))
    expect(store.openCount).toBe(0)
    expect(store.recentChanges.map((c) => c.kind)).toEqual(['left', 'left', 'left'])
  })

  it('replays exactly the missed events after a reconnect: no gap, no repeat', async () => {
    const store = await readyStore([makeCase('a')], 10)
    transport.emit('case:changed', changed(11, makeCase('b')))
    transport.drop()
    // Meanwhile the server commits 12 and 13; on reconnect its hello says 13.
    transport.connect(13)
    // A live event after the hello can overtake the replay.
    transport.emit('case:changed', changed(14, makeCase('e')))
    const resume = transport.take()
    expect(resume).toMatchObject({ name: 'events:resume', payload: { since: 11 } })
    expect(store.getCase('e')).toBeUndefined()

    transport.emit('case:changed', changed(12, makeCase('c')))
    transport.emit('case:changed', changed(13, makeCase('d')))
    resume.answer({ ok: true, data: { replayed: 2, reload: false, lastSeq: 14 } })
    await settle()

    expect(store.appliedSeq).toBe(14)
    expect(ids(store.list)).toEqual(['a', 'b', 'c', 'd', 'e'])
    expect(store.recentChanges.map((c) => c.seq)).toEqual([14, 13, 12, 11])
  })

  it('skips the seqs a scoped stream never sends once the resume is acknowledged', async () => {
    const store = await readyStore([], 10)
    transport.drop()
    transport.connect(20)
    const resume = transport.take()
    transport.emit('case:changed', changed(15, makeCase('in-scope')))
    resume.answer({ ok: true, data: { replayed: 1, reload: false, lastSeq: 20 } })
    await settle()
    expect(store.appliedSeq).toBe(20)
    expect(ids(store.list)).toEqual(['in-scope'])
  })

  it('fills a gap the socket does not fill from GET /events', async () => {
    const store = await readyStore([], 10)
    const api = stubApi({
      events: (since) => ({
        events: [{ seq: 11, type: 'reported', caseId: 'b', action: 'report', at: '2026-03-02T02:00:00.000Z', case: makeCase('b') }],
        lastSeq: 13,
        hasMore: false,
        // Seq 12 is outside this user's scope: the page says it looked that far.
        nextSince: 12,
        reload: since > 13,
      }),
    })
    transport.emit('case:changed', changed(13, makeCase('d')))
    expect(store.appliedSeq).toBe(10)

    await vi.advanceTimersByTimeAsync(2100)
    await settle()
    expect(api.calls).toEqual(['/api/v1/events?since=10&limit=1000'])
    expect(store.appliedSeq).toBe(13)
    expect(ids(store.list)).toEqual(['b', 'd'])
  })

  it('catches up over HTTP when the resume is not answered', async () => {
    const store = await readyStore([], 10)
    const api = stubApi({
      events: () => ({
        events: [{ seq: 11, type: 'reported', caseId: 'b', action: 'report', at: '2026-03-02T02:00:00.000Z', case: makeCase('b') }],
        lastSeq: 11,
        hasMore: false,
        nextSince: 11,
        reload: false,
      }),
    })
    transport.drop()
    transport.connect(11)
    const resume = transport.take()
    resume.fail(new Error('timeout'))
    await settle()
    expect(api.calls).toEqual(['/api/v1/events?since=10&limit=1000'])
    expect(store.appliedSeq).toBe(11)
    expect(ids(store.list)).toEqual(['b'])
  })

  it('reloads the snapshot when the server says it is too far behind, then applies what came meanwhile', async () => {
    const store = await readyStore([makeCase('old')], 10)
    stubApi({ snapshots: [[page([makeCase('x'), makeCase('y')], 500)]] })
    transport.drop()
    transport.connect(500)
    const resume = transport.take()
    transport.emit('case:changed', changed(501, makeCase('z')))
    resume.answer({ ok: true, data: { replayed: 0, reload: true, lastSeq: 501 } })
    await settle()
    // The events that came during the load wait for it, then apply on top.
    transport.emit('case:changed', changed(502, makeCase('x', { state: 'closed' })))
    await settle()

    expect(store.appliedSeq).toBe(502)
    expect(ids(store.list)).toEqual(['y', 'z'])
    // After the new snapshot (500) and the event that waited for it (501), it resumes from there.
    expect(transport.take().payload).toEqual({ since: 501 })
  })

  it('keeps the old cases on show when a reload fails, says it is not live, and retries on hydrate', async () => {
    const store = await readyStore([makeCase('old')], 10)
    vi.stubGlobal('fetch', vi.fn(async () => new Response('{"error":{"code":"UNAUTHENTICATED","message":"sign in"}}', { status: 401 })))
    transport.drop()
    transport.connect(900)
    transport.take().answer({ ok: true, data: { replayed: 0, reload: true, lastSeq: 900 } })
    await settle()
    expect(store.loadState).toBe('ready')
    expect(store.error?.code).toBe('UNAUTHENTICATED')
    expect(store.syncing).toBe(true)
    expect(ids(store.list)).toEqual(['old'])

    // Signed in again: the shell calls hydrate(), which must not think it is done.
    stubApi({ snapshots: [[page([makeCase('new')], 950)]] })
    await store.hydrate()
    expect(ids(store.list)).toEqual(['new'])
    expect(store.appliedSeq).toBe(950)
    expect(store.error).toBeNull()
  })

  it('does not let a replayed older event overwrite a newer copy from a later snapshot page', async () => {
    stubApi({ snapshots: [[page([makeCase('a')], 10, 1), page([makeCase('b', { state: 'in_progress', version: 3 })], 12)]] })
    const store = useCasesStore()
    await store.hydrate()
    transport.connect(12)
    await settle()
    expect(transport.take().payload).toEqual({ since: 10 })
    transport.emit('case:changed', changed(11, makeCase('b', { state: 'dispatched', version: 2 })))
    transport.emit('case:changed', changed(12, makeCase('b', { state: 'in_progress', version: 3 })))
    expect(store.getCase('b')?.state).toBe('in_progress')
    expect(store.appliedSeq).toBe(12)
  })
})

describe('cases store: urgent cases and the feed', () => {
  it('announces a new urgent case once, even if one listener throws', async () => {
    const store = await readyStore([makeCase('u0', { urgent: true })], 1)
    const heard: string[] = []
    store.onUrgentCase(() => {
      throw new Error('broken subscriber')
    })
    store.onUrgentCase((c) => heard.push(c.id))
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {})

    transport.emit('case:changed', changed(2, makeCase('u1', { urgent: true })))
    transport.emit('case:changed', changed(3, makeCase('u1', { urgent: true, state: 'pending_dispatch' })))
    transport.emit('case:changed', changed(4, makeCase('n1')))
    transport.emit('case:changed', changed(5, makeCase('n1', { urgent: true })))
    transport.emit('case:changed', changed(6, makeCase('u0', { urgent: true, state: 'pending_dispatch' })))

    expect(heard).toEqual(['u1', 'n1'])
    expect(errors).toHaveBeenCalledTimes(2)
  })

  it('announces urgent cases that first appear in a reload (missed while away), not those already known', async () => {
    const store = await readyStore([makeCase('known', { urgent: true })], 10)
    const heard: string[] = []
    store.onUrgentCase((c) => heard.push(c.id))
    stubApi({ snapshots: [[page([makeCase('known', { urgent: true }), makeCase('missed', { urgent: true }), makeCase('calm')], 800)]] })
    transport.drop()
    transport.connect(800)
    transport.take().answer({ ok: true, data: { replayed: 0, reload: true, lastSeq: 800 } })
    await settle()
    expect(heard).toEqual(['missed'])
  })

  it('sorts urgent first, then the newest change, and counts overdue and at-risk cases', () => {
    const cases = [
      makeCase('old', { updatedAt: '2026-03-02T01:00:00.000Z', atRisk: true }),
      makeCase('new', { updatedAt: '2026-03-02T05:00:00.000Z', overdue: true }),
      makeCase('urgent', { urgent: true, updatedAt: '2026-03-01T01:00:00.000Z' }),
      makeCase('late', { timers: { ...makeCase('x').timers, whole: { ...makeCase('x').timers.whole, late: true } }, atRisk: true }),
    ]
    expect(ids([...cases].sort(compareFeed))).toEqual(['urgent', 'new', 'late', 'old'])
    expect(tallyCases(cases)).toEqual({ open: 4, overdue: 2, atRisk: 1, urgent: 1 })
  })

  it('keeps the last 50 changes, newest first', async () => {
    const store = await readyStore([], 0)
    for (let seq = 1; seq <= 60; seq += 1) transport.emit('case:changed', changed(seq, makeCase(`c${seq}`)))
    expect(store.recentChanges).toHaveLength(50)
    expect(store.recentChanges[0]?.seq).toBe(60)
    expect(store.recentChanges[49]?.seq).toBe(11)
    expect(store.feed[0]?.id).toBeDefined()
  })
})

describe('cases store: batch frames', () => {
  const batch = (...changes: ReturnType<typeof changed>[]) => ({ v: 1 as const, changes })

  it("applies a batch's changes one by one in seq order, ignoring ones it already has", async () => {
    const store = await readyStore([makeCase('a')], 10)
    transport.emit('case:batch', batch(changed(11, makeCase('b')), changed(12, makeCase('c'))))
    transport.emit('case:batch', batch(changed(12, makeCase('c', { title: 'again' })), changed(13, makeCase('b', { state: 'closed' }))))
    expect(store.appliedSeq).toBe(13)
    expect(ids(store.list)).toEqual(['a', 'c'])
    expect(store.getCase('c')?.title).not.toBe('again')
    expect(store.recentChanges.map((c) => c.seq)).toEqual([13, 12, 11])
  })

  it('holds a batch past a gap, and fills the gap from the resume after a reconnect', async () => {
    const store = await readyStore([], 10)
    transport.drop()
    transport.connect(12)
    const resume = transport.take()
    expect(resume).toMatchObject({ name: 'events:resume', payload: { since: 10 } })
    transport.emit('case:batch', batch(changed(13, makeCase('d')), changed(14, makeCase('e'))))
    expect(store.appliedSeq).toBe(10)
    transport.emit('case:batch', batch(changed(11, makeCase('b')), changed(12, makeCase('c'))))
    resume.answer({ ok: true, data: { replayed: 2, reload: false, lastSeq: 14 } })
    await settle()
    expect(store.appliedSeq).toBe(14)
    expect(ids(store.list)).toEqual(['b', 'c', 'd', 'e'])
  })

  it('reads a gap the frames leave from GET /events after its grace', async () => {
    const store = await readyStore([], 10)
    const api = stubApi({
      events: () => ({
        events: [{ seq: 11, type: 'reported', caseId: 'b', action: 'report', at: '2026-03-02T02:00:00.000Z', case: makeCase('b') }],
        lastSeq: 12,
        hasMore: false,
        nextSince: 12,
        reload: false,
      }),
    })
    transport.emit('case:batch', batch(changed(12, makeCase('c'))))
    await vi.advanceTimersByTimeAsync(2100)
    await settle()
    expect(api.calls).toEqual(['/api/v1/events?since=10&limit=1000'])
    expect(store.appliedSeq).toBe(12)
    expect(ids(store.list)).toEqual(['b', 'c'])
  })
})
