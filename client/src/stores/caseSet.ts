import { computed, ref, shallowRef } from 'vue'
import { isOpen } from '@shared/caseMachine'
import { isAtRisk, isOverdue } from '@shared/rules/caseLateness'
import type { Case, CaseState } from '@shared/schemas/case'
import type { CaseChanged } from '@shared/schemas/caseApi'

const RECENT_CHANGES = 50

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

export interface CaseEntry {
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
 * The open cases the wall holds, and who hears of a new urgent one. Thousands of cases change ten
 * times a second, so they sit in a plain Map that Vue does not proxy, and `version` tells computeds
 * when to look again. Made inside the cases store's setup, so its computeds live in the store's scope.
 */
export function createCaseSet() {
  let entries = new Map<string, CaseEntry>()
  const version = ref(0)
  const recentChanges = shallowRef<readonly CaseChange[]>([])
  const urgentListeners = new Set<UrgentListener>()
  /** Cases already announced as urgent, so a replay or reload does not sound the alarm twice. */
  const alerted = new Set<string>()

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

  /** Applies a run of changes in seq order; an event at or below a case's copy is older news. */
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
      changes.push({ seq: event.seq, kind: !open ? 'left' : prev ? 'changed' : 'new', previousState: prev?.case.state ?? null, case: next, at: event.committedAt ?? next.updatedAt })
      if (!open) alerted.delete(next.id)
      else if (next.urgent && !prev?.case.urgent && !alerted.has(next.id)) urgentNow.push(next)
    }
    if (changes.length === 0) return
    version.value += 1
    recentChanges.value = [...changes.slice(-RECENT_CHANGES).reverse(), ...recentChanges.value].slice(0, RECENT_CHANGES)
    urgentNow.forEach(announce)
  }

  /**
   * Swaps in a fresh snapshot. Returns the urgent cases that appeared while the wall was not
   * listening (none on the first load), for the caller to announce once the stream is reset.
   */
  function replace(next: Map<string, CaseEntry>, initial: boolean): Case[] {
    const previous = entries
    entries = next
    for (const id of [...alerted]) if (!entries.has(id)) alerted.delete(id)
    version.value += 1
    return initial ? [] : [...entries.values()].filter((e) => e.case.urgent && !previous.has(e.case.id) && !alerted.has(e.case.id)).map((e) => e.case)
  }

  function clear(): void {
    entries = new Map()
    alerted.clear()
    version.value += 1
    recentChanges.value = []
  }

  return { version, recentChanges, list, feed, tally, getCase, onUrgentCase, announce, applyBatch, replace, clear }
}

export type CaseSet = ReturnType<typeof createCaseSet>
