/**
 * Group commit: pieces of work that arrive together run in one transaction, so one fsync makes a
 * whole batch durable instead of one fsync per piece. Each caller is answered only after the batch
 * has committed, so nothing is acknowledged that a crash could lose. A piece that fails is rolled
 * back alone (the work runs inside the outer transaction as a savepoint) and fails its own caller.
 *
 * The batch is what arrived before the event loop came back round (setImmediate): under load that
 * is every request parsed in the same turn; a lone request waits for no timer.
 */
export interface GroupCommit<R> {
  submit(work: () => R): Promise<R>
}

export interface GroupCommitDeps<R> {
  /** Runs `fn` in one transaction and commits it (e.g. better-sqlite3's db.transaction(fn)()). */
  transaction: (fn: () => void) => void
  /**
   * Called once per batch after its commit, with the successful pieces in submission order, before
   * any caller hears: the live stream sends a batch's changes as one frame (caseSocketHandlers.ts).
   */
  committed: (results: R[], committedAt: Date) => void
  /** Upper bound on one batch, so a flood cannot make one transaction arbitrarily long. */
  maxBatch?: number
}

type Outcome<R> = { ok: true; value: R } | { ok: false; error: unknown }

export function createGroupCommit<R>(deps: GroupCommitDeps<R>): GroupCommit<R> {
  const maxBatch = deps.maxBatch ?? 512
  let queue: { work: () => R; resolve: (r: R) => void; reject: (e: unknown) => void }[] = []
  let scheduled = false

  function flush(): void {
    scheduled = false
    const batch = queue.slice(0, maxBatch)
    queue = queue.slice(batch.length)
    if (queue.length) schedule()
    const outcomes: Outcome<R>[] = []
    try {
      deps.transaction(() => {
        for (const item of batch) {
          try {
            outcomes.push({ ok: true, value: item.work() })
          } catch (error) {
            outcomes.push({ ok: false, error })
          }
        }
      })
    } catch (error) {
      // The commit itself failed: nothing of the batch is durable, so every caller hears so.
      for (const item of batch) item.reject(error)
      return
    }
    const committedAt = new Date()
    const results = outcomes.flatMap((o) => (o.ok ? [o.value] : []))
    try {
      if (results.length) deps.committed(results, committedAt)
    } finally {
      batch.forEach((item, i) => {
        const outcome = outcomes[i]!
        if (outcome.ok) item.resolve(outcome.value)
        else item.reject(outcome.error)
      })
    }
  }

  function schedule(): void {
    if (scheduled) return
    scheduled = true
    setImmediate(flush)
  }

  return {
    submit(work) {
      return new Promise<R>((resolve, reject) => {
        queue.push({ work, resolve, reject })
        schedule()
      })
    },
  }
}
