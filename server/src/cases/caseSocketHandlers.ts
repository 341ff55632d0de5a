import { ResumePayload, type ResumeResult } from '@shared/schemas/caseApi'
import type { Logger } from '../core/logger'
import { roomsOfCase } from './caseRooms'
import type { OnCommand } from '../realtime/socketGuard'
import type { WallServer, WallSocket } from '../realtime/socketServer'
import { inScope, scopeOf } from './caseScope'
import type { CaseService } from './caseService'

/**
 * The live case stream. Every commit is broadcast to the rooms of its case synchronously after it,
 * so sockets see events in seq order. A socket joins its room on connect at seq `joinedAt`; from
 * then on the broadcast brings it everything newer in its scope. `events:resume { since }`
 * therefore replays exactly (since, joinedAt]: what the socket missed and will not get live, none
 * of it twice. A scoped socket (community, unit, grid) gets its scope's events only, so its seqs
 * have gaps. Returns a function that stops broadcasting (for close()).
 */
export function registerCaseSocketHandlers(io: WallServer, deps: { cases: CaseService; log: Logger; onCommand: OnCommand }): () => void {
  const { cases, log, onCommand } = deps
  const joinedAt = new WeakMap<WallSocket, number>()

  io.on('connection', (socket) => {
    // The socket server joined the rooms in this same synchronous step, so no commit falls between.
    joinedAt.set(socket, cases.lastSeq())
    const scope = scopeOf(socket.data.principal)

    onCommand<typeof ResumePayload, ResumeResult>(socket, 'events:resume', ResumePayload, ({ since }) => {
      const until = joinedAt.get(socket) ?? cases.lastSeq()
      const result = cases.replay(since, until)
      if (result.reload) {
        log.info({ socket: socket.id, since, until }, 'wall client too far behind the stream; told to reload')
        return { ok: true, data: { replayed: 0, reload: true, lastSeq: cases.lastSeq() } }
      }
      const events = result.events.filter((e) => inScope(scope, e.case))
      for (const event of events) socket.emit('case:changed', { seq: event.seq, case: event.case })
      return { ok: true, data: { replayed: events.length, reload: false, lastSeq: cases.lastSeq() } }
    })
  })

  return cases.onChange((change) => {
    io.to(roomsOfCase(change.case)).emit('case:changed', {
      seq: change.seq,
      case: change.case,
      ...(change.committedAt ? { committedAt: change.committedAt } : {}),
    })
  })
}
