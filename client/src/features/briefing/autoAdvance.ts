/**
 * The briefing's own timer: while running, `next` is called every `seconds`; every change of page
 * (by key, click or the timer itself) starts the wait afresh, so a page shown by hand gets its full time.
 */
export interface AutoAdvance {
  /** Start the wait again (a new page), or stop when `running` is false (paused, printing, a played page). */
  restart(running: boolean): void
  stop(): void
}

export function createAutoAdvance(seconds: number, next: () => void): AutoAdvance {
  let timer: ReturnType<typeof setInterval> | undefined
  const stop = () => {
    clearInterval(timer)
    timer = undefined
  }
  return {
    restart(running) {
      stop()
      if (running) timer = setInterval(next, seconds * 1000)
    },
    stop,
  }
}
