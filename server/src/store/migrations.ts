import type Database from 'better-sqlite3'

export interface Migration {
  version: number
  name: string
  sql: string
}

/** Counter columns of migration 4 (the KPI projection), frozen like the migration itself. */
const KPI_COUNTER_COLUMNS = `
  reports, valid_reports, filed, not_accepted, dispatches, returns, handled, handling_due,
  handled_on_time, reworked, extensions, close_due, closed, closed_on_time, closed_late, open_overdue,
  follow_ups, satisfied_follow_ups, evaluated, score_sum, file_sec, file_n, dispatch_sec, dispatch_n,
  handle_sec, handle_n, close_sec, close_n, s_pending_filing, s_prefiling_check, s_not_accepted,
  s_pending_dispatch, s_dispatched, s_in_progress, s_suspended, s_pending_check, s_closed, s_evaluated,
  s_merged`
  .split(',')
  .map((name) => `${name.trim()} INTEGER NOT NULL DEFAULT 0`)
  .join(', ')

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
  {
    version: 3,
    name: 'case clocks and duplicate search',
    // next_flag_at: the instant a case's at-risk/overdue flags next change by themselves, so the
    // deadline ticker reads only the cases due, by index, never the whole table. Cases written
    // before this version have no timers yet; '' (before any instant) makes the ticker upgrade
    // them first. lng/lat let duplicate search read only a 100 m band of one category, by index.
    sql: `
      ALTER TABLE cases ADD COLUMN lng REAL;
      ALTER TABLE cases ADD COLUMN lat REAL;
      ALTER TABLE cases ADD COLUMN next_flag_at TEXT;
      UPDATE cases SET lng = json_extract(data, '$.location.lng'), lat = json_extract(data, '$.location.lat'),
        next_flag_at = '';
      CREATE INDEX cases_next_flag ON cases (next_flag_at) WHERE next_flag_at IS NOT NULL;
      CREATE INDEX cases_nearby ON cases (category_code, lat, lng, created_at, state);
    `,
  },
  {
    version: 4,
    name: 'KPI projection: per-day and per-month aggregates, per-case counted rows, checkpoint',
    // Kept by server/src/kpi/kpiProjector.ts from the events table, in seq order. kpi_cases holds
    // what each case currently contributes (so a change moves its counts); kpi_day / kpi_month
    // hold the sums per dimension and key, so a query reads a few thousand rows, not the cases.
    // Everything here can be rebuilt from the events: empty the tables and zero the checkpoint.
    sql: `
      CREATE TABLE kpi_checkpoint (id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL);
      INSERT INTO kpi_checkpoint (id, seq) VALUES (1, 0);
      CREATE TABLE kpi_cases (case_id TEXT PRIMARY KEY, data TEXT NOT NULL) WITHOUT ROWID;
      CREATE TABLE kpi_day (dim TEXT NOT NULL, key TEXT NOT NULL, period TEXT NOT NULL,
        ${KPI_COUNTER_COLUMNS}, PRIMARY KEY (dim, period, key)) WITHOUT ROWID;
      CREATE TABLE kpi_month (dim TEXT NOT NULL, key TEXT NOT NULL, period TEXT NOT NULL,
        ${KPI_COUNTER_COLUMNS}, PRIMARY KEY (dim, period, key)) WITHOUT ROWID;
    `,
  },
  {
    version: 5,
    name: 'accounts, credentials, wall displays and the append-only audit log',
    // Secrets are stored as SHA-256 of random 256-bit tokens and scrypt password hashes only.
    sql: `
  CREATE TABLE users (
    id TEXT PRIMARY KEY,
    username TEXT NOT NULL UNIQUE COLLATE NOCASE,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL,
    community_id TEXT,
    unit_id TEXT,
    grid_id TEXT,
    password_hash TEXT NOT NULL,
    disabled INTEGER NOT NULL DEFAULT 0,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    locked_until TEXT,
    created_at TEXT NOT NULL
  );
  CREATE TABLE credentials (
    token_hash TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('session', 'api')),
    subject_kind TEXT NOT NULL CHECK (subject_kind IN ('user', 'display')),
    subject_id TEXT NOT NULL,
    csrf_token TEXT,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
  );
  CREATE INDEX credentials_subject ON credentials (subject_kind, subject_id);
  CREATE TABLE displays (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    wall TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    revoked_at TEXT
  );
  CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    actor_id TEXT,
    actor_role TEXT,
    action TEXT NOT NULL,
    target TEXT,
    outcome TEXT NOT NULL CHECK (outcome IN ('success', 'failure', 'refused')),
    ip TEXT,
    details TEXT
  );
  CREATE INDEX audit_log_at ON audit_log (at);
  CREATE TRIGGER audit_log_append_only_update BEFORE UPDATE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
  CREATE TRIGGER audit_log_append_only_delete BEFORE DELETE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
`,
  },
  {
    version: 6,
    name: 'named walls: layout, tiles, tour, alarm hold and map view of each, shared by its screens',
    sql: `
      CREATE TABLE walls (
        name TEXT PRIMARY KEY,
        version INTEGER NOT NULL,
        updated_at TEXT NOT NULL,
        state TEXT NOT NULL
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 7,
    name: 'evidence: snapshots of camera tiles attached to cases (the image file lives under <dataDir>/evidence)',
    sql: `
      CREATE TABLE evidence (
        id TEXT PRIMARY KEY,
        case_id TEXT NOT NULL,
        camera_id TEXT NOT NULL,
        taken_at TEXT NOT NULL,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        mime TEXT NOT NULL,
        bytes INTEGER NOT NULL,
        sha256 TEXT NOT NULL
      );
      CREATE INDEX evidence_case ON evidence (case_id, created_at);
    `,
  },
  {
    version: 8,
    name: 'KPI case rows indexed by community, grid and unit, so a scoped account sums its own cases',
    // A community station, a unit or a grid worker sees its own KPIs (server/src/kpi/kpiScope.ts):
    // summed from its cases' rows, read by these indexes. Existing rows get their columns from their
    // own keys; the projector writes them from now on.
    sql: `
      ALTER TABLE kpi_cases ADD COLUMN day TEXT;
      ALTER TABLE kpi_cases ADD COLUMN community TEXT;
      ALTER TABLE kpi_cases ADD COLUMN grid TEXT;
      ALTER TABLE kpi_cases ADD COLUMN unit TEXT;
      UPDATE kpi_cases SET day = json_extract(data, '$.keys.day'), community = json_extract(data, '$.keys.community'),
        grid = json_extract(data, '$.keys.grid'), unit = json_extract(data, '$.keys.unit');
      CREATE INDEX kpi_cases_community ON kpi_cases (community, day);
      CREATE INDEX kpi_cases_grid ON kpi_cases (grid, day);
      CREATE INDEX kpi_cases_unit ON kpi_cases (unit, day);
    `,
  },
  {
    version: 9,
    name: 'Evaluation methods (考核办法), one row per version',
    // A version is never edited: a ranking names the version it used, so an old one can be re-scored.
    // The built-in defaults are written by server/src/briefing/evaluationMethods.ts on first use.
    sql: `
      CREATE TABLE evaluation_methods (
        version INTEGER PRIMARY KEY,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        data TEXT NOT NULL
      );
    `,
  },
  {
    version: 10,
    name: 'Photos from the field, one row per stored photo (its receipt); the files live under DATA_DIR',
    // A retry with the same idempotency key finds the first row instead of storing the photo twice.
    sql: `
      CREATE TABLE photos (
        id TEXT PRIMARY KEY,
        uploaded_by TEXT NOT NULL,
        idempotency_key TEXT,
        sha256 TEXT NOT NULL,
        uploaded_at TEXT NOT NULL,
        case_id TEXT,
        data TEXT NOT NULL,
        UNIQUE (uploaded_by, idempotency_key)
      );
      CREATE INDEX photos_case ON photos (case_id);
    `,
  },
  {
    version: 11,
    name: 'Terminal sessions name their handset; field workers positions, kept a configured number of days',
    // Positions are personal data: only the retention sweep deletes them, by received_at.
    // session_id: the opaque handle an administrator revokes a handset session by; never derived
    // from the token or its hash, so a listed id gives nothing towards signing in.
    sql: `
      ALTER TABLE credentials ADD COLUMN terminal_id TEXT;
      ALTER TABLE credentials ADD COLUMN session_id TEXT;
      CREATE UNIQUE INDEX credentials_session ON credentials (session_id) WHERE session_id IS NOT NULL;
      CREATE INDEX credentials_terminal ON credentials (terminal_id) WHERE terminal_id IS NOT NULL;
      CREATE TABLE positions (
        worker_id TEXT NOT NULL,
        at TEXT NOT NULL,
        lng REAL NOT NULL,
        lat REAL NOT NULL,
        accuracy_m REAL NOT NULL,
        on_duty INTEGER NOT NULL,
        terminal_id TEXT,
        received_at TEXT NOT NULL
      );
      CREATE INDEX positions_worker_at ON positions (worker_id, at);
      CREATE INDEX positions_received ON positions (received_at);
    `,
  },
  {
    version: 12,
    name: 'The district level (四级联动): an outbox of messages to the other level, and the ids of messages received',
    // The outbox row is written in the transaction of the case change it announces, and kept once
    // signed for (the sign-for delay is shown). The inbox's primary key is what makes a retry after a
    // lost answer land once: the receiver looks the message id up before filing anything.
    sql: `
      CREATE TABLE district_outbox (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        peer TEXT NOT NULL,
        case_id TEXT,
        body TEXT NOT NULL,
        created_at TEXT NOT NULL,
        state TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT NOT NULL,
        first_sent_at TEXT,
        last_error TEXT,
        signed_at TEXT,
        receipt TEXT
      );
      CREATE INDEX district_outbox_due ON district_outbox (state, next_attempt_at);
      CREATE TABLE district_inbox (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        sender TEXT NOT NULL,
        body TEXT NOT NULL,
        received_at TEXT NOT NULL,
        deliveries INTEGER NOT NULL DEFAULT 1,
        case_id TEXT,
        receipt TEXT NOT NULL
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
