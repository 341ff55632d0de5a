import type { z } from 'zod'
import type { ClientEventName } from '@shared/events'
import type { Ack } from '@shared/errors'
import { hasPermission, SOCKET_EVENT_PERMISSIONS } from '@shared/permissions'
import type { AuditLog } from '../auth/auditLog'
import { describeIssues } from '../core/appError'
import { createRateLimiter } from '../core/rateLimiter'
import type { WallSocket } from './socketServer'

/** Commands per socket: enough for a busy console, not for a flood. */
const limiter = () => createRateLimiter({ perSecond: 10, burst: 30 })

/**
 * The one way a client-to-server event is handled: the permission from SOCKET_EVENT_PERMISSIONS,
 * a rate limit, the payload parsed with zod, and an ack for every outcome; never a throw.
 */
export function createSocketGuard(audit: AuditLog) {
  const limits = limiter()
  return function onCommand<S extends z.ZodType, R>(
    socket: WallSocket,
    event: ClientEventName,
    schema: S,
    handler: (payload: z.infer<S>) => Ack<R> | Promise<Ack<R>>,
  ): void {
    const listen = socket.on.bind(socket) as (event: string, listener: (payload: unknown, ack: unknown) => void) => void
    listen(event, (payload, ack) => {
      if (typeof ack !== 'function') return
      const answer = ack as (result: Ack<R>) => void
      const { principal } = socket.data
      const permission = SOCKET_EVENT_PERMISSIONS[event]
      if (!hasPermission(principal.role, permission)) {
        audit.record({ actorId: principal.id, actorRole: principal.role, action: 'socket.denied', target: event, outcome: 'refused', details: { permission } })
        answer({ ok: false, code: 'FORBIDDEN', message: `role "${principal.role}" lacks permission "${permission}"` })
        return
      }
      if (!limits.take(socket.id)) {
        answer({ ok: false, code: 'RATE_LIMITED', message: 'too many commands; slow down' })
        return
      }
      const parsed = schema.safeParse(payload)
      if (!parsed.success) {
        answer({ ok: false, code: 'VALIDATION_FAILED', message: `invalid payload: ${describeIssues(parsed.error)}` })
        return
      }
      Promise.resolve()
        .then(() => handler(parsed.data))
        .then(answer, (err: unknown) => {
          const code = (err as { code?: unknown }).code
          answer({ ok: false, code: typeof code === 'string' ? (code as 'INTERNAL') : 'INTERNAL', message: err instanceof Error ? err.message : 'failed' })
        })
    })
  }
}

export type OnCommand = ReturnType<typeof createSocketGuard>
