import { computed, ref } from 'vue'

/**
 * Whether someone is working the feed: the pointer is over it, or keyboard focus is inside it (a
 * row reached with Tab, the search box being typed in). Focus a mouse click leaves on a row or a
 * button does not hold it: the operator has moved on once the pointer has. The feed holds its
 * order meanwhile (feedOrder.ts).
 */
export function useFeedHold() {
  const pointer = ref(false)
  const focus = ref(false)
  const held = computed(() => pointer.value || focus.value)
  const keyboardFocus = (target: EventTarget | null) => target instanceof Element && target.matches(':focus-visible')
  const listeners = {
    pointerenter: () => void (pointer.value = true),
    pointerleave: () => void (pointer.value = false),
    focusin: (event: FocusEvent) => void (focus.value = keyboardFocus(event.target)),
    focusout: (event: FocusEvent) => {
      const to = event.relatedTarget
      const from = event.currentTarget
      // Moving within the feed: the focusin that follows decides.
      if (!(to instanceof Node && from instanceof Node && from.contains(to))) focus.value = false
    },
  }
  return { held, listeners }
}
