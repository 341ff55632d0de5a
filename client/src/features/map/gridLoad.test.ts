import { describe, expect, it } from 'vitest'
import { makeCase } from '../../realtime/testing/caseFixtures'
import { gridLoadChanges, gridLoads, loadStepLabels } from './gridLoad'

describe('grid load', () => {
  it('counts open and overdue cases per grid', () => {
    const loads = gridLoads([makeCase('1', { gridId: 'g01' }), makeCase('2', { gridId: 'g01', overdue: true }), makeCase('3', { gridId: 'g02' })])
    expect(Object.fromEntries(loads)).toEqual({ g01: { open: 2, overdue: 1 }, g02: { open: 1, overdue: 0 } })
  })

  it('reports only the grids that changed, and an emptied grid as zero', () => {
    const before = new Map([
      ['g01', { open: 2, overdue: 1 }],
      ['g02', { open: 1, overdue: 0 }],
      ['g03', { open: 4, overdue: 0 }],
    ])
    const after = new Map([
      ['g01', { open: 2, overdue: 1 }],
      ['g02', { open: 1, overdue: 1 }],
      ['g04', { open: 1, overdue: 0 }],
    ])
    expect(gridLoadChanges(before, after)).toEqual([
      { gridId: 'g02', load: { open: 1, overdue: 1 } },
      { gridId: 'g04', load: { open: 1, overdue: 0 } },
      { gridId: 'g03', load: { open: 0, overdue: 0 } },
    ])
  })

  it('names the legend steps', () => {
    expect(loadStepLabels([1, 3, 6, 10, 15])).toEqual(['1–2', '3–5', '6–9', '10–14', '15+'])
    expect(loadStepLabels([1, 2, 5])).toEqual(['1', '2–4', '5+'])
  })
})
