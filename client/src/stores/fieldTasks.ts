import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { Case } from '@shared/schemas/case'

/**
 * 我的任务: the cases waiting for the field in my scope, as last loaded (features/field/taskService.ts
 * loads them and accepts). `loadedAt` is the instant the time left is counted from.
 */
export const useFieldTasksStore = defineStore('fieldTasks', () => {
  const cases = shallowRef<Case[]>([])
  const state = ref<'idle' | 'loading' | 'ready' | 'offline' | 'error'>('idle')
  const error = ref<string | null>(null)
  const loadedAt = ref(0)
  const replace = (next: Case) => void (cases.value = cases.value.map((c) => (c.id === next.id ? next : c)))
  const byId = (id: string) => cases.value.find((c) => c.id === id) ?? null
  return { cases, state, error, loadedAt, replace, byId }
})
