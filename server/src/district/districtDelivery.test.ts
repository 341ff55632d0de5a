import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DISTRICT_ASSIGNEE } from '@shared/caseMachine'
import { CaseWithHistory } from '@shared/schemas/caseApi'
import { DistrictMessages } from '@shared/schemas/district'
import { type DemoFacts, caller, demoFacts } from '../cases/caseTestHelpers'
import { type Peer, manualClock, startPeer, startProxy } from './districtTestSupport'

/**
 * Two real instances on loopback, a district and one of its streets, each with the token the
 * other gave it. The first pair runs its sender loops by themselves; the second is driven by
 * flush() on a manual clock, through a proxy that cuts the network.
 */
async function link(district: Peer, street: Peer, urls: { district?: string; street?: string } = {}) {
  street.links.upstream = { url: urls.district ?? district.url, token: await district.integrationToken(`street-gulou-${Math.random().toString(36).slice(2, 8)}`) }
  district.links.streets = [{ id: 'gulou', name: '鼓楼街道', url: urls.street ?? street.url, token: await street.integrationToken(`district-miyun-${Math.random().toString(36).slice(2, 8)}`) }]
}

const referral = (facts: DemoFacts, title: string) => ({
  streetId: 'gulou',
  categoryCode: facts.category.code,
  title,
  description: '区平台12345转办',
  location: facts.grids[3]!.point,
  address: '鼓楼东大街',
  districtRef: 'MY-2026-0001',
})

