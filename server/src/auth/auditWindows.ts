import type { AuditRecord } from './auditLog'

/** The most text an anonymous caller can leave in the log, in characters. */
export const ANONYMOUS_TEXT = 64

/**
 * Text fit for the log: one line of printable characters, capped. Control, format (bidirectional
 * overrides, zero-width) and private-use characters become spaces, so a stored value cannot
 * disguise itself or a neighbouring row when an administrator reads it.
 */
export function neutralText(text: string | null | undefined, max: number): string | null {
  if (text === null || text === undefined) return null
  const chars = Array.from(text.replace(/\p{C}/gu, ' ').replace(/\s+/g, ' ').trim())
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : chars.join('')
}

interface Window {
  startedAt: number
  repeats: number
  entry: AuditRecord
}

/**
 * Anonymous entries (a refused foreign-Origin handshake, a failed sign-in) cost the caller nothing,
 * so they are kept per source: the first of each action, outcome and address in a minute is written
 * at once, the rest of that minute are counted and written as one row `{ repeats, from, to }` when
 * the minute is over. A flood leaves at most two rows a minute per address, not one per request.
 */
export function createAnonymousWindows(options: { now: () => number; write: (e: AuditRecord) => void; windowMs?: number; maxSources?: number }) {
  const windowMs = options.windowMs ?? 60_000
  const maxSources = options.maxSources ?? 1000
  // Insertion order is start order: the oldest window is always first.
  const windows = new Map<string, Window>()

  function close(key: string, w: Window): void {
    windows.delete(key)
    if (w.repeats === 0) return
    const { actorRole, action, outcome, ip } = w.entry
    const iso = (ms: number) => new Date(ms).toISOString()
    options.write({ actorId: null, actorRole, action, target: null, outcome, ip, details: { repeats: w.repeats, from: iso(w.startedAt), to: iso(w.startedAt + windowMs) } })
  }

  return {
    /** True when this entry opens its window and should be written now; false when it was counted. */
    first(entry: AuditRecord): boolean {
      let key = `${entry.action}\u0000${entry.outcome}\u0000${entry.ip ?? '-'}`
      let kept = entry
      // More addresses in a minute than are kept apart: the rest share one window, without an address.
      if (!windows.has(key) && windows.size >= maxSources) {
        key = `${entry.action}\u0000${entry.outcome}\u0000*`
        kept = { ...entry, ip: null, details: { ...entry.details, fromManyAddresses: true } }
      }
      const open = windows.get(key)
      if (open) {
        open.repeats += 1
        return false
      }
      windows.set(key, { startedAt: options.now(), repeats: 0, entry: kept })
      if (kept !== entry) options.write(kept)
      return kept === entry
    },
    flushExpired(): void {
      const t = options.now()
      for (const [key, w] of windows) {
        if (t - w.startedAt < windowMs) break
        close(key, w)
      }
    },
    flushAll(): void {
      for (const [key, w] of windows) close(key, w)
    },
  }
}
