import { computed, onScopeDispose, ref, shallowRef, watch } from 'vue'
import type { Role } from '@shared/roles'
import type { Case } from '@shared/schemas/case'
import type { PossibleDuplicates } from '@shared/schemas/caseApi'
import type { SuggestionCandidate } from '@shared/schemas/deskApi'
import type { LngLat } from '@shared/schemas/geo'
import type { Category } from '@shared/schemas/reference'
import { attachEvidence, type Evidence } from '../../api/evidence'
import { ApiError } from '../../api/http'
import { dispatchCase, fetchPossibleDuplicates, fetchSuggestions, fileCase, reportCameraCase } from './videoFilingApi'
import { filingKey, filingPlan, filingTitle } from './videoFiling'

/** What a tile showed at the click of 立案: the still, its camera and where that camera stands. */
export interface TileShot {
  cameraId: string
  cameraName: string
  location: LngLat
  takenAt: Date
  blob: Blob
  width: number
  height: number
}

export type FilingStage = 'report' | 'file' | 'evidence' | 'suggest' | 'dispatch'
export interface FilingProblem {
  stage: FilingStage
  code: string
  message: string
}

/** Candidates offered after filing: the suggestion's first few, on-duty workers first for a camera case. */
export const OFFERED_CANDIDATES = 3

/**
 * One filing from a tile, step by step: report (with one Idempotency-Key for the dialog's life, so a
 * retry or a double click files one case), file where the role may, attach the still, read the
 * suggestion, dispatch. Each step is skipped once done, so 重试 after a failed upload attaches the
 * still to the case already made: nothing is filed twice and nothing is lost.
 */
export function useTileFiling(shot: TileShot, role: Role, canSuggest: boolean) {
  const plan = filingPlan(role)
  const key = filingKey(shot.cameraId, shot.takenAt)
  const category = shallowRef<Category | null>(null)
  const location = ref<LngLat>({ ...shot.location })
  const typedTitle = ref<string | null>(null)
  const title = computed({
    get: () => typedTitle.value ?? (category.value ? filingTitle(category.value.name, shot.cameraName) : ''),
    set: (v: string) => void (typedTitle.value = v),
  })
  const created = shallowRef<Case | null>(null)
  const evidence = shallowRef<Evidence | null>(null)
  const candidates = shallowRef<readonly SuggestionCandidate[]>([])
  const dispatchedTo = ref<string | null>(null)
  const sending = ref(false)
  const problem = ref<FilingProblem | null>(null)
  const duplicates = shallowRef<PossibleDuplicates['items']>([])

  // While the operator decides, the open cases this may repeat (same 小类, 50 m, 72 h): a hint, never a
  // block (the server flags a duplicate anyway), so a failed look shows nothing rather than an error.
  let looking: AbortController | null = null
  watch([category, location], ([cat, at]) => {
    looking?.abort()
    looking = null
    if (!cat || created.value) return void (duplicates.value = [])
    const mine = (looking = new AbortController())
    fetchPossibleDuplicates(cat.code, at, mine.signal).then(
      (items) => void (mine.signal.aborted || (duplicates.value = items)),
      () => void (mine.signal.aborted || (duplicates.value = [])),
    )
  })
  onScopeDispose(() => looking?.abort())

  async function step<T>(stage: FilingStage, work: () => Promise<T>): Promise<T> {
    try {
      return await work()
    } catch (err) {
      problem.value = { stage, code: err instanceof ApiError ? err.code : 'UNKNOWN', message: err instanceof Error ? err.message : String(err) }
      throw err
    }
  }

  async function submit(): Promise<void> {
    if (sending.value || !category.value || !title.value.trim()) return
    sending.value = true
    problem.value = null
    try {
      const body = { categoryCode: category.value.code, title: title.value.trim(), location: location.value, address: shot.cameraName }
      created.value ??= await step('report', () => reportCameraCase(body, key))
      if (plan.file && created.value.state === 'pending_filing') created.value = await step('file', () => fileCase(created.value!))
      const c = created.value
      evidence.value ??= await step('evidence', () => attachEvidence(c.id, { cameraId: shot.cameraId, takenAt: shot.takenAt, blob: shot.blob }))
      if (plan.file && canSuggest && candidates.value.length === 0) {
        candidates.value = (await step('suggest', () => fetchSuggestions(c.id, OFFERED_CANDIDATES))).candidates
      }
    } catch {
      // The problem says which step failed; 重试 goes on from there.
    } finally {
      sending.value = false
    }
  }

  async function dispatch(candidate: SuggestionCandidate): Promise<void> {
    const c = created.value
    if (!c || !plan.dispatch || sending.value || dispatchedTo.value) return
    sending.value = true
    problem.value = null
    try {
      created.value = await step('dispatch', () => dispatchCase(c, candidate.assignee))
      dispatchedTo.value = candidate.name
    } catch {
      // Said in `problem` (a 409 when someone dispatched it first).
    } finally {
      sending.value = false
    }
  }

  return { plan, category, location, title, created, evidence, candidates, duplicates, dispatchedTo, sending, problem, submit, dispatch }
}
export type TileFiling = ReturnType<typeof useTileFiling>
