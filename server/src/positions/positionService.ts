import type { LngLat } from '@shared/schemas/geo'
import { POSITION_OFF_DUTY_MS, type PositionReport, type WorkerPosition, type WorkerPositionList, isStalePosition, positionAgeMs } from '@shared/schemas/position'
import { createError } from '../core/appError'
import type { PositionRepository, PositionRow } from './positionRepository'
import type { WorkerDirectory } from './workerDirectory'

/** A phone's clock runs a little ahead at most; a fix from further ahead is a broken clock. */
export const MAX_FUTURE_MS = 2 * 60_000
/** The offline outbox may send a day's fixes late; anything older is history, not a position. */
export const MAX_AGE_MS = 24 * 3600_000

/** The person a fix is for, and the handset it came from (their terminal session's), if known. */
export interface Reporter {
  workerId: string
  terminalId: string | null
}

export type PositionListener = (position: WorkerPosition) => void

export interface PositionService {
  /** Stores the fix; answers (and announces) the worker's position when it is their newest. */
  report(reporter: Reporter, report: PositionReport): WorkerPosition
  /** The workers on duty whose newest fix is younger than POSITION_OFF_DUTY_MS. */
  list(): WorkerPositionList
  /** Where the worker is, if on duty with a fix that is not stale (the suggestion's distance). */
  freshFix(workerId: string): LngLat | null
  onPosition(listener: PositionListener): () => void
}

/**
 * Field workers' positions (issue 16, point 6): every fix is stored for the retention sweep, and
 * each worker's newest fix is kept in memory, so reads and the broadcast never scan the table. A fix
 * arriving late (from the outbox) is stored but does not move the worker back in time.
 */
export function createPositionService(deps: { repo: PositionRepository; directory: WorkerDirectory; now: () => Date }): PositionService {
  const { repo, directory, now } = deps
  const last = new Map<string, PositionRow>()
  const listeners = new Set<PositionListener>()
  for (const row of repo.latestSince(new Date(now().getTime() - POSITION_OFF_DUTY_MS).toISOString())) last.set(row.workerId, row)

  function refuseOutOfWindow(at: Date, received: Date): void {
    if (at.getTime() > received.getTime() + MAX_FUTURE_MS) throw createError('VALIDATION_FAILED', 'invalid body: at: the fix is more than 2 minutes in the future; check the terminal clock')
    if (at.getTime() < received.getTime() - MAX_AGE_MS) throw createError('VALIDATION_FAILED', 'invalid body: at: the fix is older than 24 hours')
  }

  function viewOf(row: PositionRow): WorkerPosition {
    const worker = directory.worker(row.workerId)
    return {
      workerId: row.workerId,
      name: worker?.name ?? row.workerId,
      gridId: worker?.gridId ?? null,
      terminalId: row.terminalId,
      location: { lng: row.lng, lat: row.lat },
      accuracyM: row.accuracyM,
      at: row.at,
      onDuty: row.onDuty,
      task: directory.task(row.workerId),
    }
  }

  function announce(position: WorkerPosition): void {
    // One failing listener must not starve the others.
    for (const listener of listeners) {
      try {
        listener(position)
      } catch {
        continue
      }
    }
  }

  return {
    report({ workerId, terminalId }, report) {
      const received = now()
      const at = new Date(report.at)
      refuseOutOfWindow(at, received)
      const row: PositionRow = {
        workerId,
        at: at.toISOString(),
        lng: report.location.lng,
        lat: report.location.lat,
        accuracyM: report.accuracyM,
        onDuty: report.onDuty,
        terminalId: terminalId ?? directory.worker(workerId)?.terminalId ?? null,
        receivedAt: received.toISOString(),
      }
      repo.insert(row)
      const held = last.get(workerId)
      if (held && held.at > row.at) return viewOf(held)
      last.set(workerId, row)
      const position = viewOf(row)
      announce(position)
      return position
    },
    list() {
      const at = now()
      const items = [...last.values()]
        .filter((row) => row.onDuty && positionAgeMs(row, at) < POSITION_OFF_DUTY_MS)
        .sort((a, b) => a.workerId.localeCompare(b.workerId))
        .map(viewOf)
      return { items }
    },
    freshFix(workerId) {
      const row = last.get(workerId)
      return row && row.onDuty && !isStalePosition(row, now()) ? { lng: row.lng, lat: row.lat } : null
    },
    onPosition(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}
