import type { Request } from 'express'
import type { Case } from '@shared/schemas/case'
import type { AuditLog } from '../auth/auditLog'
import { clientIp, requirePrincipal } from '../auth/requestAuth'
import { createError } from '../core/appError'
import { inScope, scopeOf } from './caseScope'
import type { CaseService } from './caseService'

/** Finds a case for a request, refusing (and auditing the refusal) when the caller's scope does not cover it. */
export type CaseInScope = (req: Request, id: string) => Case

/**
 * The one scope check of every route that names a case: the case routes, its evidence, anything
 * later. A refusal is audited as `case.scope`, so a station probing other communities' cases leaves
 * a trail whichever route it used.
 */
export function caseAccess(deps: { cases: Pick<CaseService, 'current'>; audit: AuditLog }): CaseInScope {
  return (req, id) => {
    const { principal } = requirePrincipal(req)
    const c = deps.cases.current(id)
    if (!inScope(scopeOf(principal), c)) {
      deps.audit.record({ actorId: principal.id, actorRole: principal.role, action: 'case.scope', target: id, outcome: 'refused', ip: clientIp(req) })
      throw createError('FORBIDDEN', 'this case is outside your community, unit or grid')
    }
    return c
  }
}
