import type { Case } from '@shared/schemas/case'
import { isOverdue } from '@shared/rules/caseLateness'

/** What a grid carries right now: its open cases and how many of them are overdue. */
export interface GridLoad {
  open: number
  overdue: number
}

export function gridLoads(cases: Iterable<Case>): Map<string, GridLoad> {
  const loads = new Map<string, GridLoad>()
  for (const c of cases) {
    let load = loads.get(c.gridId)
    if (!load) loads.set(c.gridId, (load = { open: 0, overdue: 0 }))
    load.open += 1
    if (isOverdue(c)) load.overdue += 1
  }
  return loads
}

/**
 * The grids whose load changed, with their new load; a grid that emptied comes back as zero, so
 * its feature state is reset rather than left showing yesterday's colour.
 */
export function gridLoadChanges(previous: ReadonlyMap<string, GridLoad>, next: ReadonlyMap<string, GridLoad>): { gridId: string; load: GridLoad }[] {
  const changes: { gridId: string; load: GridLoad }[] = []
  for (const [gridId, load] of next) {
    const was = previous.get(gridId)
    if (!was || was.open !== load.open || was.overdue !== load.overdue) changes.push({ gridId, load })
  }
  for (const gridId of previous.keys()) if (!next.has(gridId)) changes.push({ gridId, load: { open: 0, overdue: 0 } })
  return changes
}

/** The legend's names of the load steps, e.g. [1, 3, 6] → "1–2", "3–5", "6+". */
export function loadStepLabels(steps: readonly number[]): string[] {
  return steps.map((from, i) => {
    const next = steps[i + 1]
    if (next === undefined) return `${from}+`
    return next - 1 === from ? String(from) : `${from}–${next - 1}`
  })
}
