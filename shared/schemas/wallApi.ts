import { z } from 'zod'
import { WallCommand, WallName, WallState } from '../wall/wallState'

/** `wall:watch`: start receiving `wall:state` for one named wall; the ack is its current state. */
export const WallWatchPayload = z.object({ wall: WallName })
export type WallWatchPayload = z.infer<typeof WallWatchPayload>

/**
 * `wall:command` and POST /walls/:name/commands. `version`, when given, must be the wall's current
 * version (a console acting on what it saw); without it the command applies to the latest state.
 */
export const WallCommandPayload = z.object({ wall: WallName, command: WallCommand, version: z.number().int().min(0).optional() })
export type WallCommandPayload = z.infer<typeof WallCommandPayload>

export const WallCommandBody = WallCommandPayload.omit({ wall: true })
export type WallCommandBody = z.infer<typeof WallCommandBody>

/**
 * The name of a wall an administrator creates or WALLS names: what a display token may name too
 * (lower-case, so `/wall/Main` and `/wall/main` cannot be two walls).
 */
export const NewWallName = WallName.regex(/^[a-z0-9-]{1,32}$/, 'a wall name is 1-32 lower-case letters, digits or "-"')

/** POST /walls: create a wall (administrators). */
export const WallCreateBody = z.object({ name: NewWallName })
export type WallCreateBody = z.infer<typeof WallCreateBody>

export const WallDeleted = z.object({ deleted: WallName })
export type WallDeleted = z.infer<typeof WallDeleted>

export const WallList = z.object({ items: z.array(z.object({ name: WallName, version: z.number().int(), updatedAt: z.string(), alarm: z.boolean() })) })
export type WallList = z.infer<typeof WallList>

export { WallState }
