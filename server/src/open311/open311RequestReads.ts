import { type Case, CaseState } from '@shared/schemas/case'
import type { CaseListQuery } from '@shared/schemas/caseApi'
import { type CaseScope, inScope, scopedQuery } from '../cases/caseScope'
import type { CaseQueries } from '../cases/caseQueries'
import { AppError } from '../core/appError'
import { MAX_REQUESTS, type RequestsQuery } from './open311Input'
import { OPEN311_STATUS } from './open311Mapping'

type ListFilter = Omit<CaseListQuery, 'limit' | 'cursor'>

/** Our states that answer to the Open311 statuses asked for. */
export const statesOf = (statuses: readonly ('open' | 'closed')[]): CaseState[] => CaseState.options.filter((s) => statuses.includes(OPEN311_STATUS[s]))

/**
 * The cases a GET /requests names, through the case service's own reads and the caller's scope
 * (the same narrowing GET /api/v1/cases applies): newest first, at most MAX_REQUESTS.
 */
export function createOpen311RequestReads(cases: Pick<CaseQueries, 'current' | 'get' | 'list'>) {
  function byId(scope: CaseScope, id: string): Case | null {
    try {
      const c = cases.current(id)
      // Outside the caller's scope is the same answer as no such case: an id tells nothing.
      return inScope(scope, c) ? c : null
    } catch (err) {
      if (err instanceof AppError && err.code === 'NOT_FOUND') return null
      throw err
    }
  }

  /** Every page of one filtered list, up to the ceiling. */
  function listAll(scope: CaseScope, filter: ListFilter): Case[] {
    const found: Case[] = []
    let cursor: string | undefined
    do {
      const query = scopedQuery(scope, { ...filter, limit: 200, ...(cursor ? { cursor } : {}) })
      if (!query) return []
      const page = cases.list(query)
      found.push(...page.items)
      cursor = page.nextCursor ?? undefined
    } while (cursor && found.length < MAX_REQUESTS)
    return found.slice(0, MAX_REQUESTS)
  }

  /** service_request_id overrides every other filter, as the spec says. */
  function matching(scope: CaseScope, q: RequestsQuery, window: { from: string; to: string }): Case[] {
    if (q.service_request_id) return q.service_request_id.map((id) => byId(scope, id)).filter((c): c is Case => c !== null)
    // `to` of the case list is exclusive; end_date is the latest instant to include.
    const base: ListFilter = { from: window.from, to: new Date(Date.parse(window.to) + 1).toISOString(), ...(q.status ? { state: statesOf(q.status) } : {}) }
    const codes: (string | undefined)[] = q.service_code ?? [undefined]
    const all = codes.flatMap((code) => listAll(scope, code ? { ...base, categoryCode: code } : base))
    return all.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0)).slice(0, MAX_REQUESTS)
  }

  /** The first photo the case's history names (the report's, usually), for media_url. */
  const firstPhoto = (id: string): string | undefined => cases.get(id).history.find((h) => h.photos.length > 0)?.photos[0]

  return { byId, matching, firstPhoto }
}

export type Open311RequestReads = ReturnType<typeof createOpen311RequestReads>
