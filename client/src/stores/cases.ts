import { defineStore } from 'pinia'
import { computed, onScopeDispose, ref } from 'vue'
import type { CaseBatch, CaseChanged } from '@shared/schemas/caseApi'
import { SeqStream } from '../realtime/seqStream'
import { isRealtimeConnected, onServerEvent } from '../realtime/socket'
import { createCaseSet } from './caseSet'
import { createSnapshotLoader } from './caseSnapshot'
import { createCaseStreamSync } from './caseStreamSync'

export { compareFeed, tallyCases, type CaseChange, type UrgentListener } from './caseSet'
export { SNAPSHOT_CAP, type CasesLoadState } from './caseSnapshot'

/**
 * The live set of open cases: a snapshot from GET /cases (caseSnapshot.ts), then the changes of
 * `case:batch` (and of `case:changed`, from a server that sends them one by one) applied strictly in seq order to the set (caseSet.ts), the stream kept whole across reconnects
 * and gaps by caseStreamSync.ts; when too far behind it reloads the snapshot. This store wires
 * them to the socket and holds what the wall reads.
 */
export const useCasesStore = defineStore('cases', () => {
  const set = createCaseSet()
  const appliedSeq = ref<number | null>(null)
  const syncing = ref(false)
  /** `committedAt` of the newest live change, to show how far behind the stream the wall is. */
  const lastCommittedAt = ref<string | null>(null)

  const stream = new SeqStream<CaseChanged>(set.applyBatch)
  let hello: { epoch: number; lastSeq: number } | null = null
  let epoch = 0
  const snapshot = createSnapshotLoader({
    set,
    stream,
    landed: () => {
      if (hello && isRealtimeConnected()) void sync.resume(hello)
    },
    settled: () => sync.step(),
  })
  const sync = createCaseStreamSync({
    stream,
    loading: snapshot.loading,
    ready: () => snapshot.loadState.value === 'ready',
    reload: () => void snapshot.load(),
    epoch: () => epoch,
    appliedSeq,
    syncing,
  })

  /** No snapshot to apply events to: never loaded, failed, or a reload that has not landed. */
  const needsSnapshot = () => snapshot.loadState.value !== 'ready' || stream.applied === null

  function onCaseChanged(event: CaseChanged): void {
    take(event)
    sync.step()
  }

  /** A commit group's changes, one by one through the same ordered path as a single change. */
  function onCaseBatch(batch: CaseBatch): void {
    for (const change of batch.changes) take(change)
    sync.step()
  }

  function take(event: CaseChanged): void {
    if (event.committedAt) lastCommittedAt.value = event.committedAt
    if (stream.push(event) === 'overflow') void snapshot.load()
  }

  function onHello(payload: { lastSeq: number }): void {
    epoch += 1
    hello = { epoch, lastSeq: payload.lastSeq }
    // Before hydrate() nothing is wanted yet; during a load, the load resumes when it lands.
    if (snapshot.loadState.value === 'idle' || snapshot.loading()) return
    if (needsSnapshot()) void snapshot.load()
    else void sync.resume(hello)
  }

  const unsubscribe = [onServerEvent('server:hello', onHello), onServerEvent('case:changed', onCaseChanged), onServerEvent('case:batch', onCaseBatch)]
  onScopeDispose(() => {
    unsubscribe.forEach((off) => off())
    dehydrate()
  })

  /** Loads the snapshot once; after a failure, calling it again retries. Never rejects. */
  function hydrate(): Promise<void> {
    return needsSnapshot() ? snapshot.load() : Promise.resolve()
  }

  function dehydrate(): void {
    snapshot.clear()
    sync.clear()
    set.clear()
    stream.clear()
    appliedSeq.value = null
    syncing.value = false
  }

  return {
    loadState: snapshot.loadState,
    error: snapshot.error,
    progress: snapshot.progress,
    truncated: snapshot.truncated,
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
