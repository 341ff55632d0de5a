import { Writable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Case } from '@shared/schemas/case'
import { CaseChanged, CasePage } from '@shared/schemas/caseApi'
import { type Call, type DemoFacts, caller, demoFacts, reportBody } from '../cases/caseTestHelpers'
import { createCaseLocator } from '../cases/caseLocator'
import { createRandom } from '../demo/gulou/random'
import { createLogger } from '../core/logger'
import { ensureSimulatedAccounts } from '../demo/sim/simAccounts'
import { createLiveSim } from '../demo/sim/simLive'
import { buildSimWorld } from '../demo/sim/simWorld'
import { type TestApp, startTestApp } from '../testing/testApp'
import { handshake, request } from './authTestSupport'

const logLines: string[] = []
let t: TestApp
let gateway: Call
let facts: DemoFacts
beforeAll(async () => {
  // Every log line at the most verbose level, to scan for phone numbers.
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logLines.push(chunk.toString())
      done()
    },
  })
  t = await startTestApp({}, { logger: createLogger('trace', sink) })
  gateway = caller(t.url, await t.tokenFor('integration'))
  facts = await demoFacts(gateway)
}, 60_000)
afterAll(async () => {
  await t.close()
})

async function report(gridIndex: number): Promise<Case> {
  const res = await gateway('POST', '/api/v1/cases', { as: 'grid_worker', body: reportBody(facts, { location: facts.grids[gridIndex]!.point }) })
  expect(res.status).toBe(201)
  return Case.parse(res.body)
}

