import { type Socket, io } from 'socket.io-client'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { ClientToServerEvents, ServerToClientEvents } from '@shared/events'
import type { Role } from '@shared/roles'
import { Case } from '@shared/schemas/case'
import { CaseChanged, EventsPage, ResumeResult } from '@shared/schemas/caseApi'
import { type TestApp, startTestApp } from '../testing/testApp'
import { type Call, type DemoFacts, allCases, caller, demoFacts, reportBody } from './caseTestHelpers'

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>

let t: TestApp
let streamHeaders: Record<string, string>
let call: Call
let facts: DemoFacts
const sockets: ClientSocket[] = []

beforeAll(async () => {
  t = await startTestApp()
  call = caller(t.url, await t.tokenFor('integration'))
  streamHeaders = await t.authHeaders('wall_display')
  facts = await demoFacts(call)
}, 120_000)
afterEach(() => {
  for (const s of sockets.splice(0)) s.disconnect()
})
afterAll(async () => {
  await t.close()
})

function connect(): ClientSocket {
  const socket: ClientSocket = io(t.url, { transports: ['websocket'], reconnection: false, autoConnect: false, extraHeaders: streamHeaders })
  sockets.push(socket)
  return socket
}

const once = <T>(socket: ClientSocket, event: 'server:hello' | 'connect') =>
  new Promise<T>((resolve) => socket.once(event, resolve as never))

async function report(as: Role = 'grid_worker'): Promise<Case> {
  const res = await call('POST', '/api/v1/cases', { as, body: reportBody(facts) })
  expect(res.status).toBe(201)
  return Case.parse(res.body)
}

const file = async (c: Case) =>
  Case.parse((await call('POST', `/api/v1/cases/${c.id}/transitions`, { as: 'intake', body: { action: 'file', version: c.version } })).body)

const lastSeq = async () => EventsPage.parse((await call('GET', '/api/v1/events?since=0&limit=1')).body).lastSeq

const until = async (check: () => boolean, what: string, ms = 10_000) => {
  const end = Date.now() + ms
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}

const resume = (socket: ClientSocket, since: unknown) =>
  socket.timeout(5000).emitWithAck('events:resume', since as { since: number })

describe('live stream', () => {
  it('greets with the real last seq and pushes every change to every wall client, masked', async () => {
    await report()
    const a = connect()
    const b = connect()
    const hellos = Promise.all([once<{ lastSeq: number }>(a, 'server:hello'), once<{ lastSeq: number }>(b, 'server:hello')])
    a.connect()
    b.connect()
    const [helloA, helloB] = await hellos
    expect(helloA.lastSeq).toBe(await lastSeq())
    expect(helloB.lastSeq).toBe(helloA.lastSeq)

    const gotA: CaseChanged[] = []
    const gotB: CaseChanged[] = []
    a.on('case:changed', (p) => gotA.push(CaseChanged.parse(p)))
    b.on('case:changed', (p) => gotB.push(CaseChanged.parse(p)))
    const c = await report()
    const filed = await file(c)
    await until(() => gotA.length === 2 && gotB.length === 2, 'two broadcasts on both clients')
    expect(gotA.map((e) => e.seq)).toEqual([helloA.lastSeq + 1, helloA.lastSeq + 2])
    expect(gotA.map((e) => e.case)).toEqual([c, filed])
    expect(gotB).toEqual(gotA)
    expect(gotA[0]!.case.reporterPhone).toBe('139****5678')
  })
})

