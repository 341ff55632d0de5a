import 'fake-indexeddb/auto'
import { afterEach, describe, expect, it } from 'vitest'
import { createOutbox, type PhotoFile } from './outbox'
import { openOutboxDb, type OutboxDb } from './outboxDb'
import { createOutboxSender } from './outboxSender'
import type { ReportPayload, StepPayload } from '../../stores/fieldOutboxItem'
import { sentPhotos } from '../../stores/fieldOutboxItem'

/**
 * The outbox against a fake server: photos and cases stored by idempotency key as the real API
 * does, a network that can be cut after any number of requests, and "restarts" that close the
 * database and build a new sender over the same IndexedDB, as reopening the app does.
 */
const jpeg = (n: number): PhotoFile => ({ name: `p${n}.jpg`, type: 'image/jpeg', blob: new Blob([new Uint8Array([0xff, 0xd8, 0xff, n])], { type: 'image/jpeg' }) })
const report = (location: ReportPayload['location'] = { lng: 116.8, lat: 40.37 }): ReportPayload => ({
  kind: 'report', categoryCode: 'C0101', categoryName: '井盖破损', description: '井盖碎了', location, accuracyM: 8, address: '鼓楼东大街', gridId: 'g1',
})

function fakeServer() {
  const photos = new Map<string, string>()
  const cases = new Map<string, { id: string; code: string; photos: string[] }>()
  const history: { action: string; notes: string; photos: string[] }[] = []
  const state = { requests: 0, cutAfter: Infinity, loseAnswerOfCase: false, refusePhotoNamed: '', version: 3 }
  const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })
  const caseBody = (id: string, code: string) => ({ id, code })
  const fetch = (async (url: string, init: RequestInit) => {
    if (++state.requests > state.cutAfter) throw new TypeError('Failed to fetch')
    const path = url.replace('/api/v1', '')
    if (path === '/photos') {
      const form = init.body as FormData
      const key = String(form.get('idempotencyKey'))
      const file = form.get('file') as File
      if (file.name === state.refusePhotoNamed) return json(422, { error: { code: 'VALIDATION_FAILED', message: 'the file is not an image' } })
      if (!photos.has(key)) photos.set(key, `ph_${photos.size.toString(16).padStart(24, '0')}`)
      return json(201, receipt(photos.get(key)!))
    }
    if (path === '/cases') {
      const key = (init.headers as Record<string, string>)['Idempotency-Key']!
      const body = JSON.parse(String(init.body)) as { photos: string[] }
      if (!cases.has(key)) cases.set(key, { id: `c${cases.size + 1}`, code: `GL-20260101-000${cases.size + 1}`, photos: body.photos })
      if (state.loseAnswerOfCase) {
        state.loseAnswerOfCase = false
        throw new TypeError('Failed to fetch')
      }
      const c = cases.get(key)!
      return json(201, fullCase(c.id, c.code))
    }
    if (path === '/cases/c9/transitions') {
      const body = JSON.parse(String(init.body)) as { action: string; version: number; notes: string; photos: string[] }
      if (body.version !== state.version) return json(409, { error: { code: 'VERSION_CONFLICT', message: 'stale version' } })
      state.version++
      history.push(body)
      throw new TypeError('Failed to fetch')
    }
    if (path === '/cases/c9') return json(200, { ...fullCase('c9', 'GL-9'), history: history.map((h) => ({ ...event, ...h })) })
    return json(404, { error: { code: 'NOT_FOUND', message: path } })
  }) as unknown as typeof globalThis.fetch
  return { fetch, photos, cases, history, state, caseBody }
}

const receipt = (id: string) => ({
  id, sha256: 'a'.repeat(64), bytes: 4, width: 1, height: 1, uploadedAt: '2026-01-01T00:00:00.000Z', uploadedBy: 'u1',
  capturedAt: null, capturedPlace: null, flags: ['no_time'], thumbUrl: `/photos/${id}/thumb`, evidenceUrl: `/photos/${id}/evidence`,
})
const timer = { limit: { kind: 'natural_days', amount: 1 }, allowedMs: 1, startedAt: null, pausedMs: 0, pausedSince: null, stoppedAt: null, deadline: null, remainingMs: 1, atRisk: false, late: false }
const event = { caseId: 'c9', from: 'in_progress', to: 'pending_check', actorId: 'u1', actorRole: 'grid_worker', at: '2026-01-01T00:00:00.000Z', reason: null, assignee: null }
function fullCase(id: string, code: string) {
  return {
    id, code, source: 'terminal', categoryCode: 'C0101', title: 't', description: '', location: { lng: 116.8, lat: 40.37 }, address: '', gridId: 'g1', communityId: 'c', reporterName: null, reporterPhone: null,
    urgent: false, state: 'pending_filing', version: 1, assignee: null, returnedFrom: null, pendingRequest: null, extensions: 0, reworks: 0, satisfaction: null, evaluationScore: null, duplicateOf: null,
    mergedReports: [], createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z',
    timers: { intake: timer, dispatch: timer, handling: timer, check: timer, whole: timer }, timersAsOf: '2026-01-01T00:00:00.000Z', deadline: null, remainingMs: null, atRisk: false, overdue: false, closedAt: null, closedLate: false,
  }
}

