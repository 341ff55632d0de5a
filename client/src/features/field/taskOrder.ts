import type { Case, CaseState } from '@shared/schemas/case'

/**
 * The worker's list (我的任务): the cases of my grid, unit or assignment that wait for something
 * from the field, most urgent first: late first (the latest most), then least time left, then urgent.
 */
export type FieldStep = 'accept' | 'feedback' | 'verify' | 'recheck'

/** What the field does in each state: 接单, 处置反馈, 核实 (before filing), 核查 (before closing). */
export const FIELD_STEP_OF: Partial<Record<CaseState, FieldStep>> = {
  dispatched: 'accept',
  in_progress: 'feedback',
  prefiling_check: 'verify',
  pending_check: 'recheck',
}
export const FIELD_STATES = Object.keys(FIELD_STEP_OF) as CaseState[]

/** Milliseconds left on the running step at `now` (negative when late), or null when it is not timed now. */
export function timeLeftMs(c: Pick<Case, 'deadline' | 'remainingMs'>, now: number): number | null {
  if (c.deadline) return Date.parse(c.deadline) - now
  return c.remainingMs
}

export function orderTasks<T extends Pick<Case, 'deadline' | 'remainingMs' | 'urgent' | 'createdAt'>>(cases: readonly T[], now: number): T[] {
  const left = (c: T) => timeLeftMs(c, now) ?? Number.POSITIVE_INFINITY
  return [...cases].sort((a, b) => left(a) - left(b) || Number(b.urgent) - Number(a.urgent) || a.createdAt.localeCompare(b.createdAt))
}

/** "2小时05分" / "超期 1天3小时" pieces for the list: the unit and the numbers, worded by the page. */
export function splitDuration(ms: number): { days: number; hours: number; minutes: number } {
  const m = Math.floor(Math.abs(ms) / 60_000)
  return { days: Math.floor(m / 1440), hours: Math.floor((m % 1440) / 60), minutes: m % 60 }
}
