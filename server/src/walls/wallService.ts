import type { Case } from '@shared/schemas/case'
import type { CameraPublic } from '@shared/schemas/reference'
import { nearestCameras } from '@shared/wall/nearestCameras'
import { type WallCommand, WallCommandError, type WallState, applyWallCommand, expireAlarm, initialWallState } from '@shared/wall/wallState'
import { createError } from '../core/appError'
import type { Logger } from '../core/logger'
import type { WallRepository } from './wallRepository'

export interface WallServiceDeps {
  repo: WallRepository
  cameras: () => readonly CameraPublic[]
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
  /** The wall's state; a wall named for the first time starts empty (4 tiles). */
  get(name: string): WallState
  list(): WallState[]
  /** Apply a command; `version`, when given, must be current (409 with the current state otherwise). */
  command(name: string, command: WallCommand, version?: number): WallState
  /** A new urgent case: every wall puts its nearest cameras into alarm tiles. */
  alarm(c: Case): void
  /** Lift alarms whose hold has run out. */
  tick(): void
  onChange(listener: WallListener): () => void
}

export function createWallService(deps: WallServiceDeps): WallService {
  const { repo, log } = deps
  const now = deps.now ?? (() => new Date())
  const listeners = new Set<WallListener>()
  // Walls are few and small: held in memory, written through on every change.
  const cache = new Map<string, WallState>()

  function get(name: string): WallState {
    const known = cache.get(name) ?? repo.get(name)
    if (known) {
      cache.set(name, known)
      return known
    }
    const fresh = initialWallState(name, now())
    repo.save(fresh)
    cache.set(name, fresh)
    return fresh
  }

  function commit(next: WallState): WallState {
    repo.save(next)
    cache.set(next.name, next)
    for (const listener of listeners) listener(next)
    return next
  }

  function list(): WallState[] {
    for (const w of repo.list()) if (!cache.has(w.name)) cache.set(w.name, w)
    return [...cache.values()].sort((a, b) => a.name.localeCompare(b.name))
  }

  return {
    get,
    list,
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
      const ranked = nearestCameras([c.location.lng, c.location.lat], deps.cameras(), { count: deps.alarmCameras, maxDistanceMeters: deps.alarmRadiusMeters })
      if (ranked.length === 0) {
        log.info({ caseId: c.id }, 'urgent case with no camera within reach: no alarm takeover')
        return
      }
      const command: WallCommand = {
        type: 'alarmTakeover',
        caseId: c.id,
        code: c.code,
        label: c.title.slice(0, 60),
        cameraIds: ranked.map((r) => r.id),
        timeoutSeconds: deps.alarmHoldSeconds,
      }
      for (const wall of list()) commit(applyWallCommand(wall, command, now()))
    },
    tick() {
      const at = now()
      for (const wall of cache.values()) {
        const next = expireAlarm(wall, at)
        if (next !== wall) commit(next)
      }
    },
    onChange(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}
