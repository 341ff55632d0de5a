import { ref, shallowRef } from 'vue'
import { OPEN_STATES, isOpen } from '@shared/caseMachine'
import { CasePage, type CaseChanged } from '@shared/schemas/caseApi'
import { ApiError, getJson, isApiError } from '../api/http'
import type { SeqStream } from '../realtime/seqStream'
import type { CaseEntry, CaseSet } from './caseSet'

/** The wall shows the open cases of the street; past this many it shows the newest and says so. */
export const SNAPSHOT_CAP = 5000
const PAGE_SIZE = 200
const RETRY_MS = 15_000

export type CasesLoadState = 'idle' | 'loading' | 'ready' | 'error'

export interface CaseSnapshot {
  entries: Map<string, CaseEntry>
  /** The stream position to resume from: the first page's. */
  base: number
  /** Stopped at SNAPSHOT_CAP: older open cases are not on the wall. */
  truncated: boolean
}

/** Every open case, page by page over GET /cases; `onProgress` hears cases and pages read so far. */
export async function fetchOpenCases(signal: AbortSignal, onProgress: (p: { loaded: number; pages: number }) => void): Promise<CaseSnapshot> {
  const entries = new Map<string, CaseEntry>()
  let base: number | null = null
  let cursor: string | null = null
  let pages = 0
  onProgress({ loaded: 0, pages: 0 })
  do {
    const query = new URLSearchParams({ state: OPEN_STATES.join(','), limit: String(PAGE_SIZE) })
    if (cursor) query.set('cursor', cursor)
    const page = await getJson(`/cases?${query}`, CasePage, { signal })
    // Later pages are read later; resuming from the first page's seq replays whatever changed meanwhile.
    base ??= page.seq
    for (const item of page.items) if (isOpen(item.state)) entries.set(item.id, { case: item, seq: page.seq })
    pages += 1
    onProgress({ loaded: entries.size, pages })
    cursor = page.nextCursor
  } while (cursor !== null && entries.size < SNAPSHOT_CAP)
  return { entries, base: base ?? 0, truncated: cursor !== null }
}

export interface SnapshotLoaderDeps {
  set: Pick<CaseSet, 'replace' | 'announce'>
  stream: Pick<SeqStream<CaseChanged>, 'hold' | 'reset'>
  /** The snapshot is in and the stream reset to it: resume the live stream from there. */
  landed: () => void
  /** After every attempt, landed, failed or abandoned. */
  settled: () => void
}

/**
 * Loading the snapshot and swapping it into the case set: one load at a time, the old cases on show
 * (frozen) while a reload runs, a failure retried so an unattended wall heals itself.
 */
export function createSnapshotLoader(deps: SnapshotLoaderDeps) {
  const { set, stream } = deps
  const loadState = ref<CasesLoadState>('idle')
  const error = shallowRef<ApiError | null>(null)
  /** Cases and pages read so far (there is no total to divide by). */
  const progress = ref({ loaded: 0, pages: 0 })
  /** The snapshot stopped at SNAPSHOT_CAP: older open cases are not on the wall. */
  const truncated = ref(false)
  let loading: Promise<void> | null = null
  let controller: AbortController | null = null
  let retryTimer: ReturnType<typeof setTimeout> | undefined

  function load(): Promise<void> {
    if (loading) return loading
    clearTimeout(retryTimer)
    const initial = loadState.value !== 'ready'
    const ctrl = (controller = new AbortController())
    if (initial) loadState.value = 'loading'
    // Events arriving meanwhile wait: applied to the old Map they would be lost in the swap.
    stream.hold()
    loading = (async () => {
      try {
        const snapshot = await fetchOpenCases(ctrl.signal, (p) => (progress.value = p))
        if (ctrl.signal.aborted) return
        const missed = set.replace(snapshot.entries, initial)
        truncated.value = snapshot.truncated
        error.value = null
        loadState.value = 'ready'
        loading = null
        stream.reset(snapshot.base)
        missed.forEach(set.announce)
        deps.landed()
      } catch (cause) {
        if (ctrl.signal.aborted) return
        error.value = toApiError(cause)
        if (initial) loadState.value = 'error'
        const hopeless = error.value.code === 'UNAUTHENTICATED' || error.value.code === 'FORBIDDEN'
        // Signing in calls hydrate() again; anything else is retried.
        if (!hopeless) retryTimer = setTimeout(() => void load(), RETRY_MS)
      } finally {
        if (controller === ctrl) loading = null
        deps.settled()
      }
    })()
    return loading
  }

  /** Abandons a running load and a pending retry, and forgets what was loaded. */
  function clear(): void {
    controller?.abort()
    controller = null
    loading = null
    clearTimeout(retryTimer)
    loadState.value = 'idle'
    error.value = null
    truncated.value = false
    progress.value = { loaded: 0, pages: 0 }
  }

  return { loadState, error, progress, truncated, load, loading: () => loading !== null, clear }
}

function toApiError(cause: unknown): ApiError {
  if (isApiError(cause)) return cause
  const message = cause instanceof Error ? cause.message : String(cause)
  return new ApiError('BAD_RESPONSE', `loading open cases failed: ${message}`, 0, '/cases')
}
