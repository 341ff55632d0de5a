import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { Assignee, Case } from '@shared/schemas/case'
import type { Category, Team, Unit } from '@shared/schemas/reference'
import { fetchCategories, fetchTeams, fetchUnits, transitionCase } from '../api/caseActions'
import { ApiError } from '../api/http'

export type DispatchPhase = 'idle' | 'loading' | 'ready' | 'sending'

export interface DispatchProblem {
  code: string
  message: string
}

/**
 * The dispatcher's desk on the wall: which case the dispatch dialog is open for, the units and
 * teams it can go to, and the one request in flight. The case itself is read live from the cases
 * store, so a change by someone else shows in the open dialog at once.
 */
export const useDispatchStore = defineStore('dispatch', () => {
  const caseId = ref<string | null>(null)
  const phase = ref<DispatchPhase>('idle')
  const problem = ref<DispatchProblem | null>(null)
  // Reference lists: read once per session, never edited here.
  const units = shallowRef<readonly Unit[] | null>(null)
  const teams = shallowRef<readonly Team[] | null>(null)
  const categories = shallowRef<ReadonlyMap<string, Category> | null>(null)

  const asProblem = (err: unknown): DispatchProblem =>
    err instanceof ApiError ? { code: err.code, message: err.message } : { code: 'UNKNOWN', message: String(err) }

  async function open(id: string): Promise<void> {
    caseId.value = id
    problem.value = null
    if (units.value && teams.value && categories.value) {
      phase.value = 'ready'
      return
    }
    phase.value = 'loading'
    try {
      const [u, t, c] = await Promise.all([fetchUnits(), fetchTeams(), fetchCategories()])
      units.value = u.items
      teams.value = t.items
      categories.value = new Map(c.items.map((category) => [category.code, category]))
      if (caseId.value === id) phase.value = 'ready'
    } catch (err) {
      if (caseId.value !== id) return
      problem.value = asProblem(err)
      phase.value = 'idle'
    }
  }

  function close(): void {
    caseId.value = null
    problem.value = null
    if (phase.value !== 'sending') phase.value = 'idle'
  }

  /** Dispatch the case as last seen (its version); the dialog closes on success. */
  async function send(seen: Case, assignee: Assignee): Promise<Case | null> {
    if (phase.value === 'sending') return null
    phase.value = 'sending'
    problem.value = null
    try {
      const next = await transitionCase(seen.id, { action: 'dispatch', version: seen.version, assignee, photos: [] })
      if (caseId.value === seen.id) caseId.value = null
      phase.value = 'ready'
      return next
    } catch (err) {
      problem.value = asProblem(err)
      phase.value = 'ready'
      return null
    }
  }

  return { caseId, phase, problem, units, teams, categories, open, close, send }
})
