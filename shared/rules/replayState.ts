import { isOpen } from '../caseMachine'
import type { CaseState } from '../schemas/case'
import type { ReplayCase, ReplayStep } from '../schemas/replay'

/** A case drawn at an instant of the replay: where it is and the state it is in then. */
export interface ReplayCaseAt {
  id: string
  lng: number
  lat: number
  state: CaseState
}

/**
 * A case's state at instant `t` (epoch ms): the state its last step at or before `t` entered, or
 * null before its report. A step at exactly `t` has happened: a case reported at T is there at T,
 * and a case closed at T is gone at T.
 */
export function stateAt(steps: readonly ReplayStep[], t: number): CaseState | null {
  let state: CaseState | null = null
  for (const [at, next] of steps) {
    if (at > t) break
    state = next
  }
  return state
}

/** The cases open at instant `t`, each in its state then, in the timeline's order. */
export function openCasesAt(cases: readonly ReplayCase[], t: number): ReplayCaseAt[] {
  const open: ReplayCaseAt[] = []
  for (const [id, lng, lat, steps] of cases) {
    const state = stateAt(steps, t)
    if (state !== null && isOpen(state)) open.push({ id, lng, lat, state })
  }
  return open
}

/** Whether a case was open at some instant of [startAt, endAt): the server keeps only those. */
export function openDuring(steps: readonly ReplayStep[], startAt: number, endAt: number): boolean {
  const atStart = stateAt(steps, startAt)
  if (atStart !== null && isOpen(atStart)) return true
  return steps.some(([at, state]) => at > startAt && at < endAt && isOpen(state))
}
