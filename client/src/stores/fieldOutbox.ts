import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { OutboxItem } from './fieldOutboxItem'
import { useSessionStore } from './session'

/**
 * The outbox as the screens see it: every item kept on this phone with its receipt. The items live
 * in IndexedDB; features/field/outboxService.ts opens it, runs the sender and keeps this in step.
 */
export const useFieldOutboxStore = defineStore('fieldOutbox', () => {
  const session = useSessionStore()
  const items = ref<OutboxItem[]>([])
  const state = ref<'closed' | 'open' | 'failed'>('closed')
  const mine = computed(() => items.value.filter((i) => i.userId === session.user?.id).slice().reverse())
  const waiting = computed(() => mine.value.filter((i) => i.status !== 'sent').length)
  const othersWaiting = computed(() => items.value.filter((i) => i.userId !== session.user?.id && i.status !== 'sent').length)

  function changed(item: OutboxItem): void {
    const at = items.value.findIndex((i) => i.id === item.id)
    if (at >= 0) items.value.splice(at, 1, item)
    else items.value.push(item)
  }
  const replaceAll = (next: OutboxItem[]) => void (items.value = next)

  return { items, state, mine, waiting, othersWaiting, changed, replaceAll }
})
