import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EvaluationMethods, Ranking, RankingExplanation } from '@shared/schemas/evaluation'
import { DEFAULT_METHOD } from '@shared/rules/evaluation'
import { type Call, type DemoFacts, caller, demoFacts, reportBody } from '../cases/caseTestHelpers'
import { type TestApp, startTestApp } from '../testing/testApp'

let t: TestApp
let call: Call
let leader: Call
let facts: DemoFacts
const codes: string[] = []

// Grid 0: ten cases its own workers found (enough to rank). Grid 1: one case a hotline call found (漏报, unranked).
beforeAll(async () => {
  t = await startTestApp()
  call = caller(t.url, await t.tokenFor('integration'))
  leader = caller(t.url, await t.tokenFor('leader'))
  facts = await demoFacts(call)
  for (let i = 0; i < 10; i++) {
    const res = await call('POST', '/api/v1/cases', { as: 'grid_worker', body: reportBody(facts) })
    expect(res.status).toBe(201)
  }
  const hotline = await call('POST', '/api/v1/cases', { as: 'intake', body: reportBody(facts, { source: 'hotline', location: facts.grids[1]!.point }) })
  expect(hotline.status).toBe(201)
  codes.push((hotline.body as { code: string }).code)
}, 120_000)
afterAll(async () => {
  await t.close()
})

async function download(path: string): Promise<Response> {
  return fetch(`${t.url}${path}`, { headers: await t.authHeaders('leader') })
}

describe('GET /api/v1/rankings', () => {
  it('lists every grid, ranks only those with the minimum sample, and counts 漏报', async () => {
    const res = await leader('GET', '/api/v1/rankings?level=grid')
    expect(res.status).toBe(200)
    const ranking = Ranking.parse(res.body)
    const gridCount = new Set(facts.grids.map((g) => g.id)).size
    expect(ranking.rows).toHaveLength(gridCount)
    expect(ranking.method.version).toBe(1)
    const [first, second] = ranking.rows
    expect(first).toMatchObject({ rank: 1, subject: { id: facts.grids[0]!.id }, sample: 10, score: 100 })
    expect(first!.indicators.find((i) => i.key === 'missed')).toMatchObject({ numerator: 0, denominator: 10, scored: true })
    expect(second).toMatchObject({ rank: null, subject: { id: facts.grids[1]!.id }, sample: 1, score: null, deductions: ['样本不足（1 < 10 件）'] })
    expect(second!.indicators.find((i) => i.key === 'missed')).toMatchObject({ numerator: 1, denominator: 1 })
    expect(ranking.facts.map((f) => f.id)).toEqual(ranking.rows.map((r) => r.subject.id))
  })

  it('ranks 部件 and 事件 apart: the two samples add up to all cases', async () => {
    const sampleOf = async (kind: string) =>
      Ranking.parse((await leader('GET', `/api/v1/rankings?level=grid&kind=${kind}`)).body).rows.find((r) => r.subject.id === facts.grids[0]!.id)!.sample
    const [all, component, event] = [await sampleOf('all'), await sampleOf('component'), await sampleOf('event')]
    expect(all).toBe(10)
    expect(component + event).toBe(10)
    expect(facts.category.kind === 'component' ? component : event).toBe(10)
  })

  it("narrows to one community's grids", async () => {
    const community = facts.grids[0]!.communityId
    const ranking = Ranking.parse((await leader('GET', `/api/v1/rankings?level=grid&community=${community}`)).body)
    expect(ranking.scope).toEqual({ community, grid: null })
    expect(ranking.rows.map((r) => r.subject.id).sort()).toEqual([...new Set(facts.grids.filter((g) => g.communityId === community).map((g) => g.id))].sort())
  })

  it('explains a subject down to the cases that cost it points', async () => {
    const res = await leader('GET', `/api/v1/rankings/explain?level=grid&subject=${facts.grids[1]!.id}`)
    expect(res.status).toBe(200)
    const missed = RankingExplanation.parse(res.body).indicators.find((i) => i.key === 'missed')!
    expect(missed.against.map((c) => c.code)).toEqual(codes)
    expect(missed.againstTotal).toBe(1)
  })

  it.each([
    ['level=street', /level/],
    ['', /level/],
    ['level=grid&from=2026-01-10&to=2026-01-01', /after/],
    ['level=grid&methodVersion=abc', /methodVersion/],
    ['level=grid&sort=score', /unknown parameter "sort"/],
    ['level=grid&community=nowhere', /community: nowhere is not a community/],
    ['level=worker&grid=nowhere', /grid: nowhere is not a grid/],
  ])('refuses %s with 422', async (query, message) => {
    const res = await leader('GET', `/api/v1/rankings?${query}`)
    expect(res.status).toBe(422)
    expect(res.body.error.message).toMatch(message)
  })

  it('is for who reads the briefing: a dispatcher is refused', async () => {
    const dispatcher = caller(t.url, await t.tokenFor('dispatcher'))
    expect((await dispatcher('GET', '/api/v1/rankings?level=grid')).status).toBe(403)
  })

  it('answers 404 for a method version that does not exist, and for an unknown subject', async () => {
    expect((await leader('GET', '/api/v1/rankings?level=grid&methodVersion=99')).status).toBe(404)
    expect((await leader('GET', '/api/v1/rankings/explain?level=grid&subject=nowhere')).status).toBe(404)
  })
})

