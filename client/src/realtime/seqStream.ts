/**
 * Applies numbered events strictly in order. Events at or below `applied` are duplicates and
 * dropped; events past a gap wait in a buffer until the gap fills. Until a base is set (the seq
 * of a snapshot), everything waits. Contiguous events are handed to `apply` in one batch, so a
 * burst costs one store update.
 */
export interface Sequenced {
  seq: number
}

export type PushResult = 'applied' | 'duplicate' | 'buffered' | 'overflow'

export class SeqStream<E extends Sequenced> {
  #applied: number | null = null
  readonly #buffer = new Map<number, E>()

  constructor(
    private readonly apply: (batch: readonly E[]) => void,
    /** Past this many waiting events the caller should reload rather than wait. */
    private readonly maxBuffered = 20_000,
  ) {}

  /** The last seq applied; null before a base is set. */
  get applied(): number | null {
    return this.#applied
  }

  get buffered(): number {
    return this.#buffer.size
  }

  /** Events are waiting behind a gap (or behind a missing base). */
  get waiting(): boolean {
    return this.#buffer.size > 0
  }

  push(event: E): PushResult {
    if (this.#applied !== null && event.seq <= this.#applied) return 'duplicate'
    if (this.#buffer.size >= this.maxBuffered && !this.#buffer.has(event.seq)) return 'overflow'
    this.#buffer.set(event.seq, event)
    if (this.#applied === null || event.seq !== this.#applied + 1) return 'buffered'
    this.#drain([])
    return 'applied'
  }

  /** Starts from a snapshot taken at `base`: waiting events at or below it are already in it. */
  reset(base: number): void {
    this.#applied = base
    for (const seq of this.#buffer.keys()) if (seq <= base) this.#buffer.delete(seq)
    this.#drain([])
  }

  /**
   * Declares that every event up to `seq` has been received (e.g. a resume was acknowledged, or a
   * page of /events said so): waiting events up to it are applied in order and the rest of the
   * gap is skipped. A filtered stream (a scoped user) has gaps that never fill; this closes them.
   */
  advanceTo(seq: number): void {
    if (this.#applied === null || seq <= this.#applied) return
    const below = [...this.#buffer.keys()].filter((s) => s <= seq).sort((a, b) => a - b)
    const batch: E[] = []
    for (const s of below) {
      batch.push(this.#buffer.get(s) as E)
      this.#buffer.delete(s)
    }
    this.#applied = seq
    this.#drain(batch)
  }

  /**
   * Forgets the base but keeps waiting events: used while a new snapshot loads, so nothing is
   * applied to the state that snapshot is about to replace.
   */
  hold(): void {
    this.#applied = null
  }

  clear(): void {
    this.#applied = null
    this.#buffer.clear()
  }

  #drain(batch: E[]): void {
    if (this.#applied !== null) {
      let next = this.#buffer.get(this.#applied + 1)
      while (next) {
        batch.push(next)
        this.#buffer.delete(next.seq)
        this.#applied = next.seq
        next = this.#buffer.get(this.#applied + 1)
      }
    }
    if (batch.length > 0) this.apply(batch)
  }
}
