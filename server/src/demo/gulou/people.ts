import type { Community, Grid, Team, Terminal, Worker } from '@shared/schemas/reference'
import { personName } from './personNames'
import type { Random } from './random'

export const WORKER_COUNT = 1416
export const TERMINAL_COUNT = 360
export const TEAM_COUNT = 202

/**
 * 1,416 workers over 64 grids: 22 each, 23 in eight of them. Every grid has one leader; the
 * leader and the full-time workers (4 or 5 a grid) carry the 360 handheld terminals (64 + 296),
 * part-timers and volunteers report through them.
 */
export function buildWorkers(grids: readonly Grid[], rng: Random): { workers: Worker[]; terminals: Terminal[] } {
  const extra = WORKER_COUNT - 22 * grids.length
  // `fives` grids get 5 full-timers and the rest 4, so leaders + full-timers = 360.
  const fives = TERMINAL_COUNT - grids.length - 4 * grids.length
  if (extra < 0 || fives < 0 || fives > grids.length) throw new Error('worker and terminal counts do not fit the grids')
  const bigGrids = new Set(rng.shuffle(grids.map((g) => g.id)).slice(0, extra))
  const fiveGrids = new Set(rng.shuffle(grids.map((g) => g.id)).slice(0, fives))

  const terminals: Terminal[] = []
  for (let i = 0; i < TERMINAL_COUNT; i++) {
    // The 2017 purchase, topped up in 2018 with a newer model.
    const batch2018 = i >= 320
    terminals.push({
      id: `HT${String(i + 1).padStart(3, '0')}`,
      serial: batch2018 ? `HT-2018-${String(i - 319).padStart(4, '0')}` : `HT-2017-${String(i + 1).padStart(4, '0')}`,
      model: batch2018 ? 'WG-T8 网格通三防手持终端' : 'WG-T7 网格通三防手持终端',
    })
  }

  const workers: Worker[] = []
  let nextTerminal = 0
  for (const grid of grids) {
    const size = bigGrids.has(grid.id) ? 23 : 22
    const fullTime = fiveGrids.has(grid.id) ? 5 : 4
    const partTime = rng.int(6, 8)
    const roles: Worker['role'][] = ['grid_leader', ...Array<Worker['role']>(fullTime).fill('full_time'), ...Array<Worker['role']>(partTime).fill('part_time')]
    while (roles.length < size) roles.push('volunteer')
    for (const role of roles) {
      const holds = role === 'grid_leader' || role === 'full_time'
      workers.push({
        id: `W${String(workers.length + 1).padStart(4, '0')}`,
        name: personName(rng),
        gridId: grid.id,
        role,
        terminalId: holds ? terminals[nextTerminal++]!.id : null,
      })
    }
  }
  return { workers, terminals }
}

const TEAM_KINDS: readonly (readonly [Team['speciality'], string, number, number, boolean])[] = [
  // speciality, name suffix, members min, max, serves every grid of the community
  ['cleaning', '保洁队', 6, 15, true],
  ['repair', '便民维修队', 3, 8, false],
  ['mediation', '矛盾调解队', 3, 7, true],
  ['elderly_care', '为老服务队', 5, 15, false],
  ['security_patrol', '治安巡逻队', 8, 20, true],
  ['greening', '绿化养护队', 4, 10, false],
  ['volunteer', '志愿服务队', 10, 40, false],
]
const EXTRA_TEAMS: readonly (readonly [Team['speciality'], string])[] = [
  ['volunteer', '青年志愿服务队'],
  ['security_patrol', '平安志愿巡逻队'],
]

/** 202 teams: the seven kinds in each of the 28 communities (196), and a second volunteer or
 * patrol team in six of the larger, three-grid communities. */
export function buildTeams(communities: readonly Community[], grids: readonly Grid[], rng: Random): Team[] {
  const gridsOf = (c: Community) => grids.filter((g) => g.communityId === c.id).map((g) => g.id)
  const large = communities.filter((c) => gridsOf(c).length === 3)
  const extraCount = TEAM_COUNT - communities.length * TEAM_KINDS.length
  if (extraCount < 0 || extraCount > large.length) throw new Error('team count does not fit the communities')
  const withExtra = new Set(rng.shuffle(large.map((c) => c.id)).slice(0, extraCount))

  const teams: Team[] = []
  const add = (c: Community, speciality: Team['speciality'], suffix: string, gridIds: string[], members: number) =>
    teams.push({ id: `TM${String(teams.length + 1).padStart(3, '0')}`, name: `${c.name}${suffix}`, communityId: c.id, gridIds, speciality, members })
  for (const c of communities) {
    const own = gridsOf(c)
    for (const [speciality, suffix, min, max, everywhere] of TEAM_KINDS) {
      let served = everywhere ? own : own.filter(() => rng.chance(0.6))
      if (served.length === 0) served = [rng.pick(own)]
      add(c, speciality, suffix, served, rng.int(min, max))
    }
    if (withExtra.has(c.id)) {
      const [speciality, suffix] = EXTRA_TEAMS[teams.length % EXTRA_TEAMS.length]!
      add(c, speciality, suffix, own, rng.int(10, 30))
    }
  }
  return teams
}
