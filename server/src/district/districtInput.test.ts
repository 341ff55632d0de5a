import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DistrictStreets } from '@shared/schemas/district'
import { type DemoFacts, caller, demoFacts } from '../cases/caseTestHelpers'
import { type Peer, closedPort, startPeer } from './districtTestSupport'

let street: Peer
let district: Peer
let facts: DemoFacts
let districtToken: string
beforeAll(async () => {
  ;[street, district] = await Promise.all([startPeer({ autoSend: false }), startPeer({ autoSend: false })])
  districtToken = await street.integrationToken('district-miyun')
  facts = await demoFacts(caller(street.url, await street.tokenFor('duty_chief')))
}, 60_000)
afterAll(async () => {
  await Promise.all([street?.close(), district?.close()])
})

const referralMessage = (over: Record<string, unknown> = {}) => ({
  id: randomUUID(),
  kind: 'referral',
  createdAt: '2026-03-02T02:00:00.000Z',
  referral: { categoryCode: facts.category.code, title: '违章搭建', description: '', location: facts.grids[2]!.point, address: '', districtRef: null, ...over },
})

const post = (body: unknown, token: string | null, key: string | null = (body as { id?: string }).id ?? null) =>
  street.call('POST', '/api/v1/district/inbox', { token, body, headers: key ? { 'idempotency-key': key } : {} })

const stored = () => ({
  inbox: street.count('SELECT COUNT(*) AS n FROM district_inbox'),
  cases: street.count('SELECT COUNT(*) AS n FROM cases'),
  outbox: street.count('SELECT COUNT(*) AS n FROM district_outbox'),
})

describe('bad input to the district API changes nothing', () => {
  it('refuses a missing or wrong token (401) and a person instead of the other level (403)', async () => {
    const before = stored()
    const message = referralMessage()
    expect((await post(message, null)).status).toBe(401)
    expect((await post(message, 'not-a-token-anyone-was-given')).status).toBe(401)
    expect((await post(message, await street.tokenFor('dispatcher'))).status).toBe(403)
    expect(stored()).toEqual(before)
  })

  it('refuses a bad body, an unknown field (at any depth) and a missing or different Idempotency-Key with 422', async () => {
    const before = stored()
    const good = referralMessage()
    const answers = await Promise.all([
      post({}, districtToken, null),
      post({ ...good, kind: 'complaint' }, districtToken),
      post({ ...good, priority: 'high' }, districtToken),
      post({ ...good, referral: { ...good.referral, reporterPhone: '13912345678' } }, districtToken),
      post({ ...good, id: 'not-a-uuid' }, districtToken),
      post(good, districtToken, null),
      post(good, districtToken, randomUUID()),
      post(referralMessage({ categoryCode: 'NOPE' }), districtToken),
      post(referralMessage({ location: { lng: 100, lat: 30 } }), districtToken),
    ])
    expect(answers.map((a) => a.status)).toEqual([422, 422, 422, 422, 422, 422, 422, 422, 422])
    expect(stored()).toEqual(before)
    // The refused one is not remembered either: sent right, it is filed.
    expect((await post(good, districtToken)).status).toBe(201)
    expect(stored()).toEqual({ ...before, inbox: before.inbox + 1, cases: before.cases + 1 })
  })

  it('refuses an escalation that cannot happen: no district linked, a stale version, a case not pending dispatch', async () => {
    const dispatcher = await street.tokenFor('dispatcher')
    const { body: c } = await post(referralMessage(), districtToken)
    const before = stored()
    const escalate = (body: unknown) => street.call('POST', '/api/v1/district/escalations', { token: dispatcher, body })
    expect((await escalate({ caseId: c.caseId, version: 1, reason: '跨街道' })).status).toBe(409)
    street.links.upstream = { url: district.url, token: await district.integrationToken('street-gulou') }
    try {
      expect((await escalate({ caseId: c.caseId, version: 1, reason: '跨街道' })).status).toBe(409)
      expect((await escalate({ caseId: c.caseId, version: 7, reason: '跨街道' })).status).toBe(409)
      expect((await escalate({ caseId: 'no-such-case', version: 1, reason: '跨街道' })).status).toBe(404)
      expect((await escalate({ caseId: c.caseId, version: 1, reason: '' })).status).toBe(422)
      expect((await escalate({ caseId: c.caseId, version: 1, reason: 'x', urgent: true })).status).toBe(422)
      const grid = await street.call('POST', '/api/v1/district/escalations', { token: await street.tokenFor('grid_worker'), body: { caseId: c.caseId, version: 1, reason: 'x' } })
      expect(grid.status).toBe(403)
    } finally {
      street.links.upstream = null
    }
    expect(stored()).toEqual(before)
  })

  it('refuses a referral to a street the district does not link', async () => {
    const res = await district.call('POST', '/api/v1/district/referrals', {
      token: await district.tokenFor('dispatcher'),
      body: { streetId: 'nowhere', categoryCode: facts.category.code, title: 'x', location: facts.grids[0]!.point },
    })
    expect(res.status).toBe(404)
    expect(district.count('SELECT COUNT(*) AS n FROM district_outbox')).toBe(0)
  })
})

describe("the district's streets side by side", () => {
  it('answers one row per street, a street that is down or refuses the token as unreachable', async () => {
    district.links.streets = [
      { id: 'gulou', name: '鼓楼街道', url: street.url, token: await street.integrationToken('district-figures') },
      { id: 'guoyuan', name: '果园街道', url: `http://127.0.0.1:${await closedPort()}`, token: 'x'.repeat(32) },
      { id: 'tanying', name: '檀营乡', url: street.url, token: 'not-a-token-the-street-gave-'.padEnd(40, 'x') },
    ]
    try {
      const res = await district.call('GET', '/api/v1/district/streets', { token: await district.tokenFor('leader') })
      expect(res.status).toBe(200)
      const { streets } = DistrictStreets.parse(res.body)
      expect(streets.map((s) => [s.id, s.status])).toEqual([
        ['gulou', 'ok'],
        ['guoyuan', 'unreachable'],
        ['tanying', 'unreachable'],
      ])
      const [gulou, guoyuan, tanying] = streets
      if (gulou?.status !== 'ok') throw new Error('gulou answered')
      expect(gulou.figures.counts.reports).toBe(street.count('SELECT COUNT(*) AS n FROM cases'))
      expect(guoyuan).toMatchObject({ error: expect.stringMatching(/network/) })
      expect(tanying).toMatchObject({ error: expect.stringMatching(/^HTTP 401/) })
    } finally {
      district.links.streets = []
    }
  })

  it('answers no rows on an instance that links no street', async () => {
    const res = await street.call('GET', '/api/v1/district/streets')
    expect(res.body).toMatchObject({ streets: [] })
  })
})
