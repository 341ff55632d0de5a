import type { Logger } from '../core/logger'
import { wallRoom } from '../realtime/rooms'
import type { WallServer } from '../realtime/socketServer'
import type { KpiProjector } from './kpiProjector'
import type { KpiService } from './kpiService'

/**
 * The live `kpi:changed` push: at most once per `intervalMs`, and only when the projection has
 * moved since the last push, so a quiet center sends nothing and a busy one one message a
 * second however many cases change. It only reads: applying events is the projector's job,
 * which every commit notifies. Returns a function that stops it.
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
      // Nobody watching: nothing to compute; a wall that connects later fetches the figures.
      if (io.of('/').sockets.size === 0) return
      io.to(wallRoom()).emit('kpi:changed', kpi.live())
    } catch (err) {
      log.error({ err }, 'could not push the live KPI figures to the walls')
    }
  }, deps.intervalMs ?? 1000)
  timer.unref()
  return () => clearInterval(timer)
}
