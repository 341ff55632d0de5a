import { computed, ref } from 'vue'

/**
 * Whether someone is working the feed: the pointer is over it or keyboard focus is inside it. The
 * feed holds its order meanwhile (feedOrder.ts). Focus that moves between the feed's own controls
 * (a row, the search box, a 派遣 button) keeps the hold; focus leaving the feed ends it.
 */
export function useFeedHold() {
  const pointer = ref(false)
  const focus = ref(false)
  const held = computed(() => pointer.value || focus.value)
  const listeners = {
    pointerenter: () => void (pointer.value = true),
    pointerleave: () => void (pointer.value = false),
    focusin: () => void (focus.value = true),
    focusout: (event: FocusEvent) => {
      const to = event.relatedTarget
      const from = event.currentTarget
      focus.value = to instanceof Node && from instanceof Node && from.contains(to)
    },
  }
  return { held, listeners }
}
