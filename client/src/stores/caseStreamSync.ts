import type { Ref } from 'vue'
import { EventsPage, type CaseChanged } from '@shared/schemas/caseApi'
import { getJson } from '../api/http'
import type { SeqStream } from '../realtime/seqStream'
import { isRealtimeConnected, sendCommand } from '../realtime/socket'

/** A gap the live stream has not filled by itself after this long is fetched over HTTP. */
const GAP_GRACE_MS = 2000
const RESUME_TIMEOUT_MS = 10_000
const EVENTS_PAGE = 1000

export interface CaseStreamSyncDeps {
  stream: SeqStream<CaseChanged>
  /** A snapshot load is running: it resumes the stream itself when it lands. */
  loading: () => boolean
  /** A snapshot has landed at least once. */
  ready: () => boolean
  /** Too far behind: load a fresh snapshot. */
  reload: () => void
  /** The current connection; an answer for an older one is ignored. */
  epoch: () => number
  appliedSeq: Ref<number | null>
  syncing: Ref<boolean>
}

/**
 * Keeping the case stream whole: on every (re)connect the server replays what the wall missed
 * (`events:resume`); a gap the socket does not fill is read from GET /events; when too far behind,
 * a fresh snapshot. The cases store owns the snapshot; this owns everything between snapshots.
 */
export function createCaseStreamSync(deps: CaseStreamSyncDeps) {
  const { stream } = deps
  let catchingUp = false
  let resuming = 0
  let gapTimer: ReturnType<typeof setTimeout> | undefined

  /** After anything moved the stream: publish where it stands, and give a gap its grace before reading it. */
  function step(): void {
    deps.appliedSeq.value = stream.applied
    // A failed reload leaves the old cases on show but frozen: say so rather than look live.
    deps.syncing.value = deps.loading() || catchingUp || resuming > 0 || (deps.ready() && stream.applied === null)
    if (!stream.waiting || stream.applied === null || gapTimer !== undefined) return
    gapTimer = setTimeout(() => {
      gapTimer = undefined
      if (!stream.waiting) return
      if (deps.loading() || catchingUp || resuming > 0) step()
      else void catchUp()
    }, GAP_GRACE_MS)
  }

  async function resume(at: { epoch: number; lastSeq: number }): Promise<void> {
    const since = stream.applied
    if (since === null) return
    let fallBack = false
    resuming += 1
    deps.syncing.value = true
    try {
      const ack = await sendCommand('events:resume', { since }, RESUME_TIMEOUT_MS)
      // A newer connection has its own resume; a running snapshot resumes when it lands.
      if (at.epoch !== deps.epoch() || deps.loading()) return
      if (!ack.ok) {
        console.warn(`events:resume refused (${ack.code}): ${ack.message}; catching up over HTTP`)
        fallBack = true
      } else if (ack.data.reload) {
        deps.reload()
      } else {
        // Everything up to the hello was replayed before the ack; newer events come live.
        stream.advanceTo(at.lastSeq)
      }
    } catch {
      // No ack (timeout): if this connection is still up, read the gap over HTTP instead.
      fallBack = at.epoch === deps.epoch() && isRealtimeConnected() && !deps.loading()
    } finally {
      resuming -= 1
      step()
    }
    if (fallBack) await catchUp()
  }

  /** Reads the missed events from GET /events; used when the socket could not fill a gap. */
  async function catchUp(): Promise<void> {
    if (catchingUp) return
    catchingUp = true
    deps.syncing.value = true
    try {
      for (let page = 0; page < 100; page += 1) {
        const since = stream.applied
        if (since === null || deps.loading()) return
        const answer = await getJson(`/events?since=${since}&limit=${EVENTS_PAGE}`, EventsPage)
        if (deps.loading() || stream.applied === null) return
        if (answer.reload) {
          deps.reload()
          return
        }
        for (const event of answer.events) stream.push({ seq: event.seq, case: event.case })
        stream.advanceTo(answer.nextSince)
        if (!answer.hasMore) return
      }
    } catch (cause) {
      console.warn('catching up on missed case changes failed; will retry', cause)
    } finally {
      catchingUp = false
      step()
    }
  }

  function clear(): void {
    clearTimeout(gapTimer)
    gapTimer = undefined
  }

  return { step, resume, clear }
}
