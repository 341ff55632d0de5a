import { describe, expect, it } from 'vitest'
import type { SuggestionCandidate } from '@shared/schemas/deskApi'
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

/** A suggestion candidate as GET /cases/:id/suggestions gives it, best first by the order of the list. */
const candidate = (kind: 'unit' | 'team' | 'worker', id: string, name: string, zh: string, duty = false): SuggestionCandidate => ({
  assignee: { kind, id },
  name,
  responsible: kind === 'unit',
  ofGrid: kind !== 'unit',
  distanceM: kind === 'unit' ? null : 100,
  openLoad: 0,
  categoryClosed: 0,
  categoryOnTime: 0,
  score: 0,
  reasons: duty ? [{ kind: 'on_duty' }] : [{ kind: 'grid_worker' }],
  text: { zh, en: `${zh} (en)` },
})

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
      { value: 'unit:U3', assignee: { kind: 'unit', id: 'U3' }, name: 'Work Safety Office', suggested: true, reasons: null },
      { value: 'unit:U1', assignee: { kind: 'unit', id: 'U1' }, name: 'Landscaping Bureau', suggested: false, reasons: null },
      { value: 'unit:U2', assignee: { kind: 'unit', id: 'U2' }, name: 'Urban Management', suggested: false, reasons: null },
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

  it("adds the grid's suggested workers, on duty first, and gives every suggested choice its reasons in words", () => {
    const suggested = [
      candidate('unit', 'U3', '安监科', '责任单位 · 在办 12 件 · 本类按期率 96%'),
      candidate('team', 'T1', '甲队', '本网格服务队 · 距离 100 米'),
      candidate('worker', 'W2', '李四', '本网格网格员 · 距离 100 米'),
      candidate('worker', 'W1', '张三', '在岗 · 本网格网格员', true),
      candidate('worker', 'W3', '王五', '本网格网格员 · 距离 300 米'),
    ]
    const c = dispatchChoices(units, teams, 'G02', 'U3', 'zh-CN', suggested)
    expect(c.workers.map((w) => [w.value, w.name, w.reasons])).toEqual([
      ['worker:W1', '张三', '在岗 · 本网格网格员'],
      ['worker:W2', '李四', '本网格网格员 · 距离 100 米'],
      ['worker:W3', '王五', '本网格网格员 · 距离 300 米'],
    ])
    expect(c.units[0]).toMatchObject({ value: 'unit:U3', suggested: true, reasons: '责任单位 · 在办 12 件 · 本类按期率 96%' })
    expect(c.units.slice(1).map((u) => u.reasons)).toEqual([null, null])
    expect(c.teams.map((t) => [t.value, t.reasons])).toEqual([
      ['team:T1', '本网格服务队 · 距离 100 米'],
      ['team:T2', null],
    ])
    expect(dispatchChoices(units, teams, 'G02', 'U3', 'en', suggested).workers[0]!.reasons).toBe('在岗 · 本网格网格员 (en)')
  })

  it('offers no worker without a suggestion (the wall of someone who may not read the roster)', () => {
    expect(dispatchChoices(units, teams, 'G02', 'U3', 'zh-CN').workers).toEqual([])
  })
})
