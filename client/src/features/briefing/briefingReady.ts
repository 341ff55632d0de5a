/**
 * The "ready" mark the PDF renderer waits for: `document.body.dataset.briefingReady = '1'` once the
 * summary is on screen, the heat map has drawn and no part of the briefing says it is still loading
 * (`aria-busy="true"`, e.g. the rankings' own read), two frames later so the charts have painted.
 */
const POLL_MS = 100

export function markWhenSettled(root: () => HTMLElement | null, isDrawn: () => boolean): () => void {
  let stopped = false
  let timer: ReturnType<typeof setTimeout> | undefined
  const check = () => {
    if (stopped) return
    const el = root()
    if (el && isDrawn() && !el.querySelector('[aria-busy="true"]')) {
      requestAnimationFrame(() => requestAnimationFrame(() => {
        if (!stopped) document.body.dataset['briefingReady'] = '1'
      }))
      return
    }
    timer = setTimeout(check, POLL_MS)
  }
  check()
  return () => {
    stopped = true
    clearTimeout(timer)
  }
}

export function clearReady(): void {
  delete document.body.dataset['briefingReady']
}
