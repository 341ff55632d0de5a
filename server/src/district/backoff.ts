/** How long the sender waits before trying a message again. */
export interface BackoffPolicy {
  /** The wait after the first failed attempt. */
  baseMs: number
  /** No wait grows past this: a district down for a day is retried every few minutes, not every few hours. */
  capMs: number
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1000, capMs: 5 * 60_000 }

/**
 * Exponential backoff with "equal jitter": half the doubled wait is fixed, half random, so a
 * district that comes back is not hit by every street's retries in the same second, and a wait
 * never collapses to zero. `random` is in [0, 1) (Math.random; a test passes a fixed one).
 */
export function backoffMs(failedAttempts: number, policy: BackoffPolicy, random: () => number): number {
  const exponent = Math.min(Math.max(failedAttempts - 1, 0), 30)
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** exponent)
  return Math.round(ceiling / 2 + (ceiling / 2) * random())
}
