import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { runMigrations } from './migrations'

export type Db = Database.Database

/**
 * A new store's page size. Events and cases are stored as 2–3 KB JSON rows: two of them do not fit
 * a default 4 KB page, so each took a page of its own and a 90-day demo store was 0.9 GB; with
 * 16 KB pages it is about 40 % smaller. An existing store keeps the page size it was made with.
 */
const PAGE_SIZE = 16_384

/**
 * Open (or create) the SQLite store. WAL lets the wall read while a write commits;
 * synchronous=FULL makes a commit durable before we acknowledge it to a caller.
 */
export function openDatabase(file: string): Db {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true })
  const db = new Database(file)
  // Takes effect only before the first table is written, and must come before WAL is switched on.
  db.pragma(`page_size = ${PAGE_SIZE}`)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = FULL')
  db.pragma('foreign_keys = ON')
  db.pragma('busy_timeout = 5000')
  runMigrations(db)
  return db
}
