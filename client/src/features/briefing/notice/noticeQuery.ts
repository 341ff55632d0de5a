import type { BriefingScope, NoticeFilter, NoticeLang } from '@shared/schemas/briefing'

/** How many of a number's cases the list shows; the count itself is the notice's. */
export const LISTED = 50

export function noticePath(from: string, to: string, scope: BriefingScope, lang: NoticeLang): string {
  return `/briefing/notice?${new URLSearchParams({ from, to, scope, lang }).toString()}`
}

/** A segment's filter as the case list API's query (GET /cases), or null when it names ids instead. */
export function caseListPath(filter: NoticeFilter): string | null {
  if (filter.caseIds) return null
  const q = new URLSearchParams()
  for (const s of filter.state ?? []) q.append('state', s)
  for (const key of ['gridId', 'communityId', 'categoryCode', 'source', 'from', 'to'] as const) {
    const v = filter[key]
    if (v !== undefined) q.set(key, v)
  }
  if (filter.overdue !== undefined) q.set('overdue', String(filter.overdue))
  q.set('limit', String(LISTED))
  return `/cases?${q.toString()}`
}

export const noticeLang = (locale: string): NoticeLang => (locale.startsWith('zh') ? 'zh' : 'en')
