import type { Role } from '../roles'
import type { Case } from '../schemas/case'

/**
 * Which cases an account may see and work (docs/domain.md, "Roles"): the street center sees all;
 * a community station its community, a unit its unit's cases, a grid worker its grid. A scoped
 * account missing its scope id sees nothing rather than everything. The server enforces it on
 * every route and socket room; the wall asks the same rule for what it shows (alarms, the header).
 */
export type CaseScope =
  | { kind: 'all' }
  | { kind: 'community'; id: string | null }
  | { kind: 'unit'; id: string | null }
  | { kind: 'grid'; id: string | null }

/** The parts of a principal (server) or session user (wall) the scope reads. */
export type ScopedAccount = { role: Role; communityId: string | null; unitId: string | null; gridId: string | null }

export function scopeOf(p: ScopedAccount): CaseScope {
  switch (p.role) {
    case 'community_operator':
      return { kind: 'community', id: p.communityId }
    case 'unit_handler':
      return { kind: 'unit', id: p.unitId }
    case 'grid_worker':
      return { kind: 'grid', id: p.gridId }
    default:
      return { kind: 'all' }
  }
}

export function inScope(scope: CaseScope, c: Pick<Case, 'communityId' | 'gridId' | 'assignee'>): boolean {
  switch (scope.kind) {
    case 'all':
      return true
    case 'community':
      return scope.id !== null && c.communityId === scope.id
    case 'grid':
      return scope.id !== null && c.gridId === scope.id
    case 'unit':
      return scope.id !== null && c.assignee?.kind === 'unit' && c.assignee.id === scope.id
  }
}
