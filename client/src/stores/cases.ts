import { defineStore } from 'pinia'
import { computed, onScopeDispose, ref, shallowRef } from 'vue'
import { isOpen, OPEN_STATES } from '@shared/caseMachine'
import type { Case, CaseState } from '@shared/schemas/case'
import { CasePage, EventsPage, type CaseChanged } from '@shared/schemas/caseApi'
import { ApiError, getJson, isApiError } from '../api/http'
import { SeqStream } from '../realtime/seqStream'
import { isRealtimeConnected, onServerEvent, sendCommand } from '../realtime/socket'
import { isAtRisk, isOverdue } from '@shared/rules/caseLateness'

/** The wall shows the open cases of the street; past this many it shows the newest and says so. */
export const SNAPSHOT_CAP = 5000
const PAGE_SIZE = 200
const RECENT_CHANGES = 50
/** A gap the live stream has not filled by itself after this long is fetched over HTTP. */
const GAP_GRACE_MS = 2000
const RESUME_TIMEOUT_MS = 10_000
const RETRY_MS = 15_000
const EVENTS_PAGE = 1000

export type CasesLoadState = 'idle' | 'loading' | 'ready' | 'error'

/** One entry of the change feed, newest first. */
export interface CaseChange {
  seq: number
  /** new: first seen; changed: still open; left: closed, merged or not accepted. */
  kind: 'new' | 'changed' | 'left'
  previousState: CaseState | null
  case: Case
  /** When the change was committed, or the case's last update for replayed events. */
  at: string
}

export type UrgentListener = (urgentCase: Case) => void

interface Entry {
  case: Case
  /** The stream position this copy reflects: an event at or below it is older news. */
  seq: number
}


/** Urgent first, then the most recently changed. */
export function compareFeed(a: Case, b: Case): number {
  if (a.urgent !== b.urgent) return a.urgent ? -1 : 1
  if (a.updatedAt !== b.updatedAt) return a.updatedAt < b.updatedAt ? 1 : -1
  return a.code < b.code ? 1 : a.code > b.code ? -1 : 0
}

export function tallyCases(cases: Iterable<Case>): { open: number; overdue: number; atRisk: number; urgent: number } {
  const tally = { open: 0, overdue: 0, atRisk: 0, urgent: 0 }
  for (const c of cases) {
    tally.open += 1
    if (isOverdue(c)) tally.overdue += 1
    else if (isAtRisk(c)) tally.atRisk += 1
    if (c.urgent) tally.urgent += 1
  }
  return tally
}

/**
 * The live set of open cases: a snapshot from GET /cases, then `case:changed` applied strictly in
 * seq order. On every (re)connect it asks the server to replay what it missed (`events:resume`);
 * a gap the socket does not fill is fetched from GET /events; when too far behind it reloads the
 * snapshot. Thousands of cases change ten times a second, so the cases sit in a plain Map that Vue
 * does not proxy, and `version` tells computeds when to look again.
 */
