import { defineStore } from 'pinia'
import { computed, onScopeDispose, shallowRef, watch } from 'vue'
import { KpiBounces } from '@shared/schemas/kpi'
import { getJson } from '../api/http'
import { useCasesStore } from './cases'
import { useSessionStore } from './session'

/** A return or a rework makes a case bounced; the verdicts are re-read this long at most after a change. */
export const BOUNCES_REFRESH_MS = 5000

/**
 * 推诿 as the wall and the desk see it: which open cases are bounced, with their named path (the
 * feed's badge, the desk's A → B → A), and each handler's count over the last 30 days (the KPI). The
 * cases the stream brings carry no history, so this is read from GET /kpi/bounces: at hydrate, and
 * again at most BOUNCES_REFRESH_MS after cases change.
 */
export const useBouncesStore = defineStore('bounces', () => {
  const cases = useCasesStore()
  const session = useSessionStore()
  const read = shallowRef<KpiBounces | null>(null)
  const open = computed(() => new Map((read.value?.open ?? []).map((o) => [o.id, o.path])))
  const byHandler = computed(() => read.value?.byHandler ?? [])
  const pathOf = (id: string) => open.value.get(id) ?? null

  async function load(): Promise<void> {
    if (!session.can('kpi:read').value) return
    try {
      read.value = await getJson('/kpi/bounces', KpiBounces)
    } catch {
      // A badge is a hint: the next change retries, and the feed itself reports a broken connection.
    }
  }

  let refresh: ReturnType<typeof setTimeout> | undefined
  const stop = watch(
    () => cases.version,
    () => {
      if (refresh === undefined) refresh = setTimeout(() => ((refresh = undefined), void load()), BOUNCES_REFRESH_MS)
    },
  )
  onScopeDispose(() => {
    stop()
    clearTimeout(refresh)
  })

  async function hydrate(): Promise<void> {
    if (!read.value) await load()
  }
  function dehydrate(): void {
    clearTimeout(refresh)
    refresh = undefined
    read.value = null
  }

  return { read, byHandler, pathOf, hydrate, dehydrate }
})
