import { interiorPoint, toLngLat } from '@shared/geometry'
import type { Role } from '@shared/roles'
import { CategoryList, GridCollection, TeamList, UnitList, WorkerPage } from '@shared/schemas/api'
import type { Case } from '@shared/schemas/case'
import { CasePage } from '@shared/schemas/caseApi'
import type { LngLat } from '@shared/schemas/geo'
import type { Category } from '@shared/schemas/reference'

/** Real-HTTP helpers for the case API integration tests. */
export interface Reply<T = unknown> {
  status: number
  body: T
  headers: Headers
}

export type Call = (
  method: 'GET' | 'POST',
  path: string,
  options?: { body?: unknown; as?: Role; actorId?: string; headers?: Record<string, string> },
) => Promise<Reply<any>> // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read bodies loosely, then assert

/**
 * Calls as an integration (`token`), acting for `as` (X-On-Behalf-Of) when given, as the
 * terminals' gateway does. Pass `token: null` for an anonymous call.
 */
export function caller(baseUrl: string, token: string | null): Call {
  return async (method, path, options = {}) => {
    const headers: Record<string, string> = { ...(token ? { authorization: `Bearer ${token}` } : {}), ...options.headers }
    if (options.body !== undefined) headers['content-type'] = 'application/json'
    if (options.as) headers['x-on-behalf-of'] = `${options.as}/${options.actorId ?? `${options.as}-1`}`
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    })
    return { status: res.status, body: (await res.json()) as unknown, headers: res.headers }
  }
}

export interface DemoFacts {
  grids: { id: string; communityId: string; point: LngLat }[]
  category: Category
  urgentCategory: Category | undefined
  unitId: string
  teamId: string
  workerId: string
}

/** Points surely inside demo grids and ids that exist, read through the public API. */
export async function demoFacts(call: Call): Promise<DemoFacts> {
  const grids = GridCollection.parse((await call('GET', '/api/v1/grids')).body).features.map((f) => ({
    id: f.properties.id,
    communityId: f.properties.communityId,
    point: toLngLat(interiorPoint(f.geometry)),
  }))
  const categories = CategoryList.parse((await call('GET', '/api/v1/categories')).body).items
  const units = UnitList.parse((await call('GET', '/api/v1/units')).body).items
  const teams = TeamList.parse((await call('GET', '/api/v1/teams')).body).items
  const workers = WorkerPage.parse((await call('GET', '/api/v1/workers?limit=1')).body).items
  return {
    grids,
    category: categories.find((c) => !c.urgent) ?? categories[0]!,
    urgentCategory: categories.find((c) => c.urgent),
    unitId: units[0]!.id,
    teamId: teams[0]!.id,
    workerId: workers[0]!.id,
  }
}

export function reportBody(facts: DemoFacts, over: Record<string, unknown> = {}) {
  return {
    source: 'terminal',
    categoryCode: facts.category.code,
    title: '井盖破损',
    description: '人行道井盖裂开',
    location: facts.grids[0]!.point,
    address: '鼓楼东大街',
    reporterName: '王先生',
    reporterPhone: '13912345678',
    ...over,
  }
}

/** Every case on the server, through the paged list. */
export async function allCases(call: Call): Promise<{ cases: Case[]; seq: number }> {
  const cases: Case[] = []
  let cursor: string | null = null
  let seq = 0
  do {
    const page: CasePage = CasePage.parse((await call('GET', `/api/v1/cases?limit=200${cursor ? `&cursor=${cursor}` : ''}`)).body)
    if (cursor === null) seq = page.seq
    cases.push(...page.items)
    cursor = page.nextCursor
  } while (cursor)
  return { cases, seq }
}
