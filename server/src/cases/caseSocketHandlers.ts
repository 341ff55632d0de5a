import { CASE_BATCH_VERSION, type CaseChanged, CaseStreamHandshake, ResumePayload, type ResumeResult } from '@shared/schemas/caseApi'
import type { Logger } from '../core/logger'
import { roomsOfCase } from './caseRooms'
import type { OnCommand } from '../realtime/socketGuard'
import type { WallServer, WallSocket } from '../realtime/socketServer'
import type { CommittedChange } from './caseRepository'
import { inScope, scopeOf } from './caseScope'
import type { CaseService } from './caseService'

/** The most changes one replay frame carries, so a long resume is several frames, not one huge one. */
const REPLAY_FRAME = 500

/**
 * The live case stream. Every commit group is broadcast to the rooms of its cases synchronously
 * after it, so sockets see events in seq order. A socket joins its room on connect at seq
 * `joinedAt`; from then on the broadcast brings it everything newer in its scope.
 * `events:resume { since }` therefore replays exactly (since, joinedAt]: what the socket missed and
 * will not get live, none of it twice. A scoped socket (community, unit, grid) gets its scope's
 * events only, so its seqs have gaps. Returns a function that stops broadcasting (for close()).
 *
 * Frames: a client that announces the batch frame in its handshake (CaseStreamHandshake) gets live
 * changes only as `case:batch`, one frame per commit group per case room, and its replay as
 * `case:batch` too, so it has one way in. Any other socket (a wall still running a bundle from before
 * the frame, a script) gets `case:changed` per change, as before: it costs what it always did, and
 * only until that wall reloads. Its room's batches reach it too; an old client drops unknown events.
 */
export function registerCaseSocketHandlers(io: WallServer, deps: { cases: CaseService; log: Logger; onCommand: OnCommand }): () => void {
  const { cases, log, onCommand } = deps
  const joinedAt = new WeakMap<WallSocket, number>()
  const perChange = new Set<WallSocket>()

  io.on('connection', (socket) => {
    // The socket server joined the rooms in this same synchronous step, so no commit falls between.
    joinedAt.set(socket, cases.lastSeq())
    const scope = scopeOf(socket.data.principal)
    const batches = CaseStreamHandshake.safeParse(socket.handshake.auth).success
    if (!batches) {
      perChange.add(socket)
      socket.once('disconnect', () => perChange.delete(socket))
    }

    onCommand<typeof ResumePayload, ResumeResult>(socket, 'events:resume', ResumePayload, ({ since }) => {
      const until = joinedAt.get(socket) ?? cases.lastSeq()
      const result = cases.replay(since, until)
      if (result.reload) {
        log.info({ socket: socket.id, since, until }, 'wall client too far behind the stream; told to reload')
        return { ok: true, data: { replayed: 0, reload: true, lastSeq: cases.lastSeq() } }
      }
      const events = result.events.filter((e) => inScope(scope, e.case)).map((e) => ({ seq: e.seq, case: e.case }))
      if (batches) sendInFrames(socket, events)
      else for (const event of events) socket.emit('case:changed', event)
      return { ok: true, data: { replayed: events.length, reload: false, lastSeq: cases.lastSeq() } }
    })
  })

  return cases.onCommitGroup((group) => {
    const changes = group.map(toCaseChanged)
    broadcastBatches(io, changes)
    for (const socket of perChange) {
      for (const change of changes) if (roomsOfCase(change.case).some((room) => socket.rooms.has(room))) socket.emit('case:changed', change)
    }
  })
}

function toCaseChanged(change: CommittedChange): CaseChanged {
  return { seq: change.seq, case: change.case, ...(change.committedAt ? { committedAt: change.committedAt } : {}) }
}

/**
 * One `case:batch` per case room the group touches, with that room's changes in seq order, each
 * serialised once by socket.io's room broadcast. A socket is in at most one case room (caseRoomsOf),
 * so it gets each change once, as `to([...rooms])` gave it per change before. A room with no socket
 * here is skipped rather than serialised for nobody: one process holds every socket
 * (sessionSockets.ts); an adapter across nodes must drop that check.
 */
function broadcastBatches(io: WallServer, changes: readonly CaseChanged[]): void {
  const byRoom = new Map<string, CaseChanged[]>()
  for (const change of changes) {
    for (const room of roomsOfCase(change.case)) {
      const list = byRoom.get(room)
      if (list) list.push(change)
      else byRoom.set(room, [change])
    }
  }
  const local = io.of('/').adapter.rooms
  for (const [room, list] of byRoom) {
    if (local.get(room)?.size) io.to(room).emit('case:batch', { v: CASE_BATCH_VERSION, changes: list })
  }
}

function sendInFrames(socket: WallSocket, events: readonly CaseChanged[]): void {
  for (let i = 0; i < events.length; i += REPLAY_FRAME) {
    socket.emit('case:batch', { v: CASE_BATCH_VERSION, changes: events.slice(i, i + REPLAY_FRAME) })
  }
}
