import { describe, expect, it } from 'vitest'
import type { Team, Unit } from '@shared/schemas/reference'
import { makeCase } from '../../realtime/testing/caseFixtures'
import { canDispatch, dispatchChoices } from './dispatchChoices'

const units: Unit[] = [
  { id: 'U1', name: '园林绿化局', nameEn: 'Landscaping Bureau', kind: 'listed' },
  { id: 'U2', name: '城管执法队', nameEn: 'Urban Management', kind: 'resident' },
  { id: 'U3', name: '安监科', nameEn: 'Work Safety Office', kind: 'street_department' },
]
const team = (id: string, name: string, gridIds: string[]): Team => ({ id, name, communityId: 'C01', gridIds, speciality: 'repair', members: 6 })
const teams = [team('T2', '乙队', ['G01', 'G02']), team('T1', '甲队', ['G02']), team('T3', '丙队', ['G03'])]

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
    expect(dispatchChoices(units, [], null, 'U3', 'en').units).toEqual([
      { value: 'unit:U3', assignee: { kind: 'unit', id: 'U3' }, name: 'Work Safety Office', suggested: true },
      { value: 'unit:U1', assignee: { kind: 'unit', id: 'U1' }, name: 'Landscaping Bureau', suggested: false },
      { value: 'unit:U2', assignee: { kind: 'unit', id: 'U2' }, name: 'Urban Management', suggested: false },
    ])
    expect(dispatchChoices(units, [], null, null, 'zh-CN').units.map((u) => u.suggested)).toEqual([false, false, false])
    expect(dispatchChoices(units, [], null, 'U2', 'zh-CN').units[0]).toMatchObject({ value: 'unit:U2', name: '城管执法队' })
  })

  it('offers the service teams whose area includes the case grid, and none without a grid', () => {
    expect(dispatchChoices(units, teams, 'G02', null, 'zh-CN').teams.map((t) => t.assignee)).toEqual([
      { kind: 'team', id: 'T1' },
      { kind: 'team', id: 'T2' },
    ])
    expect(dispatchChoices(units, teams, 'G03', null, 'zh-CN').teams.map((t) => t.value)).toEqual(['team:T3'])
    expect(dispatchChoices(units, teams, null, null, 'zh-CN').teams).toEqual([])
  })
})