describe('rankings as XLSX and CSV', () => {
  it('the XLSX opens with exceljs and lists every grid', async () => {
    const res = await download('/api/v1/rankings.xlsx?level=grid')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="rankings-grid-.*\.xlsx"/)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(await res.arrayBuffer())
    const sheet = workbook.worksheets[0]!
    expect(sheet.getRow(2).getCell(1).value).toBe('名次 Rank')
    const ids = new Set<string>()
    sheet.eachRow((row, n) => {
      if (n > 2) ids.add(String(row.getCell(2).value))
    })
    expect(ids).toEqual(new Set(facts.grids.map((g) => g.id)))
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['网格 Grid', '社区 Community', '责任单位 Unit', '网格员 Grid worker'])
  })

  it('the XLSX asked for communities has their sheet first', async () => {
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(await (await download('/api/v1/rankings.xlsx?level=community')).arrayBuffer())
    expect(workbook.worksheets[0]!.name).toBe('社区 Community')
    expect(workbook.worksheets[0]!.rowCount).toBe(2 + new Set(facts.grids.map((g) => g.communityId)).size)
  })

  it('the CSV is UTF-8 with a BOM, one line per grid, and parses', async () => {
    const res = await download('/api/v1/rankings.csv?level=grid')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/text\/csv; charset=utf-8/)
    const bytes = new Uint8Array(await res.arrayBuffer())
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const lines = new TextDecoder().decode(bytes.slice(3)).trimEnd().split('\r\n')
    const header = lines[0]!.split(',')
    expect(header[0]).toBe('名次 Rank')
    expect(lines).toHaveLength(1 + new Set(facts.grids.map((g) => g.id)).size)
    const first = lines[1]!.split(',')
    expect(first.slice(0, 2)).toEqual(['1', facts.grids[0]!.id])
    expect(header).toHaveLength(first.length)
  })

  it('refuses a bad query with 422 like the ranking', async () => {
    expect((await download('/api/v1/rankings.csv?level=street')).status).toBe(422)
  })
})

describe('evaluation methods', () => {
  it('a leader adds a version that becomes current; the ranking uses it', async () => {
    const heavy = { name: '按期优先', minCases: 5, indicators: DEFAULT_METHOD.indicators.map((i) => ({ ...i, weight: i.key === 'onTimeClosure' ? 100 : 0 })) }
    const created = await leader('POST', '/api/v1/evaluation/methods', { body: heavy })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ version: 2, name: '按期优先', minCases: 5 })
    const list = EvaluationMethods.parse((await leader('GET', '/api/v1/evaluation/methods')).body)
    expect(list.current).toBe(2)
    expect(list.methods.map((m) => m.version)).toEqual([2, 1])
    const ranking = Ranking.parse((await leader('GET', '/api/v1/rankings?level=grid')).body)
    expect(ranking.method.version).toBe(2)
    const old = Ranking.parse((await leader('GET', '/api/v1/rankings?level=grid&methodVersion=1')).body)
    expect(old.method.version).toBe(1)
  })

  it('refuses weights that do not sum to 100, a repeated indicator, and a role that may not change it', async () => {
    const bad = { name: 'x', minCases: 10, indicators: [{ key: 'closure', weight: 60, direction: 'higher', minSample: 5 }] }
    const sum = await leader('POST', '/api/v1/evaluation/methods', { body: bad })
    expect(sum.status).toBe(422)
    expect(sum.body.error.message).toMatch(/sum to 100/)
    const twice = { ...bad, indicators: [bad.indicators[0], { ...bad.indicators[0], weight: 40 }] }
    expect((await leader('POST', '/api/v1/evaluation/methods', { body: twice })).body.error.message).toMatch(/once/)
    const station = caller(t.url, await t.tokenFor('dispatcher'))
    expect((await station('POST', '/api/v1/evaluation/methods', { body: { ...bad, indicators: [{ ...bad.indicators[0], weight: 100 }] } })).status).toBe(403)
    const list = EvaluationMethods.parse((await leader('GET', '/api/v1/evaluation/methods')).body)
    expect(list.current).toBe(2)
  })
})
