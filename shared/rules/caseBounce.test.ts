import { describe, expect, it } from 'vitest'
import type { Assignee, CaseEvent } from '../schemas/case'
import { bouncesByHandler, caseBounce } from './caseBounce'

type Step = Pick<CaseEvent, 'action' | 'assignee'>
const unit = (id: string): Assignee => ({ kind: 'unit', id })
const dispatch = (a: Assignee): Step => ({ action: 'dispatch', assignee: a })
const step = (action: CaseEvent['action']): Step => ({ action, assignee: null })

describe('caseBounce', () => {
  it('does not flag a case handled by the first unit it was sent to', () => {
    const b = caseBounce([step('report'), step('file'), dispatch(unit('u1')), step('accept'), step('feedback'), step('close')])
    expect(b).toMatchObject({ bounced: false, returns: 0, reworks: 0, handlers: 1, reasons: [] })
  })

  it('flags a case returned twice, with its path A → B → A', () => {
    const b = caseBounce([
      step('report'),
      step('file'),
      dispatch(unit('A')),
      step('return_to_dispatch'),
      dispatch(unit('B')),
      step('return_to_dispatch'),
      dispatch(unit('A')),
    ])
    expect(b.bounced).toBe(true)
    expect(b.returns).toBe(2)
    expect(b.path).toEqual([unit('A'), unit('B'), unit('A')])
    expect(b.handlers).toBe(2)
    expect(b.reasons).toEqual(['returns'])
  })

  it('counts a return to intake as a return too', () => {
    expect(caseBounce([step('return_to_intake'), step('return_to_dispatch')]).reasons).toEqual(['returns'])
    expect(caseBounce([step('return_to_intake')]).bounced).toBe(false)
  })

  it('flags a case that passed through three handlers, whatever their kind', () => {
    const b = caseBounce([dispatch(unit('A')), dispatch({ kind: 'team', id: 'T' }), dispatch({ kind: 'worker', id: 'W' })])
    expect(b.reasons).toEqual(['handlers'])
    expect(b.handlers).toBe(3)
  })

  it('folds a repeated dispatch to the same handler into one step of the path', () => {
    const b = caseBounce([dispatch(unit('A')), dispatch(unit('A')), dispatch(unit('B'))])
    expect(b.path).toEqual([unit('A'), unit('B')])
    expect(b.bounced).toBe(false)
  })

  it('flags a case reworked twice', () => {
    expect(caseBounce([dispatch(unit('A')), step('rework'), step('rework')]).reasons).toEqual(['reworks'])
    expect(caseBounce([dispatch(unit('A')), step('rework')]).bounced).toBe(false)
  })
})

describe('bouncesByHandler (the 推诿 KPI per unit)', () => {
  const aba = caseBounce([dispatch(unit('A')), step('return_to_dispatch'), dispatch(unit('B')), step('return_to_dispatch'), dispatch(unit('A'))])
  const abc = caseBounce([dispatch(unit('A')), dispatch(unit('B')), dispatch({ kind: 'team', id: 'T' })])
  const fine = caseBounce([dispatch(unit('C')), step('return_to_dispatch'), dispatch(unit('A'))])

  it('counts a bounced case once for every handler on its path, however often it came back', () => {
    expect(bouncesByHandler([aba])).toEqual([
      { assignee: unit('A'), bounced: 1 },
      { assignee: unit('B'), bounced: 1 },
    ])
  })

  it('sums over cases, most first, and leaves out handlers of cases that are not bounced', () => {
    expect(bouncesByHandler([aba, abc, fine])).toEqual([
      { assignee: unit('A'), bounced: 2 },
      { assignee: unit('B'), bounced: 2 },
      { assignee: { kind: 'team', id: 'T' }, bounced: 1 },
    ])
    expect(bouncesByHandler([fine])).toEqual([])
    expect(bouncesByHandler([])).toEqual([])
  })
})
