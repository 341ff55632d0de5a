import type { Socket } from 'socket.io'
import type { ClientToServerEvents, ServerToClientEvents } from '@shared/events'
import type { Ack } from '@shared/errors'
import { ResumePayload, type ResumeResult } from '@shared/schemas/caseApi'
import { describeIssues } from '../http/errors'
import type { Logger } from '../logger'
import { wallRoom } from '../realtime/rooms'
import type { WallServer } from '../realtime/socketServer'
import type { CaseService } from './caseService'

type WallSocket = Socket<ClientToServerEvents, ServerToClientEvents>

/**
 * The live case stream. Every commit is broadcast to the wall room synchronously after it, so
 * sockets see events in seq order. A socket joins the room on connect at seq `joinedAt`; from
 * then on the broadcast brings it everything newer. `events:resume { since }` therefore replays
 * exactly (since, joinedAt]: what the socket missed and will not get live, none of it twice.
 * Returns a function that stops broadcasting (for close()).
 */
export function registerCaseSocketHandlers(io: WallServer, deps: { cases: CaseService; log: Logger }): () => void {
  const { cases, log } = deps
  const joinedAt = new WeakMap<WallSocket, number>()

  io.on('connection', (socket) => {
    // Joining and reading the seq happen in one synchronous step, so no commit falls between them.
    void socket.join(wallRoom())
    joinedAt.set(socket, cases.lastSeq())

    socket.on('events:resume', (payload: unknown, ack: (result: Ack<ResumeResult>) => void) => {
      if (typeof ack !== 'function') return
      const parsed = ResumePayload.safeParse(payload)
      if (!parsed.success) {
        ack({ ok: false, code: 'VALIDATION_FAILED', message: `invalid payload: ${describeIssues(parsed.error)}` })
        return
      }
      const until = joinedAt.get(socket) ?? cases.lastSeq()
      const result = cases.replay(parsed.data.since, until)
      if (result.reload) {
        log.info({ socket: socket.id, since: parsed.data.since, until }, 'wall client too far behind the stream; told to reload')
        ack({ ok: true, data: { replayed: 0, reload: true, lastSeq: cases.lastSeq() } })
        return
      }
      for (const event of result.events) socket.emit('case:changed', { seq: event.seq, case: event.case })
      ack({ ok: true, data: { replayed: result.events.length, reload: false, lastSeq: cases.lastSeq() } })
    })
  })

  return cases.onChange((change) => {
    io.to(wallRoom()).emit('case:changed', {
      seq: change.seq,
      case: change.case,
      ...(change.committedAt ? { committedAt: change.committedAt } : {}),
    })
  })
}
