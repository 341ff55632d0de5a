import { type Socket, io } from 'socket.io-client'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { ClientToServerEvents, ServerToClientEvents } from '@shared/events'
import type { Case } from '@shared/schemas/case'
import { CASE_BATCH_VERSION, CaseBatch, CreateCaseBody, EventsPage } from '@shared/schemas/caseApi'
import { type TestApp, startTestApp } from '../testing/testApp'
import { type Call, type DemoFacts, allCases, caller, demoFacts, reportBody } from './caseTestHelpers'

/** The `case:batch` frame: one frame per commit group, each socket its scope's changes once, resume exact. */

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>

let t: TestApp
let call: Call
let facts: DemoFacts
const sockets: ClientSocket[] = []

beforeAll(async () => {
  t = await startTestApp()
  call = caller(t.url, await t.tokenFor('integration'))
  facts = await demoFacts(call)
}, 120_000)
afterEach(() => {
  for (const s of sockets.splice(0)) s.disconnect()
})
afterAll(async () => {
  await t.close()
})

/** A socket as the wall client opens it: announcing the batch frame. `batches: false` is an older client. */
function connect(headers: Record<string, string>, batches = true): ClientSocket {
  const auth = batches ? { caseStream: CASE_BATCH_VERSION } : {}
  const socket: ClientSocket = io(t.url, { transports: ['websocket'], reconnection: false, autoConnect: false, extraHeaders: headers, auth })
  sockets.push(socket)
  return socket
}

async function greeted(socket: ClientSocket): Promise<number> {
  const hello = new Promise<{ lastSeq: number }>((resolve) => socket.once('server:hello', resolve))
  socket.connect()
  return (await hello).lastSeq
}

function frames(socket: ClientSocket): CaseBatch[] {
  const got: CaseBatch[] = []
  socket.on('case:batch', (p) => got.push(CaseBatch.parse(p)))
  return got
}

const until = async (check: () => boolean, what: string, ms = 10_000) => {
  const end = Date.now() + ms
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}

/** `n` intakes submitted in one turn of the event loop: the group commit makes them one transaction. */
function oneGroup(gridIndexes: number[]): Promise<Case[]> {
  const actor = { id: 'intake-1', role: 'intake' as const }
  const body = (i: number) => CreateCaseBody.parse(reportBody(facts, { location: facts.grids[i]!.point }))
  return Promise.all(gridIndexes.map((i) => t.wall.cases.intakeGrouped(actor, body(i), null).then((r) => r.case)))
}

const seqsOf = (batches: CaseBatch[]) => batches.flatMap((b) => b.changes.map((c) => c.seq))
const lastSeq = async () => EventsPage.parse((await call('GET', '/api/v1/events?since=0&limit=1')).body).lastSeq

