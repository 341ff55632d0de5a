import { onBeforeUnmount, onMounted, ref, type Ref } from 'vue'

/** The current time, ticking every `intervalMs` while the component is mounted (countdowns). */
export function useNow(intervalMs: number): Readonly<Ref<number>> {
  const now = ref(Date.now())
  let timer: ReturnType<typeof setInterval> | undefined
  onMounted(() => {
    now.value = Date.now()
    timer = setInterval(() => (now.value = Date.now()), intervalMs)
  })
  onBeforeUnmount(() => clearInterval(timer))
  return now
}
