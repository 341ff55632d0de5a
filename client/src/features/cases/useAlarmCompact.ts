import { onScopeDispose, readonly, ref, watch, type Ref } from 'vue'

/** How long a new alarm's banner stays full size, over the KPI strip, before it steps into the header. */
export const ALARM_FULL_MS = 15_000

/**
 * Whether the alarm banner should be compact: false for the first `fullMs` of each new alarm, as
 * this screen saw it (its own clock, so a wall PC's clock skew cannot skip the full banner), then
 * true until the next alarm. A hold lasts minutes; a full banner for all of it would hide the
 * KPI strip a leader briefs from.
 */
export function useAlarmCompact(alarmId: Readonly<Ref<string | null>>, fullMs = ALARM_FULL_MS) {
  const compact = ref(false)
  let timer: ReturnType<typeof setTimeout> | undefined

  watch(
    alarmId,
    (id) => {
      clearTimeout(timer)
      compact.value = false
      if (id !== null) timer = setTimeout(() => (compact.value = true), fullMs)
    },
    { immediate: true },
  )
  onScopeDispose(() => clearTimeout(timer))
  return readonly(compact)
}