let dbName = 0
const opened: OutboxDb[] = []
async function app(server: ReturnType<typeof fakeServer>, name: string, user: string | null = 'u1') {
  const db = await openOutboxDb(name)
  opened.push(db)
  const clock = { t: 1_000_000 }
  const sender = createOutboxSender({ db, http: { fetch: server.fetch, csrf: () => 'csrf' }, userId: () => user, now: () => clock.t })
  return { db, outbox: createOutbox(db, () => clock.t), sender, clock }
}
afterEach(() => {
  for (const db of opened.splice(0)) db.close()
})

describe('the field outbox', () => {
  it('sends a report with its photos exactly once across a restart, resuming from the photos already received', async () => {
    const server = fakeServer()
    const name = `outbox-${++dbName}`
    const first = await app(server, name)
    const item = await first.outbox.save('u1', report(), [jpeg(1), jpeg(2), jpeg(3)])
    server.state.cutAfter = 2
    await first.sender.flush()
    const partial = (await first.db.get(item.id))!
    expect(partial.status).toBe('queued')
    expect(sentPhotos(partial)).toBe(2)
    first.db.close()

    // The app is closed and opened again; the network comes back; the case's answer is lost once.
    server.state.cutAfter = Infinity
    server.state.loseAnswerOfCase = true
    const second = await app(server, name)
    await second.sender.flush(true)
    const lost = (await second.db.get(item.id))!
    expect(lost.status).toBe('queued')
    expect(sentPhotos(lost)).toBe(3)
    await second.sender.flush()
    expect((await second.db.get(item.id))!.status).toBe('queued')
    second.clock.t += 60_000
    await second.sender.flush()
    const done = (await second.db.get(item.id))!
    expect(done.status).toBe('sent')
    expect(done.result?.caseCode).toMatch(/^GL-/)
    expect(sentPhotos(done)).toBe(3)
    expect(server.photos.size).toBe(3)
    expect(server.cases.size).toBe(1)
    expect([...server.cases.values()][0]!.photos).toHaveLength(3)

    const before = server.state.requests
    await second.sender.flush()
    expect(server.state.requests).toBe(before)
  })

  it('keeps a refused photo (422) with its reason and lets the worker fix the item', async () => {
    const server = fakeServer()
    const { db, outbox, sender } = await app(server, `outbox-${++dbName}`)
    server.state.refusePhotoNamed = 'p2.jpg'
    const item = await outbox.save('u1', report(), [jpeg(1), jpeg(2)])
    await sender.flush()
    const refused = (await db.get(item.id))!
    expect(refused.status).toBe('refused')
    expect(refused.refusal).toMatchObject({ status: 422, code: 'VALIDATION_FAILED', photo: 2 })
    expect(server.cases.size).toBe(0)

    const fixed = await outbox.edit(item.id, { dropPhotos: [refused.photos[1]!.key] })
    expect(fixed.status).toBe('queued')
    expect(fixed.idempotencyKey).not.toBe(item.idempotencyKey)
    expect(await db.blob(refused.photos[1]!.key)).toBeUndefined()
    await sender.flush()
    expect((await db.get(item.id))!.status).toBe('sent')
    expect(server.cases.size).toBe(1)
  })

  it('keeps a report without a location as 待定位 and sends it once located', async () => {
    const server = fakeServer()
    const { db, outbox, sender } = await app(server, `outbox-${++dbName}`)
    const item = await outbox.save('u1', report(null), [jpeg(1)])
    expect(item.status).toBe('waiting_fix')
    await sender.flush()
    expect(server.state.requests).toBe(0)
    await outbox.locate(item.id, { lng: 116.81, lat: 40.371 }, '新中街', 12, 'g1')
    await sender.flush()
    expect((await db.get(item.id))!.status).toBe('sent')
  })

  it("never sends another person's items from a shared handset", async () => {
    const server = fakeServer()
    const { outbox, sender } = await app(server, `outbox-${++dbName}`, 'u2')
    await outbox.save('u1', report(), [jpeg(1)])
    await sender.flush()
    expect(server.state.requests).toBe(0)
  })

  it('treats a step whose answer was lost as sent when the case history has it', async () => {
    const server = fakeServer()
    const { db, outbox, sender, clock } = await app(server, `outbox-${++dbName}`)
    const step: StepPayload = { kind: 'step', action: 'feedback', caseId: 'c9', caseCode: 'GL-9', version: 3, notes: '已修复', location: null, gridId: 'g1' }
    const item = await outbox.save('u1', step, [jpeg(1)])
    await sender.flush()
    clock.t += 60_000
    await sender.flush()
    const done = (await db.get(item.id))!
    expect(done.status).toBe('sent')
    expect(server.history).toHaveLength(1)
  })
})