async function until<T>(what: string, read: () => Promise<T> | T, ok: (v: T) => boolean, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms
  for (;;) {
    const value = await read()
    if (ok(value)) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

const districtCases = (p: Peer) => p.count(`SELECT COUNT(*) AS n FROM cases WHERE source = 'district'`)
const messages = async (p: Peer, query = '') => DistrictMessages.parse((await p.call('GET', `/api/v1/district/messages${query}`)).body).items

/** File a street case so it waits for dispatch: what an escalation starts from. */
async function fileCase(street: Peer, caseId: string): Promise<number> {
  const intake = await street.tokenFor('intake')
  const { body: c } = await street.call('GET', `/api/v1/cases/${caseId}`)
  const filed = await street.call('POST', `/api/v1/cases/${caseId}/transitions`, { token: intake, body: { action: 'file', version: c.version } })
  expect(filed.status).toBe(200)
  return filed.body.version as number
}

describe('a referral down and an escalation up, with the sender loops running', () => {
  let district: Peer
  let street: Peer
  let facts: DemoFacts
  beforeAll(async () => {
    const fast = { backoff: { baseMs: 50, capMs: 500 } }
    ;[district, street] = await Promise.all([startPeer(fast), startPeer(fast)])
    await link(district, street)
    facts = await demoFacts(caller(street.url, await street.tokenFor('duty_chief')))
  }, 60_000)
  afterAll(async () => {
    await Promise.all([district?.close(), street?.close()])
  })

  it('files the referral once at the street, signed, with the delay recorded at the district', async () => {
    const sent = await district.call('POST', '/api/v1/district/referrals', { token: await district.tokenFor('dispatcher'), body: referral(facts, '占道经营（区转办）') })
    expect(sent.status).toBe(202)
    expect(sent.body).toMatchObject({ direction: 'out', kind: 'referral', peer: 'gulou', state: 'pending' })

    const [signed] = await until('the street to sign', () => messages(district, '?direction=out'), (m) => m[0]?.state === 'signed')
    expect(signed).toMatchObject({ id: sent.body.id, attempts: 1, lastError: null, receipt: { duplicate: false, signedBy: expect.any(String) } })
    expect(signed!.signDelayMs).toEqual(expect.any(Number))
    expect(districtCases(street)).toBe(1)
    const filed = await street.call('GET', `/api/v1/cases/${signed!.receipt!.caseId}`)
    expect(filed.body).toMatchObject({ source: 'district', code: signed!.receipt!.caseCode, state: 'pending_filing', title: '占道经营（区转办）' })
    expect(filed.body.description).toContain('MY-2026-0001')
    expect(await messages(street, '?direction=in')).toMatchObject([{ id: sent.body.id, kind: 'referral', state: 'signed', attempts: 1 }])
  })

  it('escalates a filed case to the district, which signs for it; the street notes the receipt', async () => {
    const [received] = await messages(street, '?direction=in')
    const version = await fileCase(street, received!.caseId!)
    const res = await street.call('POST', '/api/v1/district/escalations', { token: await street.tokenFor('dispatcher'), body: { caseId: received!.caseId, version, reason: '涉及多个街道，需区级协调' } })
    expect(res.status).toBe(202)
    expect(res.body.case).toMatchObject({ state: 'dispatched', assignee: DISTRICT_ASSIGNEE })

    const [signed] = await until('the district to sign', () => messages(street, '?direction=out'), (m) => m[0]?.state === 'signed')
    expect(signed).toMatchObject({ id: res.body.messageId, kind: 'escalation', caseId: received!.caseId, attempts: 1, receipt: { caseId: null, duplicate: false } })
    expect(await messages(district, '?direction=in')).toMatchObject([{ id: res.body.messageId, kind: 'escalation', attempts: 1 }])
    expect(district.count(`SELECT COUNT(*) AS n FROM district_inbox`)).toBe(1)

    const after = await until('the note on the case', async () => CaseWithHistory.parse((await street.call('GET', `/api/v1/cases/${received!.caseId}`)).body), (c) => c.state === 'in_progress')
    const actions = after.history.map((h) => h.action)
    expect(actions.slice(-2)).toEqual(['escalate', 'accept'])
    expect(after.history.at(-2)).toMatchObject({ reason: '涉及多个街道，需区级协调', from: 'pending_dispatch', to: 'dispatched' })
    expect(after.assignee).toEqual(DISTRICT_ASSIGNEE)
    expect(after.history.at(-1)!.notes).toMatch(/^区级已签收，用时 \d+ 秒/)
  })

  it('refuses an escalation through the generic transition, which would skip the outbox', async () => {
    const res = await street.call('POST', `/api/v1/cases/any-case/transitions`, { token: await street.tokenFor('dispatcher'), body: { action: 'escalate', version: 1, reason: 'x' } })
    expect(res.status).toBe(422)
  })
})

describe('the network cut in the middle', () => {
  let district: Peer
  let street: Peer
  let facts: DemoFacts
  const districtClock = manualClock()
  const streetClock = manualClock()
  let toStreet: Awaited<ReturnType<typeof startProxy>>
  let toDistrict: Awaited<ReturnType<typeof startProxy>>
  beforeAll(async () => {
    // Driven by hand: no loop runs, each flush() is one pass over what is due on the manual clock.
    const manual = { autoSend: false, random: () => 0, backoff: { baseMs: 1000, capMs: 60_000 }, sendTimeoutMs: 10_000 }
    ;[district, street] = await Promise.all([startPeer({ ...manual, now: districtClock.now }), startPeer({ ...manual, now: streetClock.now })])
    toStreet = await startProxy(Number(new URL(street.url).port))
    toDistrict = await startProxy(Number(new URL(district.url).port))
    await link(district, street, { street: toStreet.url, district: toDistrict.url })
    facts = await demoFacts(caller(street.url, await street.tokenFor('duty_chief')))
  }, 60_000)
  afterAll(async () => {
    await Promise.all([district?.close(), street?.close(), toStreet?.close(), toDistrict?.close()])
  })

  it('delivers a referral exactly once after answers are lost and the street is unreachable', async () => {
    const sent = await district.call('POST', '/api/v1/district/referrals', { token: await district.tokenFor('duty_chief'), body: referral(facts, '噪音扰民（区转办）') })
    expect(sent.status).toBe(202)

    // The street stores it, and the answer never reaches the district: twice.
    toStreet.mode('lose-answers')
    expect(await district.wall.district.sender.flush()).toBe(0)
    districtClock.advance(60_000)
    expect(await district.wall.district.sender.flush()).toBe(0)
    expect(districtCases(street)).toBe(1)
    expect(street.count(`SELECT deliveries AS n FROM district_inbox WHERE id = ?`, sent.body.id)).toBe(2)

    // Then the street cannot be reached at all; and a retry not yet due is not sent.
    toStreet.mode('down')
    districtClock.advance(60_000)
    expect(await district.wall.district.sender.flush()).toBe(0)
    expect(await district.wall.district.sender.flush()).toBe(0)
    const [pending] = await messages(district, '?direction=out')
    expect(pending).toMatchObject({ state: 'pending', attempts: 3, lastError: expect.stringMatching(/network|no answer/) })

    // The network returns: the retry is signed with the receipt of the first delivery.
    toStreet.mode('pass')
    districtClock.advance(60_000)
    expect(await district.wall.district.sender.flush()).toBe(1)
    const [signed] = await messages(district, '?direction=out')
    expect(signed).toMatchObject({ state: 'signed', attempts: 4, lastError: null, signDelayMs: 180_000, receipt: { duplicate: true } })
    expect(districtCases(street)).toBe(1)
    expect(street.count(`SELECT COUNT(*) AS n FROM district_inbox`)).toBe(1)
    expect(await district.wall.district.sender.flush()).toBe(0)
  })

  it('delivers an escalation exactly once across the cut, and the case notes the delay', async () => {
    const [received] = await messages(street, '?direction=in')
    const version = await fileCase(street, received!.caseId!)
    toDistrict.mode('lose-answers')
    const res = await street.call('POST', '/api/v1/district/escalations', { token: await street.tokenFor('duty_chief'), body: { caseId: received!.caseId, version, reason: '需区级执法力量' } })
    expect(res.status).toBe(202)
    expect(await street.wall.district.sender.flush()).toBe(0)
    toDistrict.mode('down')
    streetClock.advance(30_000)
    expect(await street.wall.district.sender.flush()).toBe(0)
    toDistrict.mode('pass')
    streetClock.advance(30_000)
    expect(await street.wall.district.sender.flush()).toBe(1)

    expect(district.count(`SELECT COUNT(*) AS n FROM district_inbox WHERE kind = 'escalation'`)).toBe(1)
    expect(district.count(`SELECT deliveries AS n FROM district_inbox WHERE id = ?`, res.body.messageId)).toBe(2)
    const [signed] = await messages(street, '?direction=out')
    expect(signed).toMatchObject({ id: res.body.messageId, state: 'signed', attempts: 3, signDelayMs: 60_000 })
    const after = CaseWithHistory.parse((await street.call('GET', `/api/v1/cases/${received!.caseId}`)).body)
    expect(after.state).toBe('in_progress')
    expect(after.history.filter((h) => h.action === 'accept').map((h) => h.notes)).toEqual([expect.stringMatching(/^区级已签收，用时 60 秒/)])
  })
})
