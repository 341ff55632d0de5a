import { defineStore } from 'pinia'
import { computed, onScopeDispose, ref, shallowRef, watch } from 'vue'
import { POSITION_OFF_DUTY_MS, WorkerPositionList, positionAgeMs, type WorkerPosition } from '@shared/schemas/position'
import { getJson } from '../api/http'
import { onServerEvent } from '../realtime/socket'
import { useSessionStore } from './session'

export type PositionsLoadState = 'idle' | 'loading' | 'ready' | 'error'

/** Newest of two fixes of one worker: a late one from the outbox never moves them back. */
const newer = (held: WorkerPosition | undefined, next: WorkerPosition) => !held || Date.parse(next.at) >= Date.parse(held.at)

/**
 * Where the field workers on duty are (issue 16), for the roles that may see it (`positions:read`):
 * read from GET /positions at hydrate and after every reconnect (fixes pushed while the link was
 * down are lost), then each `worker:position` push. `onDuty: false` removes the worker. Held per
 * worker in a shallowRef map, replaced on each change, so the map layer diffs by object.
 */
export const usePositionsStore = defineStore('positions', () => {
  const session = useSessionStore()
  const allowed = session.can('positions:read')
  const byWorker = shallowRef<ReadonlyMap<string, WorkerPosition>>(new Map())
  const loadState = ref<PositionsLoadState>('idle')
  /** Bumped on every change, for watchers that redraw. */
  const version = ref(0)

  function replace(next: ReadonlyMap<string, WorkerPosition>): void {
    byWorker.value = next
    version.value += 1
  }

  function apply(position: WorkerPosition): void {
    if (loadState.value === 'idle') return
    const held = byWorker.value.get(position.workerId)
    if (!newer(held, position)) return
    const next = new Map(byWorker.value)
    if (position.onDuty) next.set(position.workerId, position)
    else next.delete(position.workerId)
    replace(next)
  }

  async function load(): Promise<void> {
    if (!allowed.value) return
    loadState.value = 'loading'
    try {
      const { items } = await getJson('/positions', WorkerPositionList)
      replace(new Map(items.map((p) => [p.workerId, p])))
      loadState.value = 'ready'
    } catch {
      // The markers are a picture of the street, not a record: the next reconnect reads again.
      loadState.value = byWorker.value.size > 0 ? 'ready' : 'error'
    }
  }

  const unsubscribe = [
    onServerEvent('worker:position', apply),
    onServerEvent('server:hello', () => {
      if (loadState.value !== 'idle') void load()
    }),
  ]
  // Signed in as someone else: what the last person could see goes.
  const stopRoleWatch = watch(allowed, (may) => {
    if (!may) dehydrate()
  })
  onScopeDispose(() => {
    unsubscribe.forEach((off) => off())
    stopRoleWatch()
  })

  /** The workers on duty at `now`: a fix older than POSITION_OFF_DUTY_MS is no longer shown. */
  function onDutyAt(now: number): WorkerPosition[] {
    const at = new Date(now)
    return [...byWorker.value.values()].filter((p) => positionAgeMs(p, at) < POSITION_OFF_DUTY_MS)
  }

  async function hydrate(): Promise<void> {
    if (loadState.value === 'ready' || loadState.value === 'loading') return
    await load()
  }
  function dehydrate(): void {
    replace(new Map())
    loadState.value = 'idle'
  }

  return { byWorker, loadState, version, allowed, list: computed(() => [...byWorker.value.values()]), get: (id: string) => byWorker.value.get(id), onDutyAt, hydrate, dehydrate }
})
