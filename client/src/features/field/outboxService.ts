import type { LngLat } from '@shared/schemas/geo'
import { useFieldOutboxStore } from '../../stores/fieldOutbox'
import type { OutboxPayload } from '../../stores/fieldOutboxItem'
import { useFieldTerminalStore } from '../../stores/fieldTerminal'
import { useSessionStore } from '../../stores/session'
import { createOutbox, type Outbox, type PhotoFile } from './outbox'
import { openOutboxDb } from './outboxDb'
import { createOutboxSender } from './outboxSender'
import { hydrateCsrf } from './terminalSession'

/** How often a waiting item is looked at again (its own backoff decides whether it is tried). */
const RETRY_TICK_MS = 10_000

/**
 * The outbox of this page, opened once: the sender runs on start, when the network returns (the
 * `online` event, listened to once here, not in a component) and on a slow tick for backoff.
 */
let outbox: Outbox | null = null
let sender: ReturnType<typeof createOutboxSender> | null = null
let opening: Promise<void> | null = null

export function openFieldOutbox(): Promise<void> {
  const store = useFieldOutboxStore()
  const session = useSessionStore()
  const terminal = useFieldTerminalStore()
  opening ??= (async () => {
    try {
      const db = await openOutboxDb()
      outbox = createOutbox(db)
      sender = createOutboxSender({ db, http: { fetch: (...a) => globalThis.fetch(...a), csrf: () => terminal.csrf }, userId: () => session.user?.id ?? null, changed: store.changed })
      store.replaceAll(await db.all())
      store.state = 'open'
      window.addEventListener('online', () => void flushOutbox(true))
      window.setInterval(() => void flushOutbox(), RETRY_TICK_MS)
      void flushOutbox(true)
    } catch {
      store.state = 'failed'
    }
  })()
  return opening
}

export async function flushOutbox(eager = false): Promise<void> {
  if (!sender || !navigator.onLine || useSessionStore().state !== 'signed-in') return
  await hydrateCsrf()
  await sender.flush(eager)
}

async function run<T>(work: (o: Outbox) => Promise<T>): Promise<T> {
  await openFieldOutbox()
  if (!outbox) throw new Error('the outbox could not be opened on this phone')
  const result = await work(outbox)
  useFieldOutboxStore().replaceAll(await outbox.all())
  void flushOutbox(true)
  return result
}

export const saveToOutbox = (payload: OutboxPayload, photos: readonly PhotoFile[]) => run((o) => o.save(useSessionStore().user!.id, payload, photos))
export const locateInOutbox = (id: string, at: LngLat, address: string, accuracyM: number | null, gridId: string | null) => run((o) => o.locate(id, at, address, accuracyM, gridId))
export const editInOutbox = (id: string, change: Parameters<Outbox['edit']>[1]) => run((o) => o.edit(id, change))
export const removeFromOutbox = (id: string) => run((o) => o.remove(id))
