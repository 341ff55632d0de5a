import { z } from 'zod'
import type { Db } from '../store/database'
import { ANONYMOUS_TEXT, createAnonymousWindows, neutralText } from './auditWindows'

export const AuditOutcome = z.enum(['success', 'failure', 'refused'])
export type AuditOutcome = z.infer<typeof AuditOutcome>

export const AuditEntry = z.object({
  id: z.number().int(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorRole: z.string().nullable(),
  action: z.string(),
  target: z.string().nullable(),
  outcome: AuditOutcome,
  ip: z.string().nullable(),
  details: z.record(z.string(), z.unknown()).nullable(),
})
export type AuditEntry = z.infer<typeof AuditEntry>

export interface AuditRecord {
  actorId: string | null
  actorRole: string | null
  action: string
  target?: string | null
  outcome: AuditOutcome
  ip?: string | null
  /** Never personal data or secrets: ids, codes and reasons only. */
  details?: Record<string, unknown> | null
}

export interface AuditLog {
  record(entry: AuditRecord): void
  list(query: { before?: number; limit: number; action?: string; actorId?: string }): { items: AuditEntry[]; nextBefore: number | null }
  /** Write the counts of anonymous repeats still held (on shutdown). */
  flush(): void
}

interface Row {
  id: number
  at: string
  actor_id: string | null
  actor_role: string | null
  action: string
  target: string | null
  outcome: AuditOutcome
  ip: string | null
  details: string | null
}

export function createSqliteAuditLog(db: Db, now: () => Date = () => new Date()): AuditLog {
  const insert = db.prepare(
    'INSERT INTO audit_log (at, actor_id, actor_role, action, target, outcome, ip, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  )
  const page = db.prepare(
    `SELECT * FROM audit_log
     WHERE id < @before AND (@action IS NULL OR action = @action) AND (@actorId IS NULL OR actor_id = @actorId)
     ORDER BY id DESC LIMIT @limit`,
  )
  const write = (e: AuditRecord) =>
    void insert.run(now().toISOString(), e.actorId, e.actorRole, e.action, e.target ?? null, e.outcome, e.ip ?? null, e.details ? JSON.stringify(e.details) : null)
  const anonymous = createAnonymousWindows({ now: () => now().getTime(), write })
  return {
    record(e) {
      anonymous.flushExpired()
      if (e.actorId !== null) {
        write({ ...e, target: neutralText(e.target, 200) })
        return
      }
      const entry = { ...e, target: neutralText(e.target, ANONYMOUS_TEXT) }
      if (anonymous.first(entry)) write(entry)
    },
    list({ before, limit, action, actorId }) {
      anonymous.flushExpired()
      const rows = page.all({
        before: before ?? Number.MAX_SAFE_INTEGER,
        limit: limit + 1,
        action: action ?? null,
        actorId: actorId ?? null,
      }) as Row[]
      const items = rows.slice(0, limit).map((r) => ({
        id: r.id,
        at: r.at,
        actorId: r.actor_id,
        actorRole: r.actor_role,
        action: r.action,
        target: r.target,
        outcome: r.outcome,
        ip: r.ip,
        details: r.details ? (JSON.parse(r.details) as Record<string, unknown>) : null,
      }))
      const last = items[items.length - 1]
      return { items, nextBefore: rows.length > limit && last ? last.id : null }
    },
    flush: () => anonymous.flushAll(),
  }
}
