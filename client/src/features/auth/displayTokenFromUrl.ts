/**
 * A wall PC can be set up from a link `…/wall/main#display-token=…`: the fragment never reaches a
 * server or a proxy log. It is removed from the address bar at once, before anything else runs.
 */
export function takeDisplayTokenFromUrl(location: Pick<Location, 'hash' | 'pathname' | 'search'>, history: Pick<History, 'replaceState'>): string | null {
  const match = /^#display-token=([A-Za-z0-9_-]{20,200})$/.exec(location.hash)
  if (!match) return null
  history.replaceState(null, '', `${location.pathname}${location.search}`)
  return match[1] ?? null
}
