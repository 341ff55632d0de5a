import { interiorPoint, toLngLat } from '../../shared/geometry'
import type { LngLat, PolygonGeometry } from '../../shared/schemas/geo'

/** Calls the API with a Bearer token, as a desk or a test would; throws on an error answer. */
export function apiCaller(baseUrl: string, token: string) {
  return async (path: string, init: { method?: string; body?: unknown } = {}): Promise<Record<string, unknown>> => {
    const res = await fetch(`${baseUrl}/api/v1${path}`, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    })
    const body = (await res.json()) as Record<string, unknown>
    if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(body)}`)
    return body
  }
}
export type ApiCall = ReturnType<typeof apiCaller>

export interface TestGrid {
  id: string
  communityId: string
  /** A point surely inside the grid, so a report there resolves to it. */
  point: LngLat
}

export async function testGrids(api: ApiCall): Promise<TestGrid[]> {
  const grids = (await api('/grids')).features as { properties: { id: string; communityId: string }; geometry: PolygonGeometry }[]
  return grids.map((g) => ({ id: g.properties.id, communityId: g.properties.communityId, point: toLngLat(interiorPoint(g.geometry)) }))
}

export interface TestCategory {
  code: string
  urgent: boolean
}

export const testCategories = async (api: ApiCall) => (await api('/categories')).items as TestCategory[]

export interface ReportedCase {
  id: string
  code: string
  version: number
}

/** A report in the caller's own name (a duty chief may report), at `where`. */
export async function reportCase(
  api: ApiCall,
  where: LngLat,
  fields: { categoryCode: string; title: string; address: string; source?: string },
): Promise<ReportedCase> {
  const created = await api('/cases', { method: 'POST', body: { source: 'hotline', ...fields, location: where } })
  return { id: String(created['id']), code: String(created['code']), version: Number(created['version']) }
}
