/**
 * Token buckets by key (a client address, an account, a socket). Buckets that have refilled are
 * dropped on the next sweep, so a scan from many addresses cannot grow the map without bound.
 */
export interface RateLimiter {
  /** Takes one token; false when the bucket is empty. */
  take(key: string): boolean
  /** Seconds until the key has a token again (for Retry-After). */
  retryAfter(key: string): number
}

export function createRateLimiter(options: { perSecond: number; burst: number; now?: () => number; maxKeys?: number }): RateLimiter {
  const now = options.now ?? Date.now
  const maxKeys = options.maxKeys ?? 10_000
  const buckets = new Map<string, { tokens: number; at: number }>()

  function refill(key: string): { tokens: number; at: number } {
    const t = now()
    const b = buckets.get(key)
    if (!b) return { tokens: options.burst, at: t }
    return { tokens: Math.min(options.burst, b.tokens + ((t - b.at) / 1000) * options.perSecond), at: t }
  }

  function sweep(): void {
    const t = now()
    for (const [key, b] of buckets) {
      if (b.tokens + ((t - b.at) / 1000) * options.perSecond >= options.burst) buckets.delete(key)
    }
  }

  return {
    take(key) {
      const b = refill(key)
      const ok = b.tokens >= 1
      if (ok) b.tokens -= 1
      if (!buckets.has(key) && buckets.size >= maxKeys) sweep()
      buckets.set(key, b)
      return ok
    },
    retryAfter(key) {
      const b = refill(key)
      return b.tokens >= 1 ? 0 : Math.ceil((1 - b.tokens) / options.perSecond)
    },
  }
}