describe('events:resume', () => {
  it('replays exactly the missed events in order, then nothing twice', async () => {
    const since = await lastSeq()
    for (let i = 0; i < 4; i++) await file(await report())
    const socket = connect()
    const got: number[] = []
    socket.on('case:changed', (p) => got.push(p.seq))
    socket.connect()
    const hello = await once<{ lastSeq: number }>(socket, 'server:hello')
    expect(hello.lastSeq).toBe(since + 8)
    const ack = await resume(socket, { since })
    expect(ack).toEqual({ ok: true, data: ResumeResult.parse({ replayed: 8, reload: false, lastSeq: since + 8 }) })
    expect(got).toEqual(Array.from({ length: 8 }, (_v, i) => since + 1 + i))
    const again = await resume(socket, { since: since + 8 })
    expect(again).toMatchObject({ ok: true, data: { replayed: 0, reload: false } })
    await report()
    await until(() => got.length === 9, 'the next live event')
    expect(got.at(-1)).toBe(since + 9)
  })

  it('answers a bad payload with the error envelope and a client from the future with reload', async () => {
    const socket = connect()
    socket.connect()
    await once(socket, 'connect')
    expect(await resume(socket, { since: -1 })).toMatchObject({ ok: false, code: 'VALIDATION_FAILED' })
    expect(await resume(socket, 'nonsense')).toMatchObject({ ok: false, code: 'VALIDATION_FAILED' })
    const future = await resume(socket, { since: (await lastSeq()) + 100 })
    expect(future).toMatchObject({ ok: true, data: { reload: true, replayed: 0 } })
  })
})

/** A wall client as the real one should be: snapshot, resume on every connect, apply in seq order. */
class WallClient {
  readonly socket = connect()
  readonly cases = new Map<string, Case>()
  readonly received: number[] = []
  applied = 0
  replayed = 0
  ready: Promise<void> = Promise.resolve()
  private readonly pending = new Map<number, Case>()

  constructor() {
    this.socket.on('case:changed', ({ seq, case: c }) => {
      this.received.push(seq)
      this.pending.set(seq, c)
      this.drain()
    })
    this.socket.on('connect', () => {
      this.ready = resume(this.socket, { since: this.applied }).then((ack) => {
        if (!ack.ok || ack.data.reload) throw new Error(`resume refused: ${JSON.stringify(ack)}`)
        this.replayed += ack.data.replayed
      })
    })
  }

  async start(): Promise<void> {
    const snapshot = await allCases(call)
    for (const c of snapshot.cases) this.cases.set(c.id, c)
    this.applied = snapshot.seq
    this.socket.connect()
    await once(this.socket, 'connect')
    await this.ready
  }

  private drain(): void {
    for (let c = this.pending.get(this.applied + 1); c; c = this.pending.get(this.applied + 1)) {
      this.pending.delete(this.applied + 1)
      this.cases.set(c.id, c)
      this.applied++
    }
  }
}

describe('a wall client that drops out during a stream of changes', () => {
  it('ends with exactly the server state, every event received once', async () => {
    const client = new WallClient()
    await client.start()
    const startSeq = client.applied
    const open: Case[] = []
    for (let i = 0; i < 60; i++) {
      if (i === 10 || i === 35) client.socket.disconnect()
      // The reconnect races the writes; it only has to finish its resume before the next drop.
      if (i === 22 || i === 48) client.socket.connect()
      if (i === 30) {
        await until(() => client.socket.connected, 'the first reconnect')
        await client.ready
      }
      const unfiled = i % 3 === 2 ? open.shift() : undefined
      if (unfiled) await file(unfiled)
      else open.push(await report(i % 2 ? 'grid_worker' : 'intake'))
    }
    const endSeq = await lastSeq()
    await until(() => client.socket.connected, 'the last reconnect')
    await client.ready
    await until(() => client.applied === endSeq, `client to reach seq ${endSeq}`)

    const server = await allCases(call)
    expect(server.seq).toBe(endSeq)
    // The drops were real: part of the stream reached the client only by replay.
    expect(client.replayed).toBeGreaterThan(5)
    expect(new Map(server.cases.map((c) => [c.id, c]))).toEqual(client.cases)
    expect([...client.received].sort((x, y) => x - y)).toEqual(Array.from({ length: endSeq - startSeq }, (_v, i) => startSeq + 1 + i))
  })
})
