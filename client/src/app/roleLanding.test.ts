import { describe, expect, it } from 'vitest'
import { Role } from '@shared/roles'
import { type Workplace, landingPath, workplaceOf } from './roleLanding'

describe('where a role lands after sign-in', () => {
  it('names each role its workplace', () => {
    expect(workplaceOf('wall_display')).toBe('wall')
    for (const role of ['intake', 'dispatcher', 'duty_chief', 'community_operator', 'unit_handler'] as const) expect(workplaceOf(role)).toBe('desk')
    expect(workplaceOf('grid_worker')).toBe('terminal')
    expect(workplaceOf('leader')).toBe('briefing')
  })

  it('sends the desk roles to the desk, grid workers to the terminal and leaders to the briefing, everyone else to the wall; a display to its own wall', () => {
    const built = { desk: '/desk', terminal: '/m', briefing: '/briefing' } as Partial<Record<Workplace, string>>
    for (const role of Role.options) expect(landingPath({ role, wall: null })).toBe(built[workplaceOf(role)] ?? '/wall/main')
    expect(landingPath({ role: 'intake', wall: null })).toBe('/desk')
    expect(landingPath({ role: 'leader', wall: null })).toBe('/briefing')
    expect(landingPath({ role: 'grid_worker', wall: null })).toBe('/m')
    expect(landingPath({ role: 'wall_display', wall: 'east-hall' })).toBe('/wall/east-hall')
  })

  it('sends each role to its page once that page is built', () => {
    const all = new Set<Workplace>(['wall', 'desk', 'terminal', 'briefing'])
    expect(landingPath({ role: 'dispatcher', wall: null }, all)).toBe('/desk')
    expect(landingPath({ role: 'grid_worker', wall: null }, all)).toBe('/m')
    expect(landingPath({ role: 'leader', wall: null }, all)).toBe('/briefing')
    expect(landingPath({ role: 'wall_display', wall: 'main' }, all)).toBe('/wall/main')
    expect(landingPath({ role: 'leader', wall: null }, new Set<Workplace>(['wall', 'desk']))).toBe('/wall/main')
  })
})
