import { Case } from '@shared/schemas/case'
import { type CreateCaseBody, PossibleDuplicates } from '@shared/schemas/caseApi'
import type { LngLat } from '@shared/schemas/geo'
import { getJson, type RequestOptions, sendJson } from './http'

/** File a call; the same key with the same body files it once, however often it is sent. */
export function createCase(body: CreateCaseBody, idempotencyKey: string, options: RequestOptions = {}): Promise<Case> {
  return sendJson('POST', '/cases', Case, body, { ...options, headers: { 'Idempotency-Key': idempotencyKey } })
}

/** Open cases of the 小类 within 50 m and 72 h of `at`, nearest first. */
export function fetchPossibleDuplicates(categoryCode: string, at: LngLat, options: RequestOptions = {}): Promise<PossibleDuplicates> {
  const q = new URLSearchParams({ categoryCode, lng: at.lng.toFixed(7), lat: at.lat.toFixed(7) })
  return getJson(`/cases/possible-duplicates?${q.toString()}`, PossibleDuplicates, options)
}
