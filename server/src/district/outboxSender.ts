import type { Receipt } from '@shared/schemas/district'
import type { Logger } from '../core/logger'
import { type BackoffPolicy, DEFAULT_BACKOFF, backoffMs } from './backoff'
import type { DistrictClient, PeerAddress } from './districtClient'
import type { DistrictRepository, OutboxMessage } from './districtRepository'

/** The timer functions the loop schedules itself with; a test passes fake ones. */
export interface SenderTimers {
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

export interface OutboxSenderDeps {
  repo: DistrictRepository
  client: DistrictClient
  /** The address of a message's peer now (`district` or a street id); null when not configured. */
  peerOf(peer: string): PeerAddress | null
  /** After a receipt is stored: the first send to the receipt, on this instance's clock. */
  onSigned(message: OutboxMessage, receipt: Receipt, delayMs: number): void
  log: Logger
  now?: () => Date
  timers?: SenderTimers
  random?: () => number
  backoff?: BackoffPolicy
  /** The longest sleep with nothing due: a message written by another process is picked up this late at worst. */
  idleMs?: number
}

export interface OutboxSender {
  start(): void
  /** Stops scheduling and waits for a pass under way. */
  stop(): Promise<void>
  /** A message was just written: send soon rather than at the next scheduled pass. */
  wake(): void
  /** One pass over every message due now; resolves with how many were signed for. */
  flush(): Promise<number>
}

const BATCH = 50

/**
 * The outbox's sender: every due message is POSTed with its id as the Idempotency-Key until the
 * other side answers a receipt; a failure waits an exponential, capped, jittered time before the
 * next try. One pass runs at a time, so a message is never in flight twice from here.
 */
export function createOutboxSender(deps: OutboxSenderDeps): OutboxSender {
  const now = deps.now ?? (() => new Date())
  const timers: SenderTimers = deps.timers ?? { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) }
  const random = deps.random ?? Math.random
  const policy = deps.backoff ?? DEFAULT_BACKOFF
  const idleMs = deps.idleMs ?? 30_000
  let running: Promise<number> | null = null
  let timer: unknown = null
  let started = false

  async function sendOne(message: OutboxMessage): Promise<boolean> {
    const sentAt = now().toISOString()
    const peer = deps.peerOf(message.peer)
    const outcome = peer ? await deps.client.send(peer, message.body) : { ok: false as const, error: `no address configured for "${message.peer}"` }
    const at = now()
    if (outcome.ok) {
      if (!deps.repo.signed(message.id, sentAt, at.toISOString(), outcome.receipt)) return false
      const firstSent = Date.parse(message.firstSentAt ?? sentAt)
      deps.onSigned(message, outcome.receipt, Math.max(0, at.getTime() - firstSent))
      return true
    }
    const wait = backoffMs(message.attempts + 1, policy, random)
    deps.repo.attempted(message.id, sentAt, outcome.error, new Date(at.getTime() + wait).toISOString())
    deps.log.warn({ messageId: message.id, peer: message.peer, attempts: message.attempts + 1, retryInMs: wait, error: outcome.error }, 'a district message was not signed for; it will be sent again')
    return false
  }

  async function pass(): Promise<number> {
    let signed = 0
    for (const message of deps.repo.due(now().toISOString(), BATCH)) {
      try {
        if (await sendOne(message)) signed++
      } catch (err) {
        // One message's bookkeeping failing must not hold the others back.
        deps.log.error({ err, messageId: message.id }, 'sending a district message failed unexpectedly')
      }
    }
    return signed
  }

  function schedule(ms: number): void {
    if (!started) return
    if (timer !== null) timers.clearTimeout(timer)
    timer = timers.setTimeout(() => {
      timer = null
      flush()
        .catch((err: unknown) => deps.log.error({ err }, 'a pass of the district outbox failed'))
        .then(scheduleNext, scheduleNext)
    }, Math.max(0, ms))
  }

  function scheduleNext(): void {
    if (!started) return
    const due = deps.repo.nextDue()
    schedule(due === null ? idleMs : Math.min(idleMs, Date.parse(due) - now().getTime()))
  }

  function flush(): Promise<number> {
    const previous = running ?? Promise.resolve(0)
    const next = previous.then(pass, pass)
    running = next
    const clear = () => {
      if (running === next) running = null
    }
    next.then(clear, clear)
    return next
  }

  return {
    start() {
      started = true
      schedule(0)
    },
    async stop() {
      started = false
      if (timer !== null) timers.clearTimeout(timer)
      timer = null
      await running?.catch(() => 0)
    },
    wake: () => schedule(0),
    flush,
  }
}
