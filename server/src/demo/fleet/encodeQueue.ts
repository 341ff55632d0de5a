import type { Logger } from '../../core/logger'
import type { FleetCamera } from './cameraLook'
import type { ClipEncoder } from './clipEncoder'
import { type ClipManifest, type Quality, QUALITIES } from './clipStore'
import { FfmpegAborted } from './ffmpegJob'

/** Which clips the background pass encodes; anything else is encoded when first asked for. */
export type Preencode = 'all' | 'sub' | 'none'

export interface EncodeQueueDeps {
  cameras: readonly FleetCamera[]
  encoder: Pick<ClipEncoder, 'current' | 'encode'>
  /** Encodes at a time (each ffmpeg uses one thread at low priority). */
  concurrency: number
  preencode: Preencode
  log: Logger
  /** Clock for retry back-off; tests pass their own. */
  now?: () => number
}

export type ClipState = 'ready' | 'encoding' | 'queued' | 'failed' | 'idle'

interface Job {
  camera: FleetCamera
  quality: Quality
}

const key = (id: string, q: Quality) => `${id}/${q}`
/** After this many failures in a row the background pass stops: something is wrong with ffmpeg. */
const GIVE_UP_AFTER = 5
const RETRY_AFTER_MS = 60_000
const WATCHED_MS = 15_000

/**
 * Encodes each camera's clips once, in the background, a bounded number at a time: sub streams
 * for the whole fleet first (tiles use them), then main streams. A camera someone asks for jumps
 * the queue. Finished clips are found on disk at start, so a restart encodes only what is missing.
 */
