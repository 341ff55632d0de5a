import { defineStore } from 'pinia'
import { computed, onScopeDispose, ref, shallowRef } from 'vue'
import type { CaseChanged } from '@shared/schemas/caseApi'
import { ApiError, isApiError } from '../api/http'
import { SeqStream } from '../realtime/seqStream'
import { isRealtimeConnected, onServerEvent } from '../realtime/socket'
import { createCaseSet } from './caseSet'
import { fetchOpenCases } from './caseSnapshot'
import { createCaseStreamSync } from './caseStreamSync'

export { compareFeed, tallyCases, type CaseChange, type UrgentListener } from './caseSet'
export { SNAPSHOT_CAP } from './caseSnapshot'

const RETRY_MS = 15_000

export type CasesLoadState = 'idle' | 'loading' | 'ready' | 'error'

/**
 * The live set of open cases: a snapshot from GET /cases (caseSnapshot.ts), then `case:changed`
 * applied strictly in seq order to the set (caseSet.ts), the stream kept whole across reconnects
 * and gaps by caseStreamSync.ts; when too far behind it reloads the snapshot.
 */
export const useCasesStore = defineStore('cases', () => {
  const set = createCaseSet()
  const loadState = ref<CasesLoadState>('idle')
  const error = shallowRef<ApiError | null>(null)
  /** Snapshot loading: cases and pages read so far (there is no total to divide by). */
  const progress = ref({ loaded: 0, pages: 0 })
  /** The snapshot stopped at SNAPSHOT_CAP: older open cases are not on the wall. */
  const truncated = ref(false)
  const appliedSeq = ref<number | null>(null)
  const syncing = ref(false)
  /** `committedAt` of the newest live change, to show how far behind the stream the wall is. */
  const lastCommittedAt = ref<string | null>(null)

  const stream = new SeqStream<CaseChanged>(set.applyBatch)
  let hello: { epoch: number; lastSeq: number } | null = null
  let epoch = 0
  let loading: Promise<void> | null = null
  let controller: AbortController | null = null
  let retryTimer: ReturnType<typeof setTimeout> | undefined
  const sync = createCaseStreamSync({
    stream,
    loading: () => loading !== null,
    ready: () => loadState.value === 'ready',
    reload: () => void loadSnapshot(),
    epoch: () => epoch,
    appliedSeq,
    syncing,
  })

  /** No snapshot to apply events to: never loaded, failed, or a reload that has not landed. */
  const needsSnapshot = () => loadState.value !== 'ready' || stream.applied === null

  /** Loads a snapshot and swaps it in; the old cases stay on show (frozen) while a reload runs. */
  function loadSnapshot(): Promise<void> {
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
        if (hello && isRealtimeConnected()) void sync.resume(hello)
      } catch (cause) {
        if (ctrl.signal.aborted) return
        error.value = toApiError(cause)
        if (initial) loadState.value = 'error'
        const hopeless = error.value.code === 'UNAUTHENTICATED' || error.value.code === 'FORBIDDEN'
        // Signing in calls hydrate() again; anything else is retried, an unattended wall heals itself.
        if (!hopeless) retryTimer = setTimeout(() => void loadSnapshot(), RETRY_MS)
      } finally {
        if (controller === ctrl) loading = null
        sync.step()
      }
    })()
    return loading
  }

  function onCaseChanged(event: CaseChanged): void {
    if (event.committedAt) lastCommittedAt.value = event.committedAt
    if (stream.push(event) === 'overflow') void loadSnapshot()
    sync.step()
  }

  function onHello(payload: { lastSeq: number }): void {
    epoch += 1
    hello = { epoch, lastSeq: payload.lastSeq }
    // Before hydrate() nothing is wanted yet; during a load, the load resumes when it lands.
    if (loadState.value === 'idle' || loading) return
    if (needsSnapshot()) void loadSnapshot()
    else void sync.resume(hello)
  }

  const unsubscribe = [onServerEvent('server:hello', onHello), onServerEvent('case:changed', onCaseChanged)]
  onScopeDispose(() => {
    unsubscribe.forEach((off) => off())
    dehydrate()
  })

  /** Loads the snapshot once; after a failure, calling it again retries. Never rejects. */
  function hydrate(): Promise<void> {
    return needsSnapshot() ? loadSnapshot() : Promise.resolve()
  }

  function dehydrate(): void {
    controller?.abort()
    controller = null
    loading = null
    sync.clear()
    clearTimeout(retryTimer)
    set.clear()
    stream.clear()
    loadState.value = 'idle'
    error.value = null
    truncated.value = false
    appliedSeq.value = null
    syncing.value = false
    progress.value = { loaded: 0, pages: 0 }
  }

  return {
    loadState,
    error,
    progress,
    truncated,
    appliedSeq,
    syncing,
    recentChanges: set.recentChanges,
    lastCommittedAt,
    version: set.version,
    list: set.list,
    feed: set.feed,
    openCount: computed(() => set.tally.value.open),
    overdueCount: computed(() => set.tally.value.overdue),
    atRiskCount: computed(() => set.tally.value.atRisk),
    urgentCount: computed(() => set.tally.value.urgent),
    getCase: set.getCase,
    onUrgentCase: set.onUrgentCase,
    hydrate,
    dehydrate,
  }
})

function toApiError(cause: unknown): ApiError {
  if (isApiError(cause)) return cause
  const message = cause instanceof Error ? cause.message : String(cause)
  return new ApiError('BAD_RESPONSE', `loading open cases failed: ${message}`, 0, '/cases')
}
