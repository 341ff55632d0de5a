import { PositionReport, WorkerPosition, WorkerPositionList } from '@shared/schemas/position'
import { ON_BEHALF_OF_HEADER, type ActorOf } from '../cases/actor'
import { createError } from '../core/appError'
import type { ApiRouter } from '../http/apiRouter'
import type { PositionService } from './positionService'

/**
 * POST a fix (a terminal for its person, or a gateway X-On-Behalf-Of a worker) and GET the workers
 * on duty. Nothing here logs: a position is personal data and the body never reaches a log line.
 */
export function registerPositionRoutes(api: ApiRouter, deps: { positions: PositionService; actorOf: ActorOf }): void {
  const { positions, actorOf } = deps
  api.add({
    method: 'post',
    path: '/positions',
    tag: 'positions',
    summary: "Report a field worker's position fix (every 30 s on duty; onDuty false ends the shift)",
    permission: 'positions:report',
    headers: [ON_BEHALF_OF_HEADER],
    body: PositionReport,
    response: WorkerPosition,
    status: 201,
    errors: [422],
    handler: ({ body, req }) => {
      const actor = actorOf(req, 'positions:report')
      // An integration's own account is nobody in the field: it must say whose fix this is.
      if (actor.role === 'integration') throw createError('VALIDATION_FAILED', 'an integration names the worker in X-On-Behalf-Of, e.g. "grid_worker/W0001"')
      return positions.report({ workerId: actor.id, terminalId: actor.terminalId ?? null }, body)
    },
  })
  api.add({
    method: 'get',
    path: '/positions',
    tag: 'positions',
    summary: 'The workers on duty with their last fix (younger than 30 minutes), name, grid, terminal and current task',
    permission: 'positions:read',
    response: WorkerPositionList,
    handler: () => positions.list(),
  })
}
