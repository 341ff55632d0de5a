import { z } from 'zod'
import { ErrorCode } from '@shared/errors'
import type { ClientEventName, ClientToServerEvents, ServerEventName, ServerToClientEvents } from '@shared/events'
import { CameraStatusChanged } from '@shared/schemas/api'
import { CaseBatch, CaseChanged, ResumeResult } from '@shared/schemas/caseApi'
import { KpiChanged } from '@shared/schemas/kpi'
import { WorkerPosition } from '@shared/schemas/position'
import { SimProgress } from '@shared/schemas/sim'
import { WallState } from '@shared/wall/wallState'

export type ServerPayload<E extends ServerEventName> = Parameters<ServerToClientEvents[E]>[0]
export type ServerHandler<E extends ServerEventName> = (payload: ServerPayload<E>) => void

export type CommandPayload<E extends ClientEventName> = Parameters<ClientToServerEvents[E]>[0]
export type CommandAck<E extends ClientEventName> = Parameters<Parameters<ClientToServerEvents[E]>[1]>[0]

/**
 * Socket payloads are parsed like HTTP bodies: a type on the event map is not a check. The maps
 * are exhaustive on purpose: an event added to shared/events.ts fails the type check here until
 * its schema is added.
 */
const SERVER_EVENT_SCHEMAS: { [E in ServerEventName]: z.ZodType<ServerPayload<E>> } = {
  'server:hello': z.object({ serverTime: z.string(), lastSeq: z.number().int().min(0) }),
  'case:changed': CaseChanged,
  'case:batch': CaseBatch,
  'camera:status': CameraStatusChanged,
  'kpi:changed': KpiChanged,
  'sim:progress': SimProgress,
  'wall:state': WallState,
  'worker:position': WorkerPosition,
}

function ackOf<T extends z.ZodType>(data: T) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), data }),
    // A code this client does not know yet (newer server) is still a refusal, not a crash.
    z.object({ ok: z.literal(false), code: ErrorCode.catch('INTERNAL'), message: z.string() }),
  ])
}

export const COMMAND_ACK_SCHEMAS: { [E in ClientEventName]: z.ZodType<CommandAck<E>> } = {
  'events:resume': ackOf(ResumeResult),
  'wall:watch': ackOf(WallState),
  'wall:command': ackOf(WallState),
}

function isServerEventName(name: string): name is ServerEventName {
  return Object.hasOwn(SERVER_EVENT_SCHEMAS, name)
}

/**
 * Handlers of server events, registered once by the domain stores and fed by the one socket.
 * A handler that throws is reported and skipped: the others still get the event.
 */
export function createEventRegistry(warn: (message: string, detail?: unknown) => void = console.warn) {
  const handlers = new Map<ServerEventName, Set<(payload: never) => void>>()

  function on<E extends ServerEventName>(name: E, handler: ServerHandler<E>): () => void {
    let set = handlers.get(name)
    if (!set) handlers.set(name, (set = new Set()))
    set.add(handler)
    return () => void set.delete(handler)
  }

  function dispatch(name: string, payload: unknown): void {
    if (!isServerEventName(name)) return
    const set = handlers.get(name)
    if (!set || set.size === 0) return
    const parsed = SERVER_EVENT_SCHEMAS[name].safeParse(payload)
    if (!parsed.success) {
      const first = parsed.error.issues[0]
      warn(`dropped a ${name} event with an unexpected shape (${first ? `${first.path.join('.')}: ${first.message}` : 'unknown'})`)
      return
    }
    for (const handler of [...set]) {
      try {
        ;(handler as (p: unknown) => void)(parsed.data)
      } catch (error) {
        warn(`a ${name} handler failed`, error)
      }
    }
  }

  return { on, dispatch, clear: () => handlers.clear() }
}

export type EventRegistry = ReturnType<typeof createEventRegistry>
