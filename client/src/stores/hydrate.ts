import { useBouncesStore } from './bounces'
import { useCasesStore } from './cases'
import { useKpiStore } from './kpi'
import { usePositionsStore } from './positions'
import { useReferenceStore } from './reference'

/**
 * The one place that knows every store with server state. The shell calls `hydrate()` at start-up
 * (and again to retry after a failure: each store reloads only what it is missing) and `dehydrate()`
 * when the data must be dropped. New stores add their hydrate/dehydrate here.
 */
export async function hydrate(): Promise<void> {
  await Promise.all([useReferenceStore().hydrate(), useCasesStore().hydrate(), useKpiStore().hydrate(), useBouncesStore().hydrate(), usePositionsStore().hydrate()])
}

export function dehydrate(): void {
  useReferenceStore().dehydrate()
  useCasesStore().dehydrate()
  useKpiStore().dehydrate()
  useBouncesStore().dehydrate()
  usePositionsStore().dehydrate()
}