export const useCasesStore = defineStore('cases', () => {
  let entries = new Map<string, Entry>()
  const version = ref(0)
  const loadState = ref<CasesLoadState>('idle')
  const error = shallowRef<ApiError | null>(null)
  /** Snapshot loading: cases and pages read so far (there is no total to divide by). */
  const progress = ref({ loaded: 0, pages: 0 })
  /** The snapshot stopped at SNAPSHOT_CAP: older open cases are not on the wall. */
  const truncated = ref(false)
  const appliedSeq = ref<number | null>(null)
  const syncing = ref(false)
  const recentChanges = shallowRef<readonly CaseChange[]>([])
  /** `committedAt` of the newest live change, to show how far behind the stream the wall is. */
  const lastCommittedAt = ref<string | null>(null)

  const stream = new SeqStream<CaseChanged>(applyBatch)
  const urgentListeners = new Set<UrgentListener>()
  /** Cases already announced as urgent, so a replay or reload does not sound the alarm twice. */
  const alerted = new Set<string>()

  let hello: { epoch: number; lastSeq: number } | null = null
  let epoch = 0
  let loading: Promise<void> | null = null
  let controller: AbortController | null = null
  let catchingUp = false
  let resuming = 0
  let gapTimer: ReturnType<typeof setTimeout> | undefined
  let retryTimer: ReturnType<typeof setTimeout> | undefined

  const list = computed<readonly Case[]>(() => {
    void version.value
    return Array.from(entries.values(), (e) => e.case)
  })
  const feed = computed<readonly Case[]>(() => [...list.value].sort(compareFeed))
  const tally = computed(() => tallyCases(list.value))

  function getCase(id: string): Case | undefined {
    void version.value
    return entries.get(id)?.case
  }

  function onUrgentCase(listener: UrgentListener): () => void {
    urgentListeners.add(listener)
    return () => void urgentListeners.delete(listener)
  }

  function announce(urgentCase: Case): void {
    alerted.add(urgentCase.id)
    for (const listener of [...urgentListeners]) {
      try {
        listener(urgentCase)
      } catch (cause) {
        // One broken subscriber must not silence the alarm for the others.
        console.error('an urgent-case listener failed', cause)
      }
    }
  }

  function applyBatch(batch: readonly CaseChanged[]): void {
    const changes: CaseChange[] = []
    const urgentNow: Case[] = []
    for (const event of batch) {
      const next = event.case
      const prev = entries.get(next.id)
      if (prev && prev.seq >= event.seq) continue
      const open = isOpen(next.state)
      if (open) entries.set(next.id, { case: next, seq: event.seq })
      else entries.delete(next.id)
      changes.push({
        seq: event.seq,
        kind: !open ? 'left' : prev ? 'changed' : 'new',
        previousState: prev?.case.state ?? null,
        case: next,
        at: event.committedAt ?? next.updatedAt,
      })
      if (!open) alerted.delete(next.id)
      else if (next.urgent && !prev?.case.urgent && !alerted.has(next.id)) urgentNow.push(next)
    }
    if (changes.length === 0) return
    version.value += 1
    recentChanges.value = [...changes.slice(-RECENT_CHANGES).reverse(), ...recentChanges.value].slice(0, RECENT_CHANGES)
    urgentNow.forEach(announce)
  }

  /** No snapshot to apply events to: never loaded, failed, or a reload that has not landed. */
  const needsSnapshot = () => loadState.value !== 'ready' || stream.applied === null

  function afterStreamStep(): void {
    appliedSeq.value = stream.applied
    // A failed reload leaves the old cases on show but frozen: say so rather than look live.
    syncing.value = loading !== null || catchingUp || resuming > 0 || (loadState.value === 'ready' && stream.applied === null)
    if (!stream.waiting || stream.applied === null || gapTimer !== undefined) return
    gapTimer = setTimeout(() => {
      gapTimer = undefined
      if (!stream.waiting) return
      if (loading || catchingUp || resuming > 0) afterStreamStep()
      else void catchUp()
    }, GAP_GRACE_MS)
  }

  async function fetchSnapshot(signal: AbortSignal) {
    const next = new Map<string, Entry>()
    let base: number | null = null
    let cursor: string | null = null
    let pages = 0
    progress.value = { loaded: 0, pages: 0 }
    do {
      const query = new URLSearchParams({ state: OPEN_STATES.join(','), limit: String(PAGE_SIZE) })
      if (cursor) query.set('cursor', cursor)
      const page = await getJson(`/cases?${query}`, CasePage, { signal })
      // Later pages are read later; resuming from the first page's seq replays whatever changed meanwhile.
      base ??= page.seq
      for (const item of page.items) if (isOpen(item.state)) next.set(item.id, { case: item, seq: page.seq })
      pages += 1
      progress.value = { loaded: next.size, pages }
      cursor = page.nextCursor
    } while (cursor !== null && next.size < SNAPSHOT_CAP)
    return { entries: next, base: base ?? 0, truncated: cursor !== null }
  }

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
        const snapshot = await fetchSnapshot(ctrl.signal)
        if (ctrl.signal.aborted) return
        const previous = entries
        entries = snapshot.entries
        truncated.value = snapshot.truncated
        for (const id of [...alerted]) if (!entries.has(id)) alerted.delete(id)
        const missed = initial ? [] : [...entries.values()].filter((e) => e.case.urgent && !previous.has(e.case.id) && !alerted.has(e.case.id))
        version.value += 1
        error.value = null
        loadState.value = 'ready'
        loading = null
        stream.reset(snapshot.base)
        missed.forEach((e) => announce(e.case))
        if (hello && isRealtimeConnected()) void resume(hello)
      } catch (cause) {
        if (ctrl.signal.aborted) return
        error.value = toApiError(cause)
        if (initial) loadState.value = 'error'
        const hopeless = error.value.code === 'UNAUTHENTICATED' || error.value.code === 'FORBIDDEN'
        // Signing in calls hydrate() again; anything else is retried, an unattended wall heals itself.
        if (!hopeless) retryTimer = setTimeout(() => void loadSnapshot(), RETRY_MS)
      } finally {
        if (controller === ctrl) loading = null
        afterStreamStep()
      }
    })()
    return loading
  }

  async function resume(at: { epoch: number; lastSeq: number }): Promise<void> {
    const since = stream.applied
    if (since === null) return
    let fallBack = false
    resuming += 1
    syncing.value = true
    try {
      const ack = await sendCommand('events:resume', { since }, RESUME_TIMEOUT_MS)
      // A newer connection has its own resume; a running snapshot resumes when it lands.
      if (at.epoch !== epoch || loading) return
      if (!ack.ok) {
        console.warn(`events:resume refused (${ack.code}): ${ack.message}; catching up over HTTP`)
        fallBack = true
      } else if (ack.data.reload) {
        void loadSnapshot()
      } else {
        // Everything up to the hello was replayed before the ack; newer events come live.
        stream.advanceTo(at.lastSeq)
      }
    } catch {
      // No ack (timeout): if this connection is still up, read the gap over HTTP instead.
      fallBack = at.epoch === epoch && isRealtimeConnected() && !loading
    } finally {
      resuming -= 1
      afterStreamStep()
    }
    if (fallBack) await catchUp()
  }

  /** Reads the missed events from GET /events; used when the socket could not fill a gap. */
  async function catchUp(): Promise<void> {
    if (catchingUp) return
    catchingUp = true
    syncing.value = true
    try {
      for (let page = 0; page < 100; page += 1) {
        const since = stream.applied
        if (since === null || loading) return
        const answer = await getJson(`/events?since=${since}&limit=${EVENTS_PAGE}`, EventsPage)
        if (loading || stream.applied === null) return
        if (answer.reload) {
          void loadSnapshot()
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
      afterStreamStep()
    }
  }

  function onCaseChanged(event: CaseChanged): void {
    if (event.committedAt) lastCommittedAt.value = event.committedAt
    if (stream.push(event) === 'overflow') void loadSnapshot()
    afterStreamStep()
  }

  function onHello(payload: { lastSeq: number }): void {
    epoch += 1
    hello = { epoch, lastSeq: payload.lastSeq }
    // Before hydrate() nothing is wanted yet; during a load, the load resumes when it lands.
    if (loadState.value === 'idle' || loading) return
    if (needsSnapshot()) void loadSnapshot()
    else void resume(hello)
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
    clearTimeout(gapTimer)
    clearTimeout(retryTimer)
    gapTimer = undefined
    entries = new Map()
    stream.clear()
    alerted.clear()
    version.value += 1
    loadState.value = 'idle'
    error.value = null
    truncated.value = false
    appliedSeq.value = null
    syncing.value = false
    recentChanges.value = []
    progress.value = { loaded: 0, pages: 0 }
  }

  return {
    loadState,
    error,
    progress,
    truncated,
    appliedSeq,
    syncing,
    recentChanges,
    lastCommittedAt,
    version,
    list,
    feed,
    openCount: computed(() => tally.value.open),
    overdueCount: computed(() => tally.value.overdue),
    atRiskCount: computed(() => tally.value.atRisk),
    urgentCount: computed(() => tally.value.urgent),
    getCase,
    onUrgentCase,
    hydrate,
    dehydrate,
  }
})

function toApiError(cause: unknown): ApiError {
  if (isApiError(cause)) return cause
  const message = cause instanceof Error ? cause.message : String(cause)
  return new ApiError('BAD_RESPONSE', `loading open cases failed: ${message}`, 0, '/cases')
}
