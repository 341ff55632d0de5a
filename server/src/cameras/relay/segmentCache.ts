import type { CachedBody } from '../upstream/hlsUpstream'

export interface CacheStats {
  bytes: number
  entries: number
  inFlight: number
  /** Upstream loads started (a cache miss that was not already being fetched). */
  loads: number
  hits: number
  coalesced: number
  evictions: number
}

/**
 * What the relay holds in memory, once for all viewers. Entries belong to an owner (a camera) and
 * are evicted least-recently-used first, by the owner's cap and by the total cap. A miss that is
 * already being fetched joins that fetch instead of starting another.
 */
export interface SegmentCache {
  get(owner: string, key: string, load: () => Promise<CachedBody>): Promise<CachedBody>
  has(owner: string, key: string): boolean
  /** A hit without a promise (the hot path for cached segments); null on a miss. */
  peek(owner: string, key: string): CachedBody | null
  /** Forget one entry (a segment that left the playlist window). */
  delete(owner: string, key: string): void
  /** Forget an owner's entries whose key starts with `prefix` (a stream gone idle). */
  drop(owner: string, prefix?: string): void
  ownerBytes(owner: string): number
  stats(): CacheStats
}

interface Entry {
  owner: string
  value: CachedBody
}

const SEP = '\u0000'

export function createSegmentCache(limits: { totalBytes: number; ownerBytes: number }): SegmentCache {
  // A Map iterates in insertion order; re-inserting on a hit makes it an LRU list.
  const entries = new Map<string, Entry>()
  const inFlight = new Map<string, Promise<CachedBody>>()
  const perOwner = new Map<string, number>()
  let total = 0
  const counters = { loads: 0, hits: 0, coalesced: 0, evictions: 0 }

  const remove = (fullKey: string, entry: Entry) => {
    entries.delete(fullKey)
    total -= entry.value.body.byteLength
    const left = (perOwner.get(entry.owner) ?? 0) - entry.value.body.byteLength
    if (left > 0) perOwner.set(entry.owner, left)
    else perOwner.delete(entry.owner)
  }

  const evict = (owner: string) => {
    for (const [k, e] of entries) {
      if ((perOwner.get(owner) ?? 0) <= limits.ownerBytes) break
      if (e.owner !== owner) continue
      remove(k, e)
      counters.evictions++
    }
    for (const [k, e] of entries) {
      if (total <= limits.totalBytes) break
      remove(k, e)
      counters.evictions++
    }
  }

  const store = (owner: string, fullKey: string, value: CachedBody) => {
    // Larger than a camera may hold: hand it to the waiting viewers, keep nothing.
    if (value.body.byteLength > limits.ownerBytes) return
    const old = entries.get(fullKey)
    if (old) remove(fullKey, old)
    entries.set(fullKey, { owner, value })
    total += value.body.byteLength
    perOwner.set(owner, (perOwner.get(owner) ?? 0) + value.body.byteLength)
    evict(owner)
  }

  return {
    get(owner, key, load) {
      const fullKey = owner + SEP + key
      const hit = entries.get(fullKey)
      if (hit) {
        entries.delete(fullKey)
        entries.set(fullKey, hit)
        counters.hits++
        return Promise.resolve(hit.value)
      }
      const pending = inFlight.get(fullKey)
      if (pending) {
        counters.coalesced++
        return pending
      }
      counters.loads++
      const started = load().then(
        (value) => {
          inFlight.delete(fullKey)
          store(owner, fullKey, value)
          return value
        },
        (err: unknown) => {
          inFlight.delete(fullKey)
          throw err
        },
      )
      inFlight.set(fullKey, started)
      return started
    },
    has: (owner, key) => entries.has(owner + SEP + key),
    peek(owner, key) {
      const fullKey = owner + SEP + key
      const hit = entries.get(fullKey)
      if (!hit) return null
      entries.delete(fullKey)
      entries.set(fullKey, hit)
      counters.hits++
      return hit.value
    },
    delete(owner, key) {
      const e = entries.get(owner + SEP + key)
      if (e) remove(owner + SEP + key, e)
    },
    drop(owner, prefix = '') {
      const start = owner + SEP + prefix
      for (const [k, e] of entries) if (k.startsWith(start)) remove(k, e)
    },
    ownerBytes: (owner) => perOwner.get(owner) ?? 0,
    stats: () => ({ bytes: total, entries: entries.size, inFlight: inFlight.size, ...counters }),
  }
}
