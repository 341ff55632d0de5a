import { OPEN_STATES, isOpen } from '@shared/caseMachine'
import { CasePage } from '@shared/schemas/caseApi'
import { getJson } from '../api/http'
import type { CaseEntry } from './caseSet'

/** The wall shows the open cases of the street; past this many it shows the newest and says so. */
export const SNAPSHOT_CAP = 5000
const PAGE_SIZE = 200

export interface CaseSnapshot {
  entries: Map<string, CaseEntry>
  /** The stream position to resume from: the first page's. */
  base: number
  /** Stopped at SNAPSHOT_CAP: older open cases are not on the wall. */
  truncated: boolean
}

/** Every open case, page by page over GET /cases; `onProgress` hears cases and pages read so far. */
export async function fetchOpenCases(signal: AbortSignal, onProgress: (p: { loaded: number; pages: number }) => void): Promise<CaseSnapshot> {
  const entries = new Map<string, CaseEntry>()
  let base: number | null = null
  let cursor: string | null = null
  let pages = 0
  onProgress({ loaded: 0, pages: 0 })
  do {
    const query = new URLSearchParams({ state: OPEN_STATES.join(','), limit: String(PAGE_SIZE) })
    if (cursor) query.set('cursor', cursor)
    const page = await getJson(`/cases?${query}`, CasePage, { signal })
    // Later pages are read later; resuming from the first page's seq replays whatever changed meanwhile.
    base ??= page.seq
    for (const item of page.items) if (isOpen(item.state)) entries.set(item.id, { case: item, seq: page.seq })
    pages += 1
    onProgress({ loaded: entries.size, pages })
    cursor = page.nextCursor
  } while (cursor !== null && entries.size < SNAPSHOT_CAP)
  return { entries, base: base ?? 0, truncated: cursor !== null }
}
