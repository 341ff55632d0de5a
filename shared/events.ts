import type { Ack } from './errors'
import type { Case } from './schemas/case'

/** Broadcasts are `domain:verbed`-style facts; commands are `domain:verb` with an Ack. */
export interface ServerToClientEvents {
  'server:hello': (payload: { serverTime: string; lastSeq: number }) => void
  'case:changed': (payload: { seq: number; case: Case }) => void
}

export interface ClientToServerEvents {
  'events:resume': (payload: { since: number }, ack: (result: Ack<{ replayed: number; reload: boolean }>) => void) => void
}

export type ServerEventName = keyof ServerToClientEvents
export type ClientEventName = keyof ClientToServerEvents
