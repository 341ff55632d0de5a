import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { openDatabase } from './database'

const dirs: string[] = []
function tempFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gulou-db-'))
  dirs.push(dir)
  return path.join(dir, 'wall.db')
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
})

describe('openDatabase', () => {
  it('makes a new store with 16 KB pages, in WAL mode, synchronous=FULL', () => {
    const db = openDatabase(tempFile())
    expect(db.pragma('page_size', { simple: true })).toBe(16_384)
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(db.pragma('synchronous', { simple: true })).toBe(2)
    db.close()
  })

  it('opens a store made with 4 KB pages as it is, keeping its rows', () => {
    const file = tempFile()
    const old = new Database(file)
    old.pragma('journal_mode = WAL')
    old.exec("CREATE TABLE kept (v TEXT); INSERT INTO kept VALUES ('from before')")
    old.close()
    const db = openDatabase(file)
    expect(db.pragma('page_size', { simple: true })).toBe(4096)
    expect(db.prepare('SELECT v FROM kept').pluck().get()).toBe('from before')
    db.close()
  })
})
