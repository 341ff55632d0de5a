import { describe, expect, it } from 'vitest'
import type { IndicatorKey, SubjectFacts } from '../schemas/evaluation'
import { EvaluationMethodInput } from '../schemas/evaluation'
import { DEFAULT_METHOD, rankChanges, rankSubjects, scoreSubject } from './evaluation'

/** A subject whose every indicator has the same denominator `n` and the given numerators. */
function subject(id: string, n: number, numerators: Partial<Record<IndicatorKey, number>>): SubjectFacts {
  const keys: IndicatorKey[] = ['onTimeClosure', 'closure', 'rework', 'return', 'extension', 'satisfaction', 'missed']
  return { id, name: `网格${id}`, sample: n, facts: keys.map((key) => ({ key, numerator: numerators[key] ?? 0, denominator: n })) }
}

// Hand-made: A solid over 40 cases, B weaker over 40, C one perfect case, D perfect on 8 (< 10), E nothing.
const good = { onTimeClosure: 36, closure: 38, rework: 2, return: 1, extension: 1, satisfaction: 34, missed: 6 }
const weak = { onTimeClosure: 24, closure: 30, rework: 6, return: 5, extension: 4, satisfaction: 26, missed: 14 }
const perfect = (n: number) => ({ onTimeClosure: n, closure: n, satisfaction: n })
const data = [subject('C', 1, perfect(1)), subject('B', 40, weak), subject('A', 40, good), subject('D', 8, perfect(8)), subject('E', 0, {})]

describe('evaluation scoring', () => {
  it('the default method is valid: weights sum to 100, each indicator once', () => {
    expect(EvaluationMethodInput.parse(DEFAULT_METHOD)).toEqual(DEFAULT_METHOD)
  })

  it('a grid with a single perfect case is listed but does not top the list', () => {
    const rows = rankSubjects(data, DEFAULT_METHOD, 'grid')
    expect(rows.map((r) => [r.subject.id, r.rank])).toEqual([['A', 1], ['B', 2], ['D', null], ['C', null], ['E', null]])
    const c = rows.find((r) => r.subject.id === 'C')!
    expect(c.score).toBeNull()
    expect(c.deductions).toEqual(['样本不足（1 < 10 件）'])
  })

  it('scores per case: 100 × weighted points over the weights scored', () => {
    const a = scoreSubject(subject('A', 40, good), DEFAULT_METHOD, 'grid')
    // 25·.9 + 15·.95 + 10·.95 + 10·.975 + 8·.975 + 15·.85 + 17·.85 = 91.0
    expect(a.score).toBe(91)
    const lost = a.indicators.reduce((sum, i) => sum + i.lost, 0)
    expect(lost).toBeCloseTo(100 - 91, 0)
  })

  it('an indicator below its minimum sample is left out and the others carry its weight', () => {
    const s: SubjectFacts = { ...subject('A', 40, good) }
    s.facts = s.facts.map((f) => (f.key === 'satisfaction' ? { key: f.key, numerator: 0, denominator: 2 } : f))
    const { score, indicators } = scoreSubject(s, DEFAULT_METHOD, 'grid')
    expect(indicators.find((i) => i.key === 'satisfaction')!.scored).toBe(false)
    // Without satisfaction: (91 − 12.75) / 85 × 100 = 92.06
    expect(score).toBe(92.1)
  })

  it('漏报 scores grids and communities, not units or workers', () => {
    const grid = scoreSubject(subject('A', 40, good), DEFAULT_METHOD, 'grid')
    const unit = scoreSubject(subject('A', 40, good), DEFAULT_METHOD, 'unit')
    expect(grid.indicators.find((i) => i.key === 'missed')!.scored).toBe(true)
    expect(unit.indicators.find((i) => i.key === 'missed')!.scored).toBe(false)
    expect(unit.score).not.toBe(grid.score)
  })

  it('deductions say, largest first, what cost points with the counts', () => {
    const [a] = rankSubjects([subject('A', 40, good)], DEFAULT_METHOD, 'grid')
    expect(a!.deductions.slice(0, 2)).toEqual(['漏报率 15.0%（6/40）扣 2.6 分', '按期结案率 90.0%（36/40）扣 2.5 分'])
  })

  it('ties go to the larger sample, then the id, whatever the input order', () => {
    const tie = [subject('Y', 20, perfect(20)), subject('X', 20, perfect(20)), subject('Z', 30, perfect(30))]
    const order = (list: SubjectFacts[]) => rankSubjects(list, DEFAULT_METHOD, 'grid').map((r) => r.subject.id)
    expect(order(tie)).toEqual(['Z', 'X', 'Y'])
    expect(order([...tie].reverse())).toEqual(['Z', 'X', 'Y'])
  })

  it('what-if: new weights re-rank the same facts and say who moved', () => {
    // B is worse everywhere but on extensions when A's extensions are many.
    const a = subject('A', 40, { ...good, extension: 30 })
    const b = subject('B', 40, weak)
    const before = rankSubjects([a, b], DEFAULT_METHOD, 'grid')
    const heavy = { ...DEFAULT_METHOD, indicators: DEFAULT_METHOD.indicators.map((i) => ({ ...i, weight: i.key === 'extension' ? 100 : 0 })) }
    const after = rankSubjects([a, b], heavy, 'grid')
    expect(before.map((r) => r.subject.id)).toEqual(['A', 'B'])
    expect(after.map((r) => r.subject.id)).toEqual(['B', 'A'])
    expect(rankChanges(before, after)).toEqual(new Map([['B', 1], ['A', -1]]))
  })
})
