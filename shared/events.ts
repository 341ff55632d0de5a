import type { Ack } from './errors'
import type { CameraStatusChanged } from './schemas/api'
import type { CaseBatch, CaseChanged, ResumePayload, ResumeResult } from './schemas/caseApi'
import type { KpiChanged } from './schemas/kpi'
import type { WorkerPosition } from './schemas/position'
import type { SimProgress } from './schemas/sim'
import type { WallCommandPayload, WallWatchPayload } from './schemas/wallApi'
import type { WallState } from './wall/wallState'

/**
 * Broadcasts are `domain:verbed`-style facts; commands are `domain:verb` with an Ack.
 *
 * The case stream: every committed change has a gap-free `seq`. A wall client joins the live
 * stream on connect (`server:hello.lastSeq` is where it starts). A client that already holds
 * state up to some seq (a snapshot's `CasePage.seq`, or the last event it applied) sends
 * `events:resume { since }` and receives exactly the events after `since` that the live stream
 * will not bring it, then the ack. Live events that arrive before that ack have seqs above
 * `hello.lastSeq`: apply events in seq order. `reload: true` means too far behind: load a
 * snapshot (GET /api/v1/cases) and resume from its `seq`.
 *
 * A client that announces `auth: { caseStream: 1 }` in the handshake gets live changes and the
 * resume's replay only as `case:batch` (one frame per commit group, `CaseBatch`); any other client
 * gets `case:changed`, one per change, as before the batch frame existed.
 */
export interface ServerToClientEvents {
  'server:hello': (payload: { serverTime: string; lastSeq: number }) => void
  /** One change, for clients that did not announce the batch frame (see above). */
  'case:changed': (payload: CaseChanged) => void
  /** The changes of one commit group in the receiver's scope, in seq order. */
  'case:batch': (payload: CaseBatch) => void
  /** A camera's health changed (online / offline / stalled); the snapshot is GET /api/v1/cameras. */
  'camera:status': (payload: CameraStatusChanged) => void
  /** Today's and this month's KPI figures, at most once a second and only after a change. */
  'kpi:changed': (payload: KpiChanged) => void
  /** The demo simulation's back-fill of history on first start. */
  'sim:progress': (payload: SimProgress) => void
  /** A watched wall changed (layout, tiles, tour, alarm, map view): every screen of it applies the newest version. */
  'wall:state': (payload: WallState) => void
  /** A field worker's new fix (or end of duty), sent only to sockets whose role has `positions:read`. */
  'worker:position': (payload: WorkerPosition) => void
}

export interface ClientToServerEvents {
  'events:resume': (payload: ResumePayload, ack: (result: Ack<ResumeResult>) => void) => void
  'wall:watch': (payload: WallWatchPayload, ack: (result: Ack<WallState>) => void) => void
  'wall:command': (payload: WallCommandPayload, ack: (result: Ack<WallState>) => void) => void
}

export type ServerEventName = keyof ServerToClientEvents
export type ClientEventName = keyof ClientToServerEvents