export function createEncodeQueue(deps: EncodeQueueDeps) {
  const { log, encoder } = deps
  const now = deps.now ?? Date.now
  const byId = new Map(deps.cameras.map((c) => [c.id, c]))
  const ready = new Map<string, ClipManifest>()
  const running = new Map<string, Promise<void>>()
  const failedAt = new Map<string, number>()
  const askedAt = new Map<string, number>()
  const urgent: Job[] = []
  const background: Job[] = []
  /** Clips the background pass set out to make; progress is reported against these. */
  const planKeys = new Set<string>()
  const controller = new AbortController()
  const timing: Record<Quality, { count: number; ms: number }> = { sub: { count: 0, ms: 0 }, main: { count: 0, ms: 0 } }
  let planned = 0
  let plannedDone = 0
  let plannedFailed = 0
  let nextReport = 0.1
  let failuresInRow = 0
  let stopped = false
  let startedAt = 0

  function pump(): void {
    while (!stopped && running.size < deps.concurrency) {
      const job = urgent.shift() ?? (failuresInRow < GIVE_UP_AFTER ? background.shift() : undefined)
      if (!job) return
      const k = key(job.camera.id, job.quality)
      if (ready.has(k) || running.has(k)) continue
      running.set(k, run(job, k))
    }
  }

  async function run(job: Job, k: string): Promise<void> {
    const inPlan = planKeys.has(k)
    try {
      const m = await encoder.encode(job.camera, job.quality, controller.signal)
      ready.set(k, m)
      failedAt.delete(k)
      failuresInRow = 0
      timing[job.quality].count++
      timing[job.quality].ms += m.encodeMs
      if (inPlan) {
        plannedDone++
        planKeys.delete(k)
        report()
      }
    } catch (err) {
      if (err instanceof FfmpegAborted || stopped) return
      failedAt.set(k, now())
      failuresInRow++
      if (inPlan) {
        plannedDone++
        plannedFailed++
        planKeys.delete(k)
        report()
      }
      log.warn({ camera: job.camera.id, quality: job.quality, err: (err as Error).message }, `could not encode the ${job.quality} stream of camera ${job.camera.id}`)
      if (failuresInRow === GIVE_UP_AFTER) {
        log.error({ lastError: (err as Error).message }, `camera fleet: ${GIVE_UP_AFTER} encodes failed in a row; background encoding stopped, cameras without a clip stay offline`)
      }
    } finally {
      running.delete(k)
      pump()
    }
  }

  function report(): void {
    if (planned === 0) return
    const share = plannedDone / planned
    if (share < nextReport && plannedDone !== planned) return
    while (nextReport <= share) nextReport += 0.1
    const subReady = deps.cameras.filter((c) => ready.has(key(c.id, 'sub'))).length
    const mainReady = deps.cameras.filter((c) => ready.has(key(c.id, 'main'))).length
    const elapsed = now() - startedAt
    // What is left, at the pace seen so far for each quality (wall-clock time per clip, so a busy
    // machine shows in the estimate); a main clip is about four sub clips until one is measured.
    const pace = elapsed / Math.max(1, plannedDone)
    const scale = pace / Math.max(1, avgWorkMs())
    const perClip = (q: Quality) => {
      if (timing[q].count) return (timing[q].ms / timing[q].count) * scale
      return q === 'main' ? pace * 4 : pace
    }
    const left = { sub: 0, main: 0 }
    for (const k of planKeys) left[k.endsWith('/main') ? 'main' : 'sub']++
    const leftMs = left.sub * perClip('sub') + left.main * perClip('main')
    const msg =
      plannedDone === planned
        ? `camera fleet: background encoding finished in ${minutes(elapsed)}: ${planned - plannedFailed} clips made, ${plannedFailed} failed (sub ${avg('sub')}, main ${avg('main')} a camera)`
        : `camera fleet: ${Math.floor(share * 100)}% of the clips to make are encoded (sub streams ready for ${subReady} of ${deps.cameras.length} cameras, main for ${mainReady}); about ${minutes(leftMs)} to go`
    log.info({ encoded: plannedDone - plannedFailed, failed: plannedFailed, toEncode: planned, subReady, mainReady, avgSubMs: avgMs('sub'), avgMainMs: avgMs('main') }, msg)
  }

  /** Mean encode time of the clips done so far, to scale per-quality costs to the observed pace. */
  const avgWorkMs = () => (timing.sub.ms + timing.main.ms) / Math.max(1, timing.sub.count + timing.main.count)
  const avgMs = (q: Quality) => (timing[q].count ? Math.round(timing[q].ms / timing[q].count) : null)
  const avg = (q: Quality) => (timing[q].count ? `${(avgMs(q)! / 1000).toFixed(1)} s` : 'n/a')

  return {
    /** Look for finished clips on disk, plan the background pass and begin it. */
    start(): void {
      startedAt = now()
      for (const camera of deps.cameras) {
        for (const quality of QUALITIES) {
          const m = encoder.current(camera, quality)
          if (m) ready.set(key(camera.id, quality), m)
        }
      }
      const wanted: Quality[] = deps.preencode === 'all' ? ['sub', 'main'] : deps.preencode === 'sub' ? ['sub'] : []
      for (const quality of wanted) {
        for (const camera of deps.cameras) {
          const k = key(camera.id, quality)
          if (ready.has(k)) continue
          background.push({ camera, quality })
          planKeys.add(k)
        }
      }
      planned = background.length
      const total = deps.cameras.length * QUALITIES.length
      log.info(
        { cached: ready.size, toEncode: planned, total, concurrency: deps.concurrency, preencode: deps.preencode },
        planned
          ? `camera fleet: ${ready.size} of ${total} clips already encoded; encoding ${planned} more in the background at low priority (sub streams first, ${deps.concurrency} at a time); a camera without its clip answers 503 until it is ready, and one being watched goes first`
          : `camera fleet: ${ready.size} of ${total} clips already encoded; nothing to encode in the background`,
      )
      pump()
    },

    /**
     * Someone asked for this clip: it goes ahead of the background pass. A clip asked for again
     * within WATCHED_MS is being watched (a player retrying), not merely probed (the health
     * prober passes once a minute), and goes to the very front.
     */
    request(cameraId: string, quality: Quality): ClipState {
      const k = key(cameraId, quality)
      const camera = byId.get(cameraId)
      if (!camera || stopped) return 'idle'
      if (ready.has(k)) return 'ready'
      if (running.has(k)) return 'encoding'
      const failed = failedAt.get(k)
      if (failed !== undefined && now() - failed < RETRY_AFTER_MS) return 'failed'
      const previous = askedAt.get(k)
      askedAt.set(k, now())
      const at = urgent.findIndex((j) => key(j.camera.id, j.quality) === k)
      if (previous !== undefined && now() - previous < WATCHED_MS) {
        if (at >= 0) urgent.splice(at, 1)
        urgent.unshift({ camera, quality })
      } else if (at < 0) urgent.push({ camera, quality })
      pump()
      return running.has(k) ? 'encoding' : 'queued'
    },

    manifest: (cameraId: string, quality: Quality): ClipManifest | undefined => ready.get(key(cameraId, quality)),

    /** These clips go first, in this order, ahead of anything asked for so far (the cameras a wall opens on). */
    prefer(cameraIds: readonly string[], quality: Quality): void {
      const jobs = cameraIds.flatMap((id) => {
        const camera = byId.get(id)
        return camera && !ready.has(key(id, quality)) ? [{ camera, quality }] : []
      })
      const wanted = new Set(jobs.map((j) => key(j.camera.id, quality)))
      const rest = urgent.filter((j) => !wanted.has(key(j.camera.id, j.quality)))
      urgent.splice(0, urgent.length, ...jobs, ...rest)
      pump()
    },

    /** How far the fleet is with this quality, and how many encodes wait ahead of this clip (null: not queued). */
    progress(cameraId: string, quality: Quality): { ready: number; total: number; ahead: number | null } {
      const k = key(cameraId, quality)
      let readyCount = 0
      for (const c of deps.cameras) if (ready.has(key(c.id, quality))) readyCount++
      const inUrgent = urgent.findIndex((j) => key(j.camera.id, j.quality) === k)
      const inBackground = inUrgent >= 0 ? -1 : background.findIndex((j) => key(j.camera.id, j.quality) === k)
      const ahead = running.has(k) ? 0 : inUrgent >= 0 ? inUrgent : inBackground >= 0 ? urgent.length + inBackground : null
      return { ready: readyCount, total: deps.cameras.length, ahead }
    },

    state(cameraId: string, quality: Quality): ClipState {
      const k = key(cameraId, quality)
      if (ready.has(k)) return 'ready'
      if (running.has(k)) return 'encoding'
      if (failedAt.has(k)) return 'failed'
      return urgent.some((j) => key(j.camera.id, j.quality) === k) || planKeys.has(k) ? 'queued' : 'idle'
    },

    stats() {
      return { ready: ready.size, encoding: running.size, queued: urgent.length + background.length, planned, plannedDone, avgSubMs: avgMs('sub'), avgMainMs: avgMs('main') }
    },

    /** Stop: kill running encodes (no ffmpeg left behind) and wait for them to exit. */
    async close(): Promise<void> {
      stopped = true
      controller.abort()
      await Promise.allSettled([...running.values()])
    },
  }
}

export type EncodeQueue = ReturnType<typeof createEncodeQueue>

function minutes(ms: number): string {
  const m = Math.round(ms / 60_000)
  if (m < 1) return `${Math.max(1, Math.round(ms / 1000))} s`
  return m < 60 ? `${m} min` : `${Math.floor(m / 60)} h ${m % 60} min`
}
