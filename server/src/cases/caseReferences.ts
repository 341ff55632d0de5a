import type { Assignee } from '@shared/schemas/case'
import type { Category } from '@shared/schemas/reference'
import type { ReferenceRepository } from '../reference/referenceRepository'

export interface CaseReferences {
  category(code: string): Category | null
  assigneeExists(assignee: Assignee): boolean
}

/** Rebuild a lookup only when the repository hands out a new array, i.e. after an import. */
function memoIndex<T>(read: () => T[], key: (item: T) => string): () => Map<string, T> {
  let source: T[] | null = null
  let index = new Map<string, T>()
  return () => {
    const items = read()
    if (items !== source) {
      source = items
      index = new Map(items.map((item) => [key(item), item]))
    }
    return index
  }
}

/** The reference lookups intake and dispatch need, kept O(1) per request. */
export function createCaseReferences(reference: ReferenceRepository): CaseReferences {
  const categories = memoIndex(() => reference.categories(), (c) => c.code)
  const units = memoIndex(() => reference.units(), (u) => u.id)
  const teams = memoIndex(() => reference.teams(), (t) => t.id)
  // Workers are only exposed paged (there are 1,416); collect their ids once, keyed on the import.
  // The street object is re-read (a new object) after every import, so it marks the import.
  let workerIds: Set<string> | null = null
  let workerImport: unknown = null

  function workers(): Set<string> {
    const stamp = reference.street()
    if (!workerIds || stamp !== workerImport) {
      const ids = new Set<string>()
      let cursor: string | null = null
      do {
        const page = reference.workers({ cursor, limit: 500 })
        for (const w of page.items) ids.add(w.id)
        cursor = page.nextCursor
      } while (cursor)
      workerIds = ids
      workerImport = stamp
    }
    return workerIds
  }

  return {
    category: (code) => categories().get(code) ?? null,
    assigneeExists(a) {
      if (a.kind === 'unit') return units().has(a.id)
      if (a.kind === 'team') return teams().has(a.id)
      return workers().has(a.id)
    },
  }
}
