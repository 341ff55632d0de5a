import { type DBSchema, type IDBPDatabase, openDB } from 'idb'
import type { OutboxItem } from '../../stores/fieldOutboxItem'

/**
 * The outbox's IndexedDB: the items, and each photo's bytes as a Blob under the photo's key (apart,
 * so listing the items never reads megabytes of photos). Opened lazily, once per page.
 */
interface OutboxSchema extends DBSchema {
  items: { key: string; value: OutboxItem; indexes: { byUser: string } }
  blobs: { key: string; value: { key: string; itemId: string; blob: Blob } }
}

export const OUTBOX_DB = 'field-outbox'

export interface OutboxDb {
  all(): Promise<OutboxItem[]>
  get(id: string): Promise<OutboxItem | undefined>
  put(item: OutboxItem): Promise<void>
  /** A new item and its photos' bytes, in one transaction: both are stored or neither. */
  add(item: OutboxItem, blobs: ReadonlyMap<string, Blob>): Promise<void>
  blob(key: string): Promise<Blob | undefined>
  /** Replaces an item's photos: the bytes of dropped ones go, new ones are added. */
  replacePhotos(item: OutboxItem, added: ReadonlyMap<string, Blob>): Promise<void>
  remove(id: string): Promise<void>
  close(): void
}

export async function openOutboxDb(name = OUTBOX_DB): Promise<OutboxDb> {
  const db: IDBPDatabase<OutboxSchema> = await openDB<OutboxSchema>(name, 1, {
    upgrade(d) {
      d.createObjectStore('items', { keyPath: 'id' }).createIndex('byUser', 'userId')
      d.createObjectStore('blobs', { keyPath: 'key' })
    },
  })
  return {
    all: async () => (await db.getAll('items')).sort((a, b) => a.createdAt.localeCompare(b.createdAt)),
    get: (id) => db.get('items', id),
    put: async (item) => void (await db.put('items', item)),
    async add(item, blobs) {
      const tx = db.transaction(['items', 'blobs'], 'readwrite')
      await Promise.all([tx.objectStore('items').add(item), ...[...blobs].map(([key, blob]) => tx.objectStore('blobs').put({ key, itemId: item.id, blob })), tx.done])
    },
    blob: async (key) => (await db.get('blobs', key))?.blob,
    async replacePhotos(item, added) {
      const tx = db.transaction(['items', 'blobs'], 'readwrite')
      const blobs = tx.objectStore('blobs')
      const keep = new Set(item.photos.map((p) => p.key))
      const stale = (await blobs.getAll()).filter((b) => b.itemId === item.id && !keep.has(b.key))
      await Promise.all([...stale.map((b) => blobs.delete(b.key)), ...[...added].map(([key, blob]) => blobs.put({ key, itemId: item.id, blob })), tx.objectStore('items').put(item), tx.done])
    },
    async remove(id) {
      const tx = db.transaction(['items', 'blobs'], 'readwrite')
      const blobs = tx.objectStore('blobs')
      const mine = (await blobs.getAll()).filter((b) => b.itemId === id)
      await Promise.all([...mine.map((b) => blobs.delete(b.key)), tx.objectStore('items').delete(id), tx.done])
    },
    close: () => db.close(),
  }
}
