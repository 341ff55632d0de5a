/**
 * Failed sign-ins counted per account name AND client address. A lock keyed by the name alone
 * lets anyone lock `admin` out with five requests; keyed by the pair, it slows the address that
 * guesses and nobody else. Names that do not exist are counted exactly like those that do, so the
 * answers never tell which accounts exist.
 */
export interface SignInThrottle {
  /** Whole seconds this name may not be tried from this address, 0 when it may. */
  waitSeconds(username: string, ip: string | null): number
  /** A failed attempt; true when it locked the pair. */
  failed(username: string, ip: string | null): boolean
  succeeded(username: string, ip: string | null): void
}

interface Pair {
  failures: number
  lockedUntil: number
}

export function createSignInThrottle(options: { lockAfterFailures: number; lockMs: number; now?: () => number; maxPairs?: number }): SignInThrottle {
  const now = options.now ?? Date.now
  const maxPairs = options.maxPairs ?? 10_000
  const pairs = new Map<string, Pair>()
  const keyOf = (username: string, ip: string | null) => `${ip ?? '-'}\u0000${username}`

  // Bounded: expired locks go first, then the oldest pairs (a Map keeps insertion order).
  function makeRoom(): void {
    const t = now()
    for (const [key, p] of pairs) if (p.lockedUntil !== 0 && p.lockedUntil <= t) pairs.delete(key)
    for (const key of pairs.keys()) {
      if (pairs.size < maxPairs) break
      pairs.delete(key)
    }
  }

  function current(key: string): Pair | undefined {
    const p = pairs.get(key)
    // A lock that has run out starts the count afresh.
    if (p && p.lockedUntil !== 0 && p.lockedUntil <= now()) {
      pairs.delete(key)
      return undefined
    }
    return p
  }

  return {
    waitSeconds(username, ip) {
      const p = current(keyOf(username, ip))
      return p && p.lockedUntil > 0 ? Math.ceil((p.lockedUntil - now()) / 1000) : 0
    },
    failed(username, ip) {
      const key = keyOf(username, ip)
      const p = current(key) ?? { failures: 0, lockedUntil: 0 }
      p.failures += 1
      if (p.failures >= options.lockAfterFailures) p.lockedUntil = now() + options.lockMs
      if (!pairs.has(key) && pairs.size >= maxPairs) makeRoom()
      pairs.set(key, p)
      return p.lockedUntil > 0
    },
    succeeded(username, ip) {
      pairs.delete(keyOf(username, ip))
    },
  }
}