describe('scope', () => {
  it('a community operator sees, receives and works only its own community', async () => {
    const mine = facts.grids[0]!
    const other = facts.grids.find((g) => g.communityId !== mine.communityId)!
    const otherIndex = facts.grids.indexOf(other)
    const headers = await t.authHeaders('community_operator', { communityId: mine.communityId })
    const { socket } = await handshake(t.url, headers)
    const received: CaseChanged[] = []
    socket!.on('case:changed', (p) => received.push(CaseChanged.parse(p)))
    const center = await handshake(t.url, await t.authHeaders('duty_chief'))
    const centerGot: string[] = []
    center.socket!.on('case:changed', (p) => centerGot.push(p.case.id))
    try {
      const own = await report(0)
      const foreign = await report(otherIndex)
      const deadline = Date.now() + 5000
      while (!(centerGot.includes(own.id) && centerGot.includes(foreign.id)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
      expect(centerGot).toEqual(expect.arrayContaining([own.id, foreign.id]))
      expect(received.map((e) => e.case.id)).toContain(own.id)
      expect(received.every((e) => e.case.communityId === mine.communityId)).toBe(true)

      const list = CasePage.parse((await request(`${t.url}/api/v1/cases?limit=200`, { headers })).body)
      expect(list.items.map((c) => c.id)).toContain(own.id)
      expect(list.items.every((c) => c.communityId === mine.communityId)).toBe(true)
      const asked = CasePage.parse((await request(`${t.url}/api/v1/cases?communityId=${other.communityId}`, { headers })).body)
      expect(asked.items).toEqual([])
      expect((await request(`${t.url}/api/v1/cases/${foreign.id}`, { headers })).status).toBe(403)
      const act = await request(`${t.url}/api/v1/cases/${foreign.id}/transitions`, { method: 'POST', headers, body: { action: 'file', version: foreign.version } })
      expect([act.status, act.body.error?.message]).toEqual([403, expect.stringMatching(/outside your community/)])
      expect(Case.parse((await gateway('GET', `/api/v1/cases/${foreign.id}`)).body).version).toBe(foreign.version)
    } finally {
      socket?.close()
      center.socket?.close()
    }
  })
})

describe('personal data', () => {
  it("reveals a reporter's number only to the roles that call back, and audits each reveal", async () => {
    const c = await report(1)
    const intake = await t.authHeaders('intake')
    const revealed = await request(`${t.url}/api/v1/cases/${c.id}/reveal-phone`, { method: 'POST', headers: intake, body: { purpose: '回访' } })
    expect(revealed.body).toEqual({ reporterPhone: '13912345678' })
    const noPurpose = await request(`${t.url}/api/v1/cases/${c.id}/reveal-phone`, { method: 'POST', headers: intake, body: {} })
    expect(noPurpose.status).toBe(422)
    const dispatcher = await t.authHeaders('dispatcher')
    expect((await request(`${t.url}/api/v1/cases/${c.id}/reveal-phone`, { method: 'POST', headers: dispatcher, body: { purpose: '好奇' } })).status).toBe(403)
    const audit = await request(`${t.url}/api/v1/audit?limit=500`, { headers: await t.authHeaders('admin') })
    const entries = audit.body['items'] as { action: string; target: string; outcome: string; actorRole: string; details: unknown }[]
    expect(entries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'case.reveal_phone', target: c.id, outcome: 'success', actorRole: 'intake', details: { purpose: '回访' } }),
        expect.objectContaining({ action: 'access.denied', actorRole: 'dispatcher', outcome: 'refused' }),
      ]),
    )
    expect(JSON.stringify(entries)).not.toContain('13912345678')
  })

  it('binds a stream link to the one it was issued to', async () => {
    const camera = t.wall.reference.cameras()[0]!.id
    const a = await t.authHeaders('duty_chief')
    const b = await t.authHeaders('leader')
    const link = (await request(`${t.url}/api/v1/cameras/${camera}/stream`, { headers: a })).body as { url: string }
    const asB = await request(`${t.url}${link.url}`, { headers: b })
    expect([asB.status, asB.body.error?.code]).toEqual([403, 'FORBIDDEN'])
    expect((await request(`${t.url}${link.url}`)).status).toBe(401)
  })

  it('puts no full phone number in any log line, socket payload or URL of a simulated hour', async () => {
    const urls: string[] = []
    t.wall.httpServer.on('request', (req) => urls.push(req.url ?? ''))
    const { socket } = await handshake(t.url, await t.authHeaders('duty_chief'))
    const payloads: string[] = []
    // The text a payload carries: a phone number travels as a string (counters like KPI second sums are numbers).
    const texts = (v: unknown): string[] => (typeof v === 'string' ? [v] : v && typeof v === 'object' ? Object.values(v).flatMap(texts) : [])
    socket!.onAny((event, payload) => payloads.push(`${event} ${texts(payload).join(' ')}`))
    const world = buildSimWorld(t.wall.reference, createCaseLocator(t.wall.reference))
    // X-On-Behalf-Of names only people who exist: the simulation's cast gets its accounts, as in the demo.
    ensureSimulatedAccounts(t.wall.db, world, t.wall.reference)
    // An hour of the demo's pace (20 reports a minute) as fast as this machine serves it: the
    // assertions are on what was generated, whatever count a slow or loaded machine reaches.
    const live = createLiveSim({ baseUrl: t.url, token: await t.tokenFor('integration'), world, rng: createRandom(11), log: createLogger('trace'), reportsPerMinute: 12_000, speedup: 1_000_000, tickMs: 10, minDelayMs: 5 })
    await live.start()
    const deadline = Date.now() + 30_000
    while (live.stats().reported < 1200 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200))
    await live.stop()
    socket?.close()
    const { reported, transitions } = live.stats()
    expect(reported).toBeGreaterThan(0)
    expect(transitions).toBeGreaterThan(0)

    const phones = (t.wall.db.prepare('SELECT DISTINCT reporter_phone AS p FROM cases WHERE reporter_phone IS NOT NULL').all() as { p: string }[]).map((r) => r.p)
    // Hotline and walk-in reports carry a phone (29% of reports): the scan below has numbers to look for.
    expect(phones.length).toBeGreaterThan(0)
    expect(phones.length).toBeGreaterThanOrEqual(Math.floor(reported * 0.15))
    // Random UUIDs (case ids) can hold 11 digits in a row, e.g. "…-b16188188412": not a phone, so they go first.
    const withoutIds = (text: string) => text.replace(/[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}/gi, '<id>')
    const haystacks = { logs: withoutIds(logLines.join('\n')), sockets: withoutIds(payloads.join('\n')), urls: withoutIds(urls.join('\n')) }
    // Every report and every step went over HTTP, and the changes reached the socket.
    expect(urls.length).toBeGreaterThanOrEqual(reported + transitions)
    expect(payloads.length).toBeGreaterThan(0)
    for (const [where, text] of Object.entries(haystacks)) {
      expect(phones.filter((p) => text.includes(p)), where).toEqual([])
      // Any 11-digit mobile number at all, not just the ones we know of.
      expect(text.match(/(?<!\d)1[3-9]\d{9}(?!\d)/g), where).toBeNull()
    }
  }, 90_000)
})
