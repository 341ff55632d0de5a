import { CategoryList, TeamList, UnitList } from '@shared/schemas/api'
import { Case } from '@shared/schemas/case'
import type { TransitionBody } from '@shared/schemas/caseApi'
import { getJson, type RequestOptions, sendJson } from './http'

/** One step of the loop for a case (`version` is what the caller saw; a stale one answers 409). */
export function transitionCase(caseId: string, body: TransitionBody, options: RequestOptions = {}): Promise<Case> {
  return sendJson('POST', `/cases/${encodeURIComponent(caseId)}/transitions`, Case, body, options)
}

export const fetchUnits = (options: RequestOptions = {}) => getJson('/units', UnitList, options)
export const fetchTeams = (options: RequestOptions = {}) => getJson('/teams', TeamList, options)
export const fetchCategories = (options: RequestOptions = {}) => getJson('/categories', CategoryList, options)
