import { Case, type Assignee } from '@shared/schemas/case'
import { type CreateCaseBody, PossibleDuplicates } from '@shared/schemas/caseApi'
import { Suggestions } from '@shared/schemas/deskApi'
import type { LngLat } from '@shared/schemas/geo'
import type { Category } from '@shared/schemas/reference'
import { fetchCategories, transitionCase } from '../../api/caseActions'
import { getJson, sendJson } from '../../api/http'
import { indexCategories, type CategoryEntry } from '../intake/categorySearch'

/** The requests of filing from a tile: report (with its Idempotency-Key), file, suggest, dispatch. */

export type CameraCaseBody = Pick<CreateCaseBody, 'categoryCode' | 'title' | 'location' | 'address'>

/** Reports a case found on video (视频发现); the same key on a retry answers the case the first try made. */
export function reportCameraCase(body: CameraCaseBody, idempotencyKey: string): Promise<Case> {
  const full: Partial<CreateCaseBody> = { ...body, source: 'camera', description: '', photos: [] }
  return sendJson('POST', '/cases', Case, full, { headers: { 'Idempotency-Key': idempotencyKey } })
}

export const fileCase = (c: Case) => transitionCase(c.id, { action: 'file', version: c.version, photos: [] })

export const dispatchCase = (c: Case, assignee: Assignee) => transitionCase(c.id, { action: 'dispatch', version: c.version, assignee, photos: [] })

export const fetchSuggestions = (caseId: string, limit: number) => getJson(`/cases/${encodeURIComponent(caseId)}/suggestions?limit=${limit}`, Suggestions)

/** Open cases of this 小类 within 50 m and 72 h (the desk's 疑似重复 rule), nearest first. */
export async function fetchPossibleDuplicates(categoryCode: string, at: LngLat, signal?: AbortSignal): Promise<PossibleDuplicates['items']> {
  const q = new URLSearchParams({ categoryCode, lng: String(at.lng), lat: String(at.lat) })
  return (await getJson(`/cases/possible-duplicates?${q.toString()}`, PossibleDuplicates, { signal })).items
}

let categoryIndex: Promise<{ index: CategoryEntry[]; byCode: Map<string, Category> }> | null = null
/** Every 小类 with its pinyin keys, read once per page (the wall never loads them otherwise). */
export function loadCategoryIndex(): Promise<{ index: CategoryEntry[]; byCode: Map<string, Category> }> {
  categoryIndex ??= fetchCategories()
    .then(({ items }) => ({ index: indexCategories(items), byCode: new Map(items.map((c) => [c.code, c])) }))
    .catch((err: unknown) => {
      categoryIndex = null
      throw err
    })
  return categoryIndex
}
