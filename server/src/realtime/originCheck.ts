/**
 * A handshake may come from our own origin (the Host it was sent to) or a configured one. No Origin
 * at all is a non-browser client (a terminal gateway, a test): it cannot be a victim's browser
 * being used by another site, and it still has to authenticate.
 */
export function isAllowedOrigin(origin: string | undefined, host: string | undefined, allowed: readonly string[]): boolean {
  if (origin === undefined) return true
  if (allowed.includes(origin)) return true
  let parsed: URL
  try {
    parsed = new URL(origin)
  } catch {
    return false
  }
  return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && host !== undefined && parsed.host === host
}
