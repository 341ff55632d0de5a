import { describe, expect, it } from 'vitest'
import { inScope, scopeOf } from './caseScope'

const account = (role: Parameters<typeof scopeOf>[0]['role'], ids: { communityId?: string; unitId?: string; gridId?: string } = {}) => ({
  role,
  communityId: ids.communityId ?? null,
  unitId: ids.unitId ?? null,
  gridId: ids.gridId ?? null,
})
const c = { communityId: 'C01', gridId: 'G01', assignee: { kind: 'unit' as const, id: 'U01' } }

describe('case scope', () => {
  it('gives the center the street and each scoped role its own community, unit or grid', () => {
    for (const role of ['duty_chief', 'dispatcher', 'leader', 'intake', 'wall_display'] as const) expect(scopeOf(account(role))).toEqual({ kind: 'all' })
    expect(scopeOf(account('community_operator', { communityId: 'C01', gridId: 'G09' }))).toEqual({ kind: 'community', id: 'C01' })
    expect(scopeOf(account('unit_handler', { unitId: 'U01' }))).toEqual({ kind: 'unit', id: 'U01' })
    expect(scopeOf(account('grid_worker', { gridId: 'G01', communityId: 'C01' }))).toEqual({ kind: 'grid', id: 'G01' })
  })

  it('lets a scope see only its own cases, and a scope without its id nothing', () => {
    expect(inScope({ kind: 'all' }, c)).toBe(true)
    expect(inScope({ kind: 'community', id: 'C01' }, c)).toBe(true)
    expect(inScope({ kind: 'community', id: 'C02' }, c)).toBe(false)
    expect(inScope({ kind: 'grid', id: 'G01' }, c)).toBe(true)
    expect(inScope({ kind: 'unit', id: 'U01' }, c)).toBe(true)
    expect(inScope({ kind: 'unit', id: 'U01' }, { ...c, assignee: { kind: 'team', id: 'U01' } })).toBe(false)
    expect(inScope({ kind: 'unit', id: 'U01' }, { ...c, assignee: null })).toBe(false)
    for (const kind of ['community', 'unit', 'grid'] as const) expect(inScope({ kind, id: null }, c)).toBe(false)
  })
})
