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
  {
    version: 2,
    name: 'cases, history, idempotency keys and the event stream',
    // `data` is the masked Case as served; the columns beside it are the ones we filter and sort on.
    // The full reporter phone lives only in its own column, never in `data` or `events`.
    // events.seq is an INTEGER PRIMARY KEY (rowid) without AUTOINCREMENT, written in the same
    // transaction as the change: a rolled-back change takes no number, so the stream has no gaps.
    sql: `
      CREATE TABLE cases (
        id TEXT PRIMARY KEY,
        code TEXT NOT NULL UNIQUE,
        version INTEGER NOT NULL,
        state TEXT NOT NULL,
        source TEXT NOT NULL,
        category_code TEXT NOT NULL,
        grid_id TEXT NOT NULL,
        community_id TEXT NOT NULL,
        assignee_kind TEXT,
        assignee_id TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        overdue INTEGER NOT NULL DEFAULT 0,
        at_risk INTEGER NOT NULL DEFAULT 0,
        search TEXT NOT NULL,
        reporter_phone TEXT,
        data TEXT NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX cases_created ON cases (created_at DESC, id DESC);
      CREATE INDEX cases_state ON cases (state, created_at DESC, id DESC);
      CREATE INDEX cases_grid ON cases (grid_id, created_at DESC, id DESC);
      CREATE INDEX cases_community ON cases (community_id, created_at DESC, id DESC);
      CREATE INDEX cases_category ON cases (category_code, created_at DESC, id DESC);
      CREATE INDEX cases_source ON cases (source, created_at DESC, id DESC);
      CREATE INDEX cases_assignee ON cases (assignee_id, created_at DESC, id DESC);
      CREATE INDEX cases_overdue ON cases (overdue, created_at DESC, id DESC) WHERE overdue = 1;
      CREATE INDEX cases_at_risk ON cases (at_risk, created_at DESC, id DESC) WHERE at_risk = 1;
      CREATE TABLE case_history (
        id INTEGER PRIMARY KEY,
        case_id TEXT NOT NULL REFERENCES cases (id),
        data TEXT NOT NULL
      );
      CREATE INDEX case_history_case ON case_history (case_id, id);
      CREATE TRIGGER case_history_append_only_update BEFORE UPDATE ON case_history
        BEGIN SELECT RAISE(ABORT, 'case history is append-only'); END;
      CREATE TRIGGER case_history_append_only_delete BEFORE DELETE ON case_history
        BEGIN SELECT RAISE(ABORT, 'case history is append-only'); END;
      CREATE TABLE case_codes (
        day TEXT PRIMARY KEY,
        last INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE TABLE idempotency_keys (
        actor_id TEXT NOT NULL,
        key TEXT NOT NULL,
        body_hash TEXT NOT NULL,
        case_id TEXT NOT NULL REFERENCES cases (id),
        created_at TEXT NOT NULL,
        PRIMARY KEY (actor_id, key)
      ) WITHOUT ROWID;
      CREATE TABLE events (
        seq INTEGER PRIMARY KEY,
        type TEXT NOT NULL,
        case_id TEXT NOT NULL,
        action TEXT NOT NULL,
        at TEXT NOT NULL,
        data TEXT NOT NULL
      );
      CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
        BEGIN SELECT RAISE(ABORT, 'the event stream is append-only'); END;
      CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
        BEGIN SELECT RAISE(ABORT, 'the event stream is append-only'); END;
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
