import type { Logger } from '../core/logger'
import { scopeOfCaseRoom } from '../cases/caseRooms'
import type { WallServer } from '../realtime/socketServer'
import type { KpiProjector } from './kpiProjector'
import type { KpiService } from './kpiService'

/**
 * The live `kpi:changed` push: at most once per `intervalMs`, and only when the projection has
 * moved since the last push, so a quiet center sends nothing and a busy one one message a
 * second however many cases change. Each case room hears its own scope's figures (the center the
 * street's, a community station its community's), so a scoped screen never shows the street's.
 * It only reads: applying events is the projector's job, which every commit notifies. Returns a
 * function that stops it.
 */
export function startKpiPush(
  io: WallServer,
  deps: { kpi: KpiService; projector: KpiProjector; log: Logger; intervalMs?: number },
): () => void {
  const { kpi, projector, log } = deps
  let pushedSeq = projector.seq()
  const timer = setInterval(() => {
    try {
      const seq = projector.seq()
      if (seq === pushedSeq) return
      pushedSeq = seq
      // Only rooms someone is in: a scope nobody watches costs nothing; a wall that connects later fetches the figures.
      for (const [room, members] of io.of('/').adapter.rooms) {
        const scope = members.size > 0 ? scopeOfCaseRoom(room) : null
        if (scope) io.to(room).emit('kpi:changed', kpi.live(scope))
      }
    } catch (err) {
      log.error({ err }, 'could not push the live KPI figures to the walls')
    }
  }, deps.intervalMs ?? 1000)
  timer.unref()
  return () => clearInterval(timer)
}
