import type { Case } from '@shared/schemas/case'
import type { CameraPublic, Category } from '@shared/schemas/reference'
import { urgencyMinutes } from '@shared/wall/alarmQueue'
import { nearestCameras } from '@shared/wall/nearestCameras'
import { type WallCommand, WallCommandError, type WallState, applyWallCommand, dropQueuedAlarm, expireAlarm, initialWallState } from '@shared/wall/wallState'
import { createError } from '../core/appError'
import type { Logger } from '../core/logger'
import type { WallRepository } from './wallRepository'

export interface WallServiceDeps {
  repo: WallRepository
  cameras: () => readonly CameraPublic[]
  /** The 小类 of a case: its time limit ranks the case's alarm in the queue. */
  category: (code: string) => Pick<Category, 'timeLimit'> | null
  /** Walls that always exist (WALLS): created at start when missing, not deletable over the API. */
  configured: readonly string[]
  log: Logger
  /** How long an alarm holds its tiles unless an officer acknowledges it first. */
  alarmHoldSeconds: number
  /** Cameras an alarm takes over: at most this many, within alarmRadiusMeters. */
  alarmCameras: number
  alarmRadiusMeters: number
  now?: () => Date
}

export type WallListener = (state: WallState) => void

export interface WallService {
  /** The wall's state; NOT_FOUND for a wall nobody created. */
  get(name: string): WallState
  list(): WallState[]
  /** A new, empty wall (4 tiles); ALREADY_EXISTS when the name is taken. */
  create(name: string): WallState
  /** Delete a wall an administrator created; a configured one is refused (it would come back on restart). */
  remove(name: string): void
  /** Apply a command; `version`, when given, must be current (409 with the current state otherwise). */
  command(name: string, command: WallCommand, version?: number): WallState
  /** A new urgent case: it holds every wall no alarm holds, and waits in line on the others. */
  alarm(c: Case): void
  /** A case moved on: once dispatched or closed, its alarm stops waiting on every wall. */
  caseChanged(c: Case): void
  /** Lift alarms whose hold has run out (bringing up the next in line). */
  tick(): void
  onChange(listener: WallListener): () => void
}

export function createWallService(deps: WallServiceDeps): WallService {
  const { repo, log } = deps
  const now = deps.now ?? (() => new Date())
  const listeners = new Set<WallListener>()
  // Walls are few and small, and only this service writes them: held in memory, written through.
  const cache = new Map<string, WallState>(repo.list().map((w) => [w.name, w]))
  for (const name of deps.configured) if (!cache.has(name)) save(initialWallState(name, now()))

  function save(state: WallState): WallState {
    repo.save(state)
    cache.set(state.name, state)
    return state
  }

  function get(name: string): WallState {
    const known = cache.get(name)
    if (!known) throw createError('NOT_FOUND', `there is no wall "${name}"; an administrator creates walls (POST /api/v1/walls or WALLS)`)
    return known
  }

  function commit(next: WallState): WallState {
    save(next)
    for (const listener of listeners) listener(next)
    return next
  }

  /** Apply to every wall whatever changes it; `step` returns the same object when nothing does. */
  function eachWall(step: (wall: WallState) => WallState): void {
    for (const wall of [...cache.values()]) {
      const next = step(wall)
      if (next !== wall) commit(next)
    }
  }

  function takeover(c: Case): WallCommand | null {
    const ranked = nearestCameras([c.location.lng, c.location.lat], deps.cameras(), { count: deps.alarmCameras, maxDistanceMeters: deps.alarmRadiusMeters })
    if (ranked.length === 0) return null
    return {
      type: 'alarmTakeover',
      caseId: c.id,
      code: c.code,
      label: c.title.slice(0, 60),
      cameraIds: ranked.map((r) => r.id),
      timeoutSeconds: deps.alarmHoldSeconds,
      urgencyMinutes: urgencyMinutes(deps.category(c.categoryCode)?.timeLimit),
      reportedAt: c.createdAt,
    }
  }

  return {
    get,
    list: () => [...cache.values()].sort((a, b) => a.name.localeCompare(b.name)),
    create(name) {
      if (cache.has(name)) throw createError('ALREADY_EXISTS', `a wall "${name}" already exists`)
      return commit(initialWallState(name, now()))
    },
    remove(name) {
      get(name)
      if (deps.configured.includes(name)) throw createError('ILLEGAL_TRANSITION', `wall "${name}" is named in WALLS: take it out there, then delete it`)
      repo.delete(name)
      cache.delete(name)
    },
    command(name, command, version) {
      const current = get(name)
      if (version !== undefined && version !== current.version) {
        throw createError('VERSION_CONFLICT', `the wall is at version ${current.version}, not ${version}: reload it and try again`, current)
      }
      try {
        return commit(applyWallCommand(current, command, now()))
      } catch (err) {
        // The model's refusal (a tile out of range, an alarm that is not there) is the caller's 4xx.
        if (err instanceof WallCommandError) throw createError(err.code, err.message, { reason: err.reason })
        throw err
      }
    },
    alarm(c) {
      const command = takeover(c)
      if (!command) {
        log.info({ caseId: c.id }, 'urgent case with no camera within reach: no alarm takeover')
        return
      }
      for (const wall of [...cache.values()]) commit(applyWallCommand(wall, command, now()))
    },
    caseChanged(c) {
      eachWall((wall) => dropQueuedAlarm(wall, c.id, now()))
    },
    tick() {
      const at = now()
      eachWall((wall) => expireAlarm(wall, at))
    },
    onChange(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}
