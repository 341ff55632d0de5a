import type { CaseService } from '../cases/caseService'
import type { Logger } from '../core/logger'
import type { ReferenceRepository } from '../reference/referenceRepository'
import type { Db } from '../store/database'
import type { BackoffPolicy } from './backoff'
import { type PeerAddress, createDistrictClient } from './districtClient'
import type { DistrictLinks } from './districtConfig'
import { createSqliteDistrictRepository } from './districtRepository'
import { DISTRICT_PEER, type DistrictService, createDistrictService } from './districtService'
import { type OutboxSender, type SenderTimers, createOutboxSender } from './outboxSender'

/** What a caller of createApp may change about the district level; all optional. */
export interface DistrictOptions {
  /** The peers as of now, read on every send; default the config's. A test links two apps after both listen. */
  links?: () => DistrictLinks
  /** The sender's clock and timers (sign-for delays, backoff); default the real ones. */
  now?: () => Date
  timers?: SenderTimers
  random?: () => number
  backoff?: BackoffPolicy
  sendTimeoutMs?: number
  figuresTimeoutMs?: number
  /** False: the sender loop does not run by itself and a test drives it with flush(). */
  autoSend?: boolean
}

export interface District {
  service: DistrictService
  sender: OutboxSender
  start(): void
  stop(): Promise<void>
}

/** The district level over one store: the outbox, the inbox, the sender loop and the HTTP client. */
export function createDistrict(deps: {
  db: Db
  cases: CaseService
  reference: ReferenceRepository
  log: Logger
  links: DistrictLinks
  options?: DistrictOptions
}): District {
  const options = deps.options ?? {}
  const links = options.links ?? (() => deps.links)
  const now = options.now ?? (() => new Date())
  const log = deps.log.child({ domain: 'district' })
  const repo = createSqliteDistrictRepository(deps.db)
  const client = createDistrictClient({ sendTimeoutMs: options.sendTimeoutMs ?? 10_000, figuresTimeoutMs: options.figuresTimeoutMs ?? 3000 })
  const peerOf = (peer: string): PeerAddress | null =>
    peer === DISTRICT_PEER ? links().upstream : (links().streets.find((s) => s.id === peer) ?? null)
  // The service wakes the sender, and the sender tells the service of receipts: tie them late.
  let sender: OutboxSender | null = null
  const service = createDistrictService({
    repo,
    cases: deps.cases,
    client,
    links,
    selfName: () => deps.reference.street()?.name ?? 'street',
    wake: () => sender?.wake(),
    log,
    now,
  })
  sender = createOutboxSender({
    repo,
    client,
    peerOf,
    onSigned: (message, receipt, delayMs) => service.signed(message, receipt, delayMs),
    log,
    now,
    ...(options.timers ? { timers: options.timers } : {}),
    ...(options.random ? { random: options.random } : {}),
    ...(options.backoff ? { backoff: options.backoff } : {}),
  })
  const loop = sender
  return {
    service,
    sender: loop,
    start: () => {
      if (options.autoSend !== false) loop.start()
    },
    stop: () => loop.stop(),
  }
}
