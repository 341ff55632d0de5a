import { isAtRisk, isOverdue } from '@shared/rules/caseLateness'
import type { Case, CaseSource, CaseState } from '@shared/schemas/case'

/**
 * What the live feed is narrowed to. Empty fields narrow nothing. Urgent narrows on its own; the
 * two lateness flags widen each other (超期 and 临期 both on: the cases that are either), since an
 * operator asking for both wants every case running out of time, not the empty set between them.
 */
export interface FeedFilter {
  state: CaseState | null
  source: CaseSource | null
  urgent: boolean
  overdue: boolean
  atRisk: boolean
  /** Matched, case- and space-insensitively, against the case code and the address. */
  search: string
}

export const NO_FILTER: FeedFilter = { state: null, source: null, urgent: false, overdue: false, atRisk: false, search: '' }

export function isFiltering(f: FeedFilter): boolean {
  return f.state !== null || f.source !== null || f.urgent || f.overdue || f.atRisk || normalize(f.search) !== ''
}

/** Lower case, no spaces: codes are read aloud with spaces and addresses are typed without. */
const normalize = (text: string) => text.toLowerCase().replace(/\s+/g, '')

export type FeedCase = Pick<Case, 'code' | 'address' | 'state' | 'source' | 'urgent' | 'overdue' | 'atRisk' | 'timers'>

export function matchesFeed(c: FeedCase, f: FeedFilter): boolean {
  if (f.state !== null && c.state !== f.state) return false
  if (f.source !== null && c.source !== f.source) return false
  if (f.urgent && !c.urgent) return false
  if (f.overdue || f.atRisk) {
    const late = isOverdue(c)
    if (!((f.overdue && late) || (f.atRisk && !late && isAtRisk(c)))) return false
  }
  const needle = normalize(f.search)
  return needle === '' || normalize(c.code).includes(needle) || normalize(c.address).includes(needle)
}

/** The feed's cases in their feed order, narrowed by the filter. */
export function filterFeed<C extends FeedCase>(cases: readonly C[], f: FeedFilter): C[] {
  return isFiltering(f) ? cases.filter((c) => matchesFeed(c, f)) : [...cases]
}
