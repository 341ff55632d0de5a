/**
 * The briefing's pages in the order they are shown, and how the keyboard moves through them.
 * A page is listed only once its component exists (no placeholder pages): the rankings, the notice
 * and the replay come from their own folders.
 */
export const BRIEFING_PAGES = ['headline', 'funnel', 'channels', 'categories', 'hotspots', 'rankings', 'overdue', 'notice', 'replay'] as const
export type BriefingPageKey = (typeof BRIEFING_PAGES)[number]

/** Pages played rather than read (a replay keeps its own clock): not printed, and never left by the timer. */
const PLAYED: ReadonlySet<BriefingPageKey> = new Set(['replay'])

/** The pages of the PDF (`print=1`), one printed page each, in order. */
export const PRINTED_PAGES: readonly BriefingPageKey[] = BRIEFING_PAGES.filter((p) => !PLAYED.has(p))

/** Whether the timer moves on from this page (a played page holds until a key or a click moves on). */
export function advancesBySelf(page: BriefingPageKey): boolean {
  return !PLAYED.has(page)
}

/** Seconds a page stays before the next, when advancing by itself. */
export const AUTO_ADVANCE_SECONDS = 20

/**
 * The page a key leads to, or null when the key is not the briefing's: ←/PageUp back, →/PageDown/
 * Space on, Home/End the first/last, 1-9 that page. Moving on from the last page starts again.
 */
export function pageForKey(key: string, current: number, count: number): number | null {
  if (count === 0) return null
  switch (key) {
    case 'ArrowRight':
    case 'PageDown':
    case ' ':
      return (current + 1) % count
    case 'ArrowLeft':
    case 'PageUp':
      return (current - 1 + count) % count
    case 'Home':
      return 0
    case 'End':
      return count - 1
  }
  if (/^[1-9]$/.test(key)) {
    const n = Number(key) - 1
    return n < count ? n : null
  }
  return null
}
