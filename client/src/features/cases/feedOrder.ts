/**
 * The feed's order held still while someone works it. Cases change ten times a second, and a row
 * that moves between the operator aiming and clicking sends 派遣 to the wrong case. While the
 * pointer or keyboard focus is on the feed, the rows keep the order they had: a changed case is
 * updated in place (even if it no longer matches the filter), a case that left the open cases
 * (closed, merged) stays in its place marked as gone, and new cases wait, counted, until the feed is let go.
 */

export interface FrozenFeed<C extends { id: string }> {
  ids: readonly string[]
  /** Each row's case as it was last seen, for a row whose case has left. */
  last: ReadonlyMap<string, C>
}

export interface FeedEntry<C> {
  case: C
  /** The case is no longer among the open cases: shown where it was, not acted on. */
  gone: boolean
}

export interface FeedView<C> {
  entries: FeedEntry<C>[]
  /** Cases that arrived (or came into the filter) while the order was held, not shown yet. */
  waiting: number
}

export function freezeFeed<C extends { id: string }>(rows: readonly C[]): FrozenFeed<C> {
  return { ids: rows.map((c) => c.id), last: new Map(rows.map((c) => [c.id, c])) }
}

/** The live feed as it is, or (when `frozen`) held in the frozen order over the cases now open. */
export function feedView<C extends { id: string }>(
  live: readonly C[],
  frozen: FrozenFeed<C> | null,
  getCase: (id: string) => C | undefined,
): FeedView<C> {
  if (!frozen) return { entries: live.map((c) => ({ case: c, gone: false })), waiting: 0 }
  const entries = frozen.ids.map((id) => {
    const now = getCase(id)
    return now ? { case: now, gone: false } : { case: frozen.last.get(id)!, gone: true }
  })
  const held = new Set(frozen.ids)
  return { entries, waiting: live.reduce((n, c) => n + (held.has(c.id) ? 0 : 1), 0) }
}
