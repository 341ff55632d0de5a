import { describe, expect, it } from 'vitest'
import { DEFAULT_METHOD, rankSubjects } from '@shared/rules/evaluation'
import type { Ranking, SubjectFacts } from '@shared/schemas/evaluation'
import { mainDeduction, moveText, rankingSearch, scopeParams, trialChanged, trialOf, whatIf } from './rankingView'

const subject = (id: string, onTime: number, extensions: number): SubjectFacts => ({
  id,
  name: id,
  sample: 40,
  facts: [
    { key: 'onTimeClosure', numerator: onTime, denominator: 40 },
    { key: 'extension', numerator: extensions, denominator: 40 },
  ],
})

function ranking(facts: SubjectFacts[]): Ranking {
  const method = { ...DEFAULT_METHOD, version: 1, createdAt: '2026-12-01T00:00:00.000Z', createdBy: 'system' }
  return {
    from: '2026-11-01',
    to: '2026-11-30',
    level: 'grid',
    kind: 'all',
    scope: { community: null, grid: null },
    method,
    asOf: '2026-12-01T00:00:00.000Z',
    rows: rankSubjects(facts, method, 'grid'),
    facts,
  }
}

describe('rankings view', () => {
  it('turns a briefing scope into the ranking query and the download links', () => {
    expect(scopeParams('street')).toEqual({})
    expect(scopeParams('community:c07')).toEqual({ community: 'c07' })
    expect(rankingSearch({ from: '2026-11-01', to: '2026-11-30', scope: 'grid:g12', level: 'worker', kind: 'event' })).toBe(
      'from=2026-11-01&to=2026-11-30&level=worker&kind=event&grid=g12',
    )
  })

  it('what-if re-ranks the returned facts with the shared scoring and says who moved', () => {
    // A closes on time more, B extends less: the method's weights favour A, all-on-extensions favours B.
    const r = ranking([subject('A', 38, 20), subject('B', 30, 0)])
    expect(r.rows.map((x) => x.subject.id)).toEqual(['A', 'B'])
    const trial = trialOf(r)
    expect(trialChanged(r, trial)).toBe(false)
    const heavy = { ...trial, weights: { ...trial.weights, onTimeClosure: 0, extension: 100 } }
    expect(trialChanged(r, heavy)).toBe(true)
    const { rows, moves } = whatIf(r, heavy)
    expect(rows.map((x) => x.subject.id)).toEqual(['B', 'A'])
    expect(moveText(moves.get('B'))).toBe('↑1')
    expect(moveText(moves.get('A'))).toBe('↓1')
    expect(moveText(whatIf(r, trial).moves.get('A'))).toBe('')
  })

  it('what-if with a smaller minimum ranks the subjects the method left unranked', () => {
    const small = { ...subject('C', 40, 0), sample: 4 }
    const r = ranking([subject('A', 38, 20), small])
    expect(r.rows.find((x) => x.subject.id === 'C')!.rank).toBeNull()
    const { rows, moves } = whatIf(r, { ...trialOf(r), minCases: 3 })
    expect(rows.map((x) => [x.subject.id, x.rank])).toEqual([['C', 1], ['A', 2]])
    expect(moves.get('C')).toBeNull()
    expect(moveText(moves.get('A'))).toBe('↓1')
  })

  it("names a row's main deduction as the server's words do, in either language", () => {
    const r = ranking([subject('A', 38, 20), subject('B', 30, 0)])
    const a = r.rows.find((x) => x.subject.id === 'A')!
    expect(mainDeduction(a)).toMatchObject({ key: 'extension', numerator: 20, denominator: 40 })
    expect(a.deductions[0]).toMatch(/^延期率 50.0%（20\/40）扣 /)
    expect(mainDeduction({ ...a, score: null })).toBeNull()
  })
})