describe('case:batch', () => {
  it('brings a group of N commits as one frame with N changes in seq order; an older client gets them one by one', async () => {
    const headers = await t.authHeaders('wall_display')
    const wall = connect(headers)
    const older = connect(headers, false)
    const got = frames(wall)
    const singles: number[] = []
    wall.on('case:changed', () => singles.push(-1))
    older.on('case:changed', (p) => singles.push(p.seq))
    const [base] = await Promise.all([greeted(wall), greeted(older)])

    const made = await oneGroup([0, 1, 2, 3, 4])
    await until(() => got.length >= 1 && singles.length >= 5, 'the frame and the single changes')
    await new Promise((r) => setTimeout(r, 100))
    expect(got).toHaveLength(1)
    expect(got[0]!.v).toBe(1)
    expect(seqsOf(got)).toEqual([base + 1, base + 2, base + 3, base + 4, base + 5])
    expect(got[0]!.changes.map((c) => c.case.id)).toEqual(made.map((c) => c.id))
    expect(new Set(got[0]!.changes.map((c) => c.committedAt)).size).toBe(1)
    expect(singles).toEqual([base + 1, base + 2, base + 3, base + 4, base + 5])
  })

  it('gives a socket scoped to a community only its changes, and the center all of them, each once', async () => {
    const mine = facts.grids[0]!
    const otherIndex = facts.grids.findIndex((g) => g.communityId !== mine.communityId)
    const scoped = connect(await t.authHeaders('community_operator', { communityId: mine.communityId }))
    const center = connect(await t.authHeaders('duty_chief'))
    const scopedGot = frames(scoped)
    const centerGot = frames(center)
    const [base] = await Promise.all([greeted(scoped), greeted(center)])

    const made = await oneGroup([0, otherIndex, 0, otherIndex])
    await until(() => centerGot.length >= 1 && scopedGot.length >= 1, 'both frames')
    await new Promise((r) => setTimeout(r, 100))
    expect(seqsOf(centerGot)).toEqual([base + 1, base + 2, base + 3, base + 4])
    expect(scopedGot).toHaveLength(1)
    expect(seqsOf(scopedGot)).toEqual([base + 1, base + 3])
    expect(scopedGot[0]!.changes.map((c) => c.case.id)).toEqual([made[0]!.id, made[2]!.id])
    expect(scopedGot[0]!.changes.every((c) => c.case.communityId === mine.communityId)).toBe(true)
  })

  it('replays a resume as frames, before the ack', async () => {
    const since = await lastSeq()
    await oneGroup([0, 1, 2])
    const socket = connect(await t.authHeaders('wall_display'))
    const got = frames(socket)
    await greeted(socket)
    const ack = await socket.timeout(5000).emitWithAck('events:resume', { since })
    expect(ack).toMatchObject({ ok: true, data: { replayed: 3, reload: false } })
    expect(seqsOf(got)).toEqual([since + 1, since + 2, since + 3])
    expect(got.every((b) => b.changes.every((c) => c.committedAt === undefined))).toBe(true)
  })
})

/** The wall client's rule on batches: snapshot, resume on every connect, apply each change in seq order. */
class BatchWallClient {
  readonly socket: ClientSocket
  readonly cases = new Map<string, Case>()
  readonly received: number[] = []
  applied = 0
  replayed = 0
  ready: Promise<void> = Promise.resolve()
  private readonly pending = new Map<number, Case>()

  constructor(headers: Record<string, string>) {
    this.socket = connect(headers)
    this.socket.on('case:batch', (batch) => {
      for (const { seq, case: c } of CaseBatch.parse(batch).changes) {
        this.received.push(seq)
        if (seq > this.applied) this.pending.set(seq, c)
      }
      this.drain()
    })
    this.socket.on('connect', () => {
      this.ready = this.socket
        .timeout(5000)
        .emitWithAck('events:resume', { since: this.applied })
        .then((ack) => {
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
    await until(() => this.socket.connected, 'connect')
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

describe('a batch client that drops out during a stream of commit groups', () => {
  it('ends with exactly the server state, every change received once', async () => {
    const client = new BatchWallClient(await t.authHeaders('wall_display'))
    await client.start()
    const startSeq = client.applied
    for (let i = 0; i < 30; i++) {
      if (i === 5 || i === 18) client.socket.disconnect()
      if (i === 11 || i === 24) client.socket.connect()
      if (i === 15) {
        await until(() => client.socket.connected, 'the first reconnect')
        await client.ready
      }
      await oneGroup(i % 2 ? [0, 1, 2] : [3])
    }
    const endSeq = await lastSeq()
    await until(() => client.socket.connected, 'the last reconnect')
    await client.ready
    await until(() => client.applied === endSeq, `client to reach seq ${endSeq}`)

    const server = await allCases(call)
    expect(server.seq).toBe(endSeq)
    expect(client.replayed).toBeGreaterThan(5)
    expect(new Map(server.cases.map((c) => [c.id, c]))).toEqual(client.cases)
    expect([...client.received].sort((x, y) => x - y)).toEqual(Array.from({ length: endSeq - startSeq }, (_v, i) => startSeq + 1 + i))
  })
})
