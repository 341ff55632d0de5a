import { describe, expect, it } from 'vitest'
import { type CandidateFacts, rankCandidates, reasonText } from './assignmentRanking'

const facts = (over: Partial<CandidateFacts> & Pick<CandidateFacts, 'name'>): CandidateFacts => ({
  assignee: { kind: 'unit', id: over.name },
  responsible: false,
  ofGrid: false,
  distanceM: null,
  openLoad: 0,
  categoryClosed: 0,
  categoryOnTime: 0,
  ...over,
})

describe('rankCandidates', () => {
  it('puts the responsible unit first even when busier than the others', () => {
    const ranked = rankCandidates([facts({ name: '甲' }), facts({ name: '城管', responsible: true, openLoad: 20 }), facts({ name: '乙', openLoad: 0 })])
    expect(ranked[0]!.name).toBe('城管')
  })

  it('puts the grid\'s own team before a team from elsewhere', () => {
    const ranked = rankCandidates([
      facts({ name: '远队', assignee: { kind: 'team', id: 't2' }, distanceM: 1800 }),
      facts({ name: '本队', assignee: { kind: 'team', id: 't1' }, ofGrid: true, distanceM: 120 }),
    ])
    expect(ranked.map((r) => r.name)).toEqual(['本队', '远队'])
    expect(ranked[0]!.reasons.map((r) => r.kind)).toEqual(['grid_team', 'distance', 'load', 'few_cases'])
  })

  it('between equals, prefers the nearer, the less loaded and the more punctual', () => {
    expect(rankCandidates([facts({ name: 'a', distanceM: 2000 }), facts({ name: 'b', distanceM: 200 })])[0]!.name).toBe('b')
    expect(rankCandidates([facts({ name: 'a', openLoad: 15 }), facts({ name: 'b', openLoad: 2 })])[0]!.name).toBe('b')
    expect(rankCandidates([facts({ name: 'a', categoryClosed: 40, categoryOnTime: 20 }), facts({ name: 'b', categoryClosed: 40, categoryOnTime: 39 })])[0]!.name).toBe('b')
  })

  it('does not let one lucky case beat a long record', () => {
    const ranked = rankCandidates([facts({ name: 'lucky', categoryClosed: 1, categoryOnTime: 1 }), facts({ name: 'proven', categoryClosed: 50, categoryOnTime: 48 })])
    expect(ranked[0]!.name).toBe('proven')
    expect(ranked[1]!.reasons).toContainEqual({ kind: 'few_cases', closed: 1 })
  })

  it('orders equal scores by name, so two looks give the same list', () => {
    const once = rankCandidates([facts({ name: '乙' }), facts({ name: '甲' })]).map((r) => r.name)
    const again = rankCandidates([facts({ name: '甲' }), facts({ name: '乙' })]).map((r) => r.name)
    expect(once).toEqual(again)
  })
})

describe('rankCandidates for a case found on video (视频发现)', () => {
  const grid = [
    facts({ name: '城管', responsible: true, openLoad: 0, categoryClosed: 40, categoryOnTime: 40 }),
    facts({ name: '本队', assignee: { kind: 'team', id: 't1' }, ofGrid: true, distanceM: 100, categoryClosed: 40, categoryOnTime: 40 }),
    facts({ name: '替补', assignee: { kind: 'worker', id: 'W2' }, ofGrid: true, distanceM: 100 }),
    facts({ name: '在岗', assignee: { kind: 'worker', id: 'W1' }, ofGrid: true, onDuty: true, distanceM: 2500, openLoad: 40 }),
  ]

  it('offers the on-duty workers of the grid first, even busy and far, ahead of a perfect responsible unit', () => {
    const ranked = rankCandidates(grid, 'zh-CN', { source: 'camera' })
    expect(ranked.map((r) => r.name)).toEqual(['在岗', '城管', '本队', '替补'])
    expect(ranked[0]!.reasons.map((r) => r.kind)).toEqual(['grid_worker', 'on_duty', 'distance', 'load', 'few_cases'])
  })

  it('keeps the responsible unit first for any other source, and still says who is on duty', () => {
    for (const source of ['hotline', 'terminal', undefined] as const) {
      const ranked = rankCandidates(grid, 'zh-CN', { source })
      expect(ranked[0]!.name, String(source)).toBe('城管')
      expect(ranked.find((r) => r.name === '在岗')!.reasons).toContainEqual({ kind: 'on_duty' })
    }
  })

  it('never calls a unit or a team on duty', () => {
    const ranked = rankCandidates([facts({ name: '队', assignee: { kind: 'team', id: 't' }, ofGrid: true, onDuty: true })], 'zh-CN', { source: 'camera' })
    expect(ranked[0]!.reasons.map((r) => r.kind)).not.toContain('on_duty')
    expect(reasonText({ kind: 'on_duty' }, 'zh-CN')).toBe('在岗')
    expect(reasonText({ kind: 'on_duty' }, 'en')).toBe('on duty')
  })
})

describe('reasonText', () => {
  it('says why in the dispatcher\'s words, in both languages', () => {
    const [top] = rankCandidates([facts({ name: '城管', responsible: true, openLoad: 12, categoryClosed: 50, categoryOnTime: 48 })])
    expect(top!.reasons.map((r) => reasonText(r, 'zh-CN')).join(' · ')).toBe('责任单位 · 在办 12 件 · 本类按期率 96%')
    expect(top!.reasons.map((r) => reasonText(r, 'en')).join(' · ')).toBe('responsible unit · 12 open · 96% on time in this category')
    expect(reasonText({ kind: 'distance', metres: 1530 }, 'zh-CN')).toBe('距离 1.5 公里')
  })
})

describe('rankCandidates and the workers on duty (their terminals\' fresh fixes)', () => {
  it('puts the nearest on-duty worker before any off-duty worker of the grid, whatever the source', () => {
    const workers = [
      facts({ name: '不在岗', assignee: { kind: 'worker', id: 'W3' }, ofGrid: true, distanceM: 20 }),
      facts({ name: '远', assignee: { kind: 'worker', id: 'W2' }, ofGrid: true, onDuty: true, distanceM: 1500 }),
      facts({ name: '近', assignee: { kind: 'worker', id: 'W1' }, ofGrid: true, onDuty: true, distanceM: 80 }),
    ]
    for (const source of ['hotline', 'camera', undefined] as const) {
      expect(rankCandidates(workers, 'zh-CN', { source }).map((r) => r.name), String(source)).toEqual(['近', '远', '不在岗'])
    }
  })

  it('still keeps the responsible unit ahead of an on-duty worker outside video patrol', () => {
    const ranked = rankCandidates([facts({ name: '在岗', assignee: { kind: 'worker', id: 'W1' }, ofGrid: true, onDuty: true, distanceM: 0 }), facts({ name: '城管', responsible: true })], 'zh-CN', { source: 'hotline' })
    expect(ranked[0]!.name).toBe('城管')
  })
})
