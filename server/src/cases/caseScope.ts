import type { Case } from '@shared/schemas/case'
import type { CaseListQuery } from '@shared/schemas/caseApi'
import type { Principal } from '../auth/principal'

/**
 * Which cases a principal may see and work. The street center sees all; a community station its
 * community, a unit its unit's cases, a grid worker its grid. A scoped account missing its scope
 * id sees nothing rather than everything.
 */
export type CaseScope =
  | { kind: 'all' }
  | { kind: 'community'; id: string | null }
  | { kind: 'unit'; id: string | null }
  | { kind: 'grid'; id: string | null }

export function scopeOf(p: Principal): CaseScope {
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

/** The list query narrowed to the scope, or null when the query asks for something outside it. */
export function scopedQuery(scope: CaseScope, query: CaseListQuery): CaseListQuery | null {
  if (scope.kind === 'all') return query
  if (scope.id === null) return null
  const field = scope.kind === 'community' ? 'communityId' : scope.kind === 'grid' ? 'gridId' : 'unit'
  const asked = query[field]
  if (asked !== undefined && asked !== scope.id) return null
  return { ...query, [field]: scope.id }
}
