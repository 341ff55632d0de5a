import { describe, expect, it } from 'vitest'
import type { Unit } from '@shared/schemas/reference'
import { makeCase } from '../../realtime/testing/caseFixtures'
import { canDispatch, dispatchChoices } from './dispatchChoices'

const units: Unit[] = [
  { id: 'U1', name: '园林绿化局', nameEn: 'Landscaping Bureau', kind: 'listed' },
  { id: 'U2', name: '城管执法队', nameEn: 'Urban Management', kind: 'resident' },
  { id: 'U3', name: '安监科', nameEn: 'Work Safety Office', kind: 'street_department' },
]

describe('dispatch from the wall', () => {
  it('is offered to a dispatcher or duty chief for a case waiting for dispatch, and to nobody else', () => {
    const waiting = makeCase('1', { state: 'pending_dispatch' })
    expect(canDispatch(waiting, 'dispatcher')).toBe(true)
    expect(canDispatch(waiting, 'duty_chief')).toBe(true)
    expect(canDispatch(waiting, 'leader')).toBe(false)
    expect(canDispatch(waiting, 'wall_display')).toBe(false)
    expect(canDispatch(makeCase('2', { state: 'dispatched' }), 'dispatcher')).toBe(false)
    expect(canDispatch(undefined, 'dispatcher')).toBe(false)
    expect(canDispatch(waiting, undefined)).toBe(false)
  })

  it('lists the responsible unit first, then the others by name in the wall language', () => {
    expect(dispatchChoices(units, 'U3', 'en')).toEqual([
      { id: 'U3', name: 'Work Safety Office', suggested: true },
      { id: 'U1', name: 'Landscaping Bureau', suggested: false },
      { id: 'U2', name: 'Urban Management', suggested: false },
    ])
    expect(dispatchChoices(units, null, 'zh-CN').map((u) => u.suggested)).toEqual([false, false, false])
    expect(dispatchChoices(units, 'U2', 'zh-CN')[0]).toEqual({ id: 'U2', name: '城管执法队', suggested: true })
  })
})
