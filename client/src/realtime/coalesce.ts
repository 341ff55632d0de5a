/**
 * Paces work driven by live events: the first request runs at once, requests during the next
 * `intervalMs` fold into one trailing run, and runs never overlap (an async run that is still
 * going delays the next). Used for chart redraws (1 s) and KPI refetches (10 s).
 */
export interface Coalescer {
  request(): void
  /** Runs as soon as the current run (if any) ends, ignoring the interval; e.g. the day rolled over. */
  flush(): void
  cancel(): void
  readonly pending: boolean
}

export interface CoalesceClock {
  now(): number
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

const realClock: CoalesceClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
}

export function createCoalescer(
  run: () => void | Promise<void>,
  intervalMs: number,
  options: { clock?: CoalesceClock; onError?: (error: unknown) => void } = {},
): Coalescer {
  const clock = options.clock ?? realClock
  const onError = options.onError ?? ((error: unknown) => console.error(error))
  let dirty = false
  let running = false
  let timer: unknown = null
  let lastStart = Number.NEGATIVE_INFINITY

  function pump(): void {
    if (!dirty || running || timer !== null) return
    const wait = lastStart + intervalMs - clock.now()
    if (wait > 0) {
      timer = clock.setTimeout(() => {
        timer = null
        pump()
      }, wait)
      return
    }
    dirty = false
    lastStart = clock.now()
    let result: void | Promise<void>
    try {
      result = run()
    } catch (error) {
      onError(error)
      return
    }
    if (result instanceof Promise) {
      running = true
      result.catch(onError).finally(() => {
        running = false
        pump()
      })
    }
  }

  return {
    request() {
      dirty = true
      pump()
    },
    flush() {
      dirty = true
      lastStart = Number.NEGATIVE_INFINITY
      if (timer !== null) clock.clearTimeout(timer)
      timer = null
      pump()
    },
    cancel() {
      dirty = false
      if (timer !== null) clock.clearTimeout(timer)
      timer = null
    },
    get pending() {
      return dirty
    },
  }
}
