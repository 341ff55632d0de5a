import type { CaseScope } from '@shared/rules/caseScope'
import type { CaseListQuery } from '@shared/schemas/caseApi'

/** The scope rule is shared with the wall (shared/rules/caseScope.ts); the list query's narrowing is the server's. */
export { type CaseScope, inScope, scopeOf } from '@shared/rules/caseScope'

/** The list query narrowed to the scope, or null when the query asks for something outside it. */
export function scopedQuery(scope: CaseScope, query: CaseListQuery): CaseListQuery | null {
  if (scope.kind === 'all') return query
  if (scope.id === null) return null
  const field = scope.kind === 'community' ? 'communityId' : scope.kind === 'grid' ? 'gridId' : 'unit'
  const asked = query[field]
  if (asked !== undefined && asked !== scope.id) return null
  return { ...query, [field]: scope.id }
}
