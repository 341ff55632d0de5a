import type { Logger } from '../core/logger'
import type { PositionRepository } from './positionRepository'

const DAY_MS = 86_400_000
/** Fixes older than the retention are deleted once an hour: a day's fixes never outstay it by more. */
export const RETENTION_SWEEP_MS = 3600_000

export interface PositionRetention {
  /** Deletes the fixes received more than the retention ago; answers how many. */
  sweep(): number
  start(): void
  stop(): void
}

/**
 * Positions are personal data, kept POSITION_RETENTION_DAYS and no longer (issue 16). The sweep
 * runs at start (a server that was down a week catches up) and then hourly; its log line says how
 * many rows went, never whose or where.
 */
export function createPositionRetention(deps: { repo: PositionRepository; retentionDays: number; now: () => Date; log: Logger; everyMs?: number }): PositionRetention {
  let timer: ReturnType<typeof setInterval> | undefined
  function sweep(): number {
    const before = new Date(deps.now().getTime() - deps.retentionDays * DAY_MS).toISOString()
    const deleted = deps.repo.deleteReceivedBefore(before)
    if (deleted > 0) deps.log.info({ deleted, retentionDays: deps.retentionDays }, 'deleted worker positions older than the retention period')
    return deleted
  }
  return {
    sweep,
    start() {
      if (timer) return
      sweep()
      timer = setInterval(() => {
        try {
          sweep()
        } catch (err) {
          deps.log.error({ err }, 'the position retention sweep failed; it runs again in an hour')
        }
      }, deps.everyMs ?? RETENTION_SWEEP_MS)
      timer.unref()
    },
    stop() {
      clearInterval(timer)
      timer = undefined
    },
  }
}
