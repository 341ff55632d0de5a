import { computed } from 'vue'
import type { Case } from '@shared/schemas/case'
import { transitionCase } from '../../api/caseActions'
import { isApiError } from '../../api/http'
import { useFieldTasksStore } from '../../stores/fieldTasks'
import { fetchMyTasks } from './fieldApi'
import { orderTasks } from './taskOrder'

/**
 * Loading my tasks and 接单. Accepting is direct, not through the outbox: it only means something
 * while the dispatcher can see it, so offline it says so instead of queueing.
 */
let listening = false

export async function loadTasks(): Promise<void> {
  const tasks = useFieldTasksStore()
  if (!listening) {
    listening = true
    // Once per page: the list catches up as soon as the network returns.
    window.addEventListener('online', () => void loadTasks())
  }
  if (!navigator.onLine) return void (tasks.state = 'offline')
  tasks.state = 'loading'
  try {
    tasks.cases = (await fetchMyTasks()).items
    tasks.loadedAt = Date.now()
    tasks.state = 'ready'
  } catch (err) {
    tasks.state = isApiError(err) && err.code === 'NETWORK' ? 'offline' : 'error'
    tasks.error = isApiError(err) ? err.message : String(err)
  }
}

/** 接单; answers the error code on failure (a stale version reloads the list). */
export async function acceptTask(c: Case): Promise<string | null> {
  try {
    useFieldTasksStore().replace(await transitionCase(c.id, { action: 'accept', version: c.version, photos: [] }))
    return null
  } catch (err) {
    if (isApiError(err) && err.code === 'VERSION_CONFLICT') void loadTasks()
    return isApiError(err) ? err.code : 'NETWORK'
  }
}

export function useOrderedTasks() {
  const tasks = useFieldTasksStore()
  return computed(() => orderTasks(tasks.cases, tasks.loadedAt))
}
