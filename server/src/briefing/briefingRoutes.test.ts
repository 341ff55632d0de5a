import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BriefingNotice, BriefingSummary, type NoticeSegment } from '@shared/schemas/briefing'
import { CasePage } from '@shared/schemas/caseApi'
import { KpiReport } from '@shared/schemas/kpi'
import { beijingDay } from '@shared/rules/beijingTime'
import { type Call, type DemoFacts, caller, demoFacts, reportBody } from '../cases/caseTestHelpers'
import { type TestApp, startTestApp } from '../testing/testApp'

let t: TestApp
let call: Call
let leader: Call
let facts: DemoFacts
const today = beijingDay(new Date())

beforeAll(async () => {
  t = await startTestApp()
  call = caller(t.url, await t.tokenFor('integration'))
  leader = caller(t.url, await t.tokenFor('leader'))
  facts = await demoFacts(call)
  const [a, b] = facts.grids
  // Three reports of one 小类 at one spot (a repeat place), one elsewhere by the hotline.
  for (let i = 0; i < 3; i++) expect((await call('POST', '/api/v1/cases', { as: 'grid_worker', body: reportBody(facts) })).status).toBe(201)
  const hotline = reportBody(facts, { source: 'hotline', location: b!.point, reporterPhone: '13900001111' })
  expect((await call('POST', '/api/v1/cases', { as: 'intake', body: hotline })).status).toBe(201)
  expect(a!.id).not.toBe(b!.id)
}, 120_000)
afterAll(async () => {
  await t.close()
})

const numbers = (n: BriefingNotice): Extract<NoticeSegment, { kind: 'number' }>[] =>
  n.sections.flatMap((s) => s.paragraphs.flat()).filter((s): s is Extract<NoticeSegment, { kind: 'number' }> => s.kind === 'number')

describe('GET /api/v1/briefing', () => {
  it.each([
    ['street', ''],
    ['community', 'community'],
  ])("gives the KPI endpoint's figures for the same range and scope (%s)", async (_name, kind) => {
    const community = facts.grids[0]!.communityId
    const scope = kind ? `&scope=community:${community}` : ''
    const res = await leader('GET', `/api/v1/briefing?from=${today}&to=${today}${scope}`)
    expect(res.status).toBe(200)
    const summary = BriefingSummary.parse(res.body)
    // The KPI endpoint scopes by account: a community station of that community sees its figures.
    const kpiCall = kind ? caller(t.url, await t.tokenFor('community_operator', { communityId: community })) : call
    const kpi = KpiReport.parse((await kpiCall('GET', `/api/v1/kpi?from=${today}&to=${today}`)).body)
    expect(summary.total).toEqual(kpi.total)
    expect(summary.previous).toEqual(kpi.previous)
    expect(summary.yearBefore).toEqual(kpi.yearBefore)
    expect(summary.byChannel.map(({ source, reports }) => ({ source, reports }))).toEqual(kpi.byChannel)
    expect(summary.funnel[0]).toEqual({ step: 'reports', count: kpi.total.counts.reports })
    expect(summary.overdue.count).toBe(kpi.total.counts.openOverdue)
  })

  it('lists the repeat place, the heat points and each top category’s daily trend', async () => {
    const summary = BriefingSummary.parse((await leader('GET', `/api/v1/briefing?from=${today}&to=${today}`)).body)
    expect(summary.total.counts.reports).toBe(4)
    expect(summary.hotspots.points).toHaveLength(4)
    expect(summary.hotspots.repeatPlaces).toEqual([expect.objectContaining({ categoryCode: facts.category.code, reports: 3 })])
    const kind = facts.category.kind === 'component' ? 'component' : 'event'
    expect(summary.topCategories[kind][0]).toEqual(expect.objectContaining({ code: facts.category.code, reports: 4, daily: [4] }))
    expect(summary.byChannel.find((c) => c.source === 'hotline')?.share).toBe(0.25)
  })

  it.each([
    ['scope=town', /scope/],
    ['scope=grid:no-such-grid', /no grid "no-such-grid"/],
    ['from=2026-02-30', /not a calendar day/],
    ['period=month', /unknown parameter "period"/],
  ])('refuses %s with 422 and a reason', async (query, message) => {
    const res = await leader('GET', `/api/v1/briefing?${query}`)
    expect(res.status).toBe(422)
    expect((res.body as { error: { message: string } }).error.message).toMatch(message)
  })

  it('is for who answers for the street: a grid worker is refused', async () => {
    const worker = caller(t.url, await t.tokenFor('grid_worker', { gridId: facts.grids[0]!.id }))
    expect((await worker('GET', '/api/v1/briefing')).status).toBe(403)
  })
})

describe('GET /api/v1/briefing/notice', () => {
  it("writes the KPI endpoint's figures, each number listing as many cases as it says", async () => {
    const kpi = KpiReport.parse((await call('GET', `/api/v1/kpi?from=${today}&to=${today}`)).body)
    const notice = BriefingNotice.parse((await leader('GET', `/api/v1/briefing/notice?from=${today}&to=${today}`)).body)
    expect(notice.sections.map((s) => s.title)).toEqual(['一、总体情况', '二、案件来源', '三、部件与事件', '四、排名情况', '五、超期与推诿'])
    const figure = (name: string) => numbers(notice).find((n) => n.figure === name)!
    for (const name of ['reports', 'filed', 'closeDue', 'closed', 'closedLate'] as const) expect(figure(name).value).toBe(kpi.total.counts[name])
    expect(numbers(notice).find((n) => n.figure === 'closure')?.value ?? null).toBe(kpi.total.rates.closure)
    const f = figure('reports').filter!
    const page = CasePage.parse((await leader('GET', `/api/v1/cases?from=${f.from}&to=${f.to}&limit=200`)).body)
    expect(page.items).toHaveLength(kpi.total.counts.reports)
  })

  it('answers in English when asked', async () => {
    const notice = BriefingNotice.parse((await leader('GET', `/api/v1/briefing/notice?from=${today}&to=${today}&lang=en`)).body)
    expect(notice.sections[0]!.title).toBe('1. Overall')
    expect((await leader('GET', '/api/v1/briefing/notice?lang=fr')).status).toBe(422)
  })
})
