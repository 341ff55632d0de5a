import type Database from 'better-sqlite3'

export interface Migration {
  version: number
  name: string
  sql: string
}

/**
 * Forward-only: a released migration is never edited, only followed by a new one.
 * Reference data is kept as validated JSON documents; the columns beside it are the ones we filter on.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'reference data',
    sql: `
      CREATE TABLE reference_items (
        kind TEXT NOT NULL,
        id TEXT NOT NULL,
        ord INTEGER NOT NULL,
        grid_id TEXT,
        community_id TEXT,
        data TEXT NOT NULL,
        PRIMARY KEY (kind, id)
      ) WITHOUT ROWID;
      CREATE INDEX reference_items_grid ON reference_items (kind, grid_id, ord);
      CREATE INDEX reference_items_ord ON reference_items (kind, ord);
      CREATE TABLE reference_imports (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        imported_at TEXT NOT NULL,
        source TEXT NOT NULL,
        counts TEXT NOT NULL
      );
    `,
  },
]

export function runMigrations(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): number {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`)
  const applied = new Set(
    db.prepare('SELECT version FROM schema_migrations').all().map((row) => (row as { version: number }).version),
  )
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)')
  let count = 0
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (applied.has(m.version)) continue
    db.transaction(() => {
      db.exec(m.sql)
      record.run(m.version, m.name, new Date().toISOString())
    })()
    count++
  }
  return count
}
