import type { Role } from '@shared/roles'
import { createSqliteAccountRepository } from '../../auth/accountRepository'
import type { ReferenceRepository } from '../../reference/referenceRepository'
import type { Db } from '../../store/database'
import { simulatedPeople } from './simPolicy'
import type { SimWorld } from './simWorld'

/**
 * An account for each person the simulation acts for, as a center's terminal gateway or hotline
 * system has its own people: X-On-Behalf-Of names only people who exist. Token-only (no password
 * ever signs them in), scoped like the real accounts of their role, keeping the ids the back-fill
 * wrote into the history so old and new entries name the same person. Existing ones are left.
 */
export function ensureSimulatedAccounts(db: Db, world: SimWorld, reference: Pick<ReferenceRepository, 'teams'>, now = new Date()): number {
  const accounts = createSqliteAccountRepository(db)
  const teamCommunity = new Map(reference.teams().map((t) => [t.id, t.communityId]))
  let created = 0
  for (const person of simulatedPeople(world)) {
    if (accounts.userById(person.id) || accounts.userByName(person.id)) continue
    accounts.createUser({
      id: person.id,
      username: person.id,
      displayName: `演示 ${person.id}`,
      role: person.role as Role,
      ...scopeOf(person.id, person.role, teamCommunity),
      passwordHash: '!no-password',
      createdAt: now.toISOString(),
    })
    created++
  }
  return created
}

function scopeOf(id: string, role: string, teamCommunity: Map<string, string>): { communityId: string | null; unitId: string | null; gridId: string | null } {
  const none = { communityId: null, unitId: null, gridId: null }
  if (role === 'community_operator') {
    if (id.startsWith('sim-station-')) return { ...none, communityId: id.slice('sim-station-'.length) }
    if (id.startsWith('sim-team-')) return { ...none, communityId: teamCommunity.get(id.slice('sim-team-'.length)) ?? null }
  }
  if (role === 'unit_handler' && id.startsWith('sim-handler-') && id !== 'sim-handler-unit') return { ...none, unitId: id.slice('sim-handler-'.length) }
  return none
}
