import { createHash, randomUUID } from 'node:crypto'
import type { Role } from '@shared/roles'
import type { Db } from '../store/database'

export interface UserRecord {
  id: string
  username: string
  displayName: string
  role: Role
  communityId: string | null
  unitId: string | null
  gridId: string | null
  passwordHash: string
  disabled: boolean
  createdAt: string
}

export interface DisplayRecord {
  id: string
  name: string
  wall: string
  createdBy: string
  createdAt: string
  revokedAt: string | null
}

export interface CredentialRecord {
  kind: 'session' | 'api'
  subjectKind: 'user' | 'display'
  subjectId: string
  csrfToken: string | null
  expiresAt: string
  /** The handset of a terminal session (the 360-terminal registry's id); null for any other credential. */
  terminalId: string | null
}

/** A live session on a field terminal, as the administrator's list shows it: never the token or its hash. */
export interface TerminalSessionRecord {
  /** Opaque and random, stored beside the token hash: revoking by it reveals nothing of the token. */
  id: string
  userId: string
  username: string
  displayName: string
  role: Role
  terminalId: string
  createdAt: string
  expiresAt: string
}

/** Secrets are stored as hashes only: a copy of the database signs nobody in. */
export const tokenHash = (token: string) => createHash('sha256').update(token).digest('base64url')

export interface AccountRepository {
  countUsers(): number
  createUser(user: Omit<UserRecord, 'disabled'>): void
  userByName(username: string): UserRecord | null
  userById(id: string): UserRecord | null
  listUsers(): UserRecord[]
  setDisabled(id: string, disabled: boolean): void
  createCredential(token: string, c: CredentialRecord, createdAt: string): void
  credential(token: string): CredentialRecord | null
  deleteCredential(token: string): void
  deleteCredentialsOf(subjectKind: 'user' | 'display', subjectId: string): void
  deleteExpired(nowIso: string): number
  /** Unexpired terminal sessions, newest first. */
  listTerminalSessions(nowIso: string): TerminalSessionRecord[]
  /** Ends one terminal session; answers whose it was, or null when there is none by that id. */
  deleteTerminalSession(id: string): { userId: string; terminalId: string } | null
  createDisplay(d: Omit<DisplayRecord, 'revokedAt'>, token: string): void
  displayById(id: string): DisplayRecord | null
  displayByToken(token: string): DisplayRecord | null
  listDisplays(): DisplayRecord[]
  revokeDisplay(id: string, at: string): boolean
}

interface UserRow {
  id: string
  username: string
  display_name: string
  role: Role
  community_id: string | null
  unit_id: string | null
  grid_id: string | null
  password_hash: string
  disabled: number
  created_at: string
}

interface DisplayRow {
  id: string
  name: string
  wall: string
  created_by: string
  created_at: string
  revoked_at: string | null
}

const toUser = (r: UserRow): UserRecord => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  role: r.role,
  communityId: r.community_id,
  unitId: r.unit_id,
  gridId: r.grid_id,
  passwordHash: r.password_hash,
  disabled: r.disabled === 1,
  createdAt: r.created_at,
})

interface CredentialRow {
  kind: 'session' | 'api'
  subject_kind: 'user' | 'display'
  subject_id: string
  csrf_token: string | null
  expires_at: string
  terminal_id: string | null
}

const toCredential = (r: CredentialRow): CredentialRecord => ({
  kind: r.kind,
  subjectKind: r.subject_kind,
  subjectId: r.subject_id,
  csrfToken: r.csrf_token,
  expiresAt: r.expires_at,
  terminalId: r.terminal_id,
})

const toDisplay = (r: DisplayRow): DisplayRecord => ({
  id: r.id,
  name: r.name,
  wall: r.wall,
  createdBy: r.created_by,
  createdAt: r.created_at,
  revokedAt: r.revoked_at,
})

export function createSqliteAccountRepository(db: Db): AccountRepository {
  const s = {
    countUsers: db.prepare('SELECT COUNT(*) AS n FROM users'),
    insertUser: db.prepare(
      `INSERT INTO users (id, username, display_name, role, community_id, unit_id, grid_id, password_hash, created_at)
       VALUES (@id, @username, @displayName, @role, @communityId, @unitId, @gridId, @passwordHash, @createdAt)`,
    ),
    userByName: db.prepare('SELECT * FROM users WHERE username = ?'),
    userById: db.prepare('SELECT * FROM users WHERE id = ?'),
    listUsers: db.prepare('SELECT * FROM users ORDER BY created_at, username'),
    setDisabled: db.prepare('UPDATE users SET disabled = ? WHERE id = ?'),
    insertCredential: db.prepare(
      `INSERT INTO credentials (token_hash, kind, subject_kind, subject_id, csrf_token, created_at, expires_at, terminal_id, session_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    credential: db.prepare(
      'SELECT kind, subject_kind, subject_id, csrf_token, expires_at, terminal_id FROM credentials WHERE token_hash = ?',
    ),
    listTerminalSessions: db.prepare(
      `SELECT c.session_id AS id, u.id AS userId, u.username, u.display_name AS displayName, u.role, c.terminal_id AS terminalId,
         c.created_at AS createdAt, c.expires_at AS expiresAt
       FROM credentials c JOIN users u ON u.id = c.subject_id
       WHERE c.terminal_id IS NOT NULL AND c.subject_kind = 'user' AND c.expires_at > ? AND c.session_id IS NOT NULL
       ORDER BY c.created_at DESC`,
    ),
    terminalSession: db.prepare("SELECT subject_id AS userId, terminal_id AS terminalId FROM credentials WHERE session_id = ? AND terminal_id IS NOT NULL"),
    deleteSession: db.prepare('DELETE FROM credentials WHERE session_id = ?'),
    deleteCredential: db.prepare('DELETE FROM credentials WHERE token_hash = ?'),
    deleteCredentialsOf: db.prepare('DELETE FROM credentials WHERE subject_kind = ? AND subject_id = ?'),
    deleteExpired: db.prepare('DELETE FROM credentials WHERE expires_at <= ?'),
    insertDisplay: db.prepare(
      'INSERT INTO displays (id, name, wall, token_hash, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    displayById: db.prepare('SELECT * FROM displays WHERE id = ?'),
    displayByToken: db.prepare('SELECT * FROM displays WHERE token_hash = ? AND revoked_at IS NULL'),
    listDisplays: db.prepare('SELECT * FROM displays ORDER BY created_at'),
    revokeDisplay: db.prepare('UPDATE displays SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL'),
  }
  const revoke = db.transaction((id: string, at: string) => {
    const changed = s.revokeDisplay.run(at, id).changes > 0
    s.deleteCredentialsOf.run('display', id)
    return changed
  })

  return {
    countUsers: () => (s.countUsers.get() as { n: number }).n,
    createUser: (u) => void s.insertUser.run(u),
    userByName: (username) => {
      const row = s.userByName.get(username) as UserRow | undefined
      return row ? toUser(row) : null
    },
    userById: (id) => {
      const row = s.userById.get(id) as UserRow | undefined
      return row ? toUser(row) : null
    },
    listUsers: () => (s.listUsers.all() as UserRow[]).map(toUser),
    setDisabled: (id, disabled) => void s.setDisabled.run(disabled ? 1 : 0, id),
    createCredential: (token, c, createdAt) =>
      void s.insertCredential.run(tokenHash(token), c.kind, c.subjectKind, c.subjectId, c.csrfToken, createdAt, c.expiresAt, c.terminalId, randomUUID()),
    credential: (token) => {
      const row = s.credential.get(tokenHash(token)) as CredentialRow | undefined
      return row ? toCredential(row) : null
    },
    deleteCredential: (token) => void s.deleteCredential.run(tokenHash(token)),
    deleteCredentialsOf: (kind, id) => void s.deleteCredentialsOf.run(kind, id),
    deleteExpired: (nowIso) => s.deleteExpired.run(nowIso).changes,
    listTerminalSessions: (nowIso) => s.listTerminalSessions.all(nowIso) as TerminalSessionRecord[],
    deleteTerminalSession: (id) => {
      const found = s.terminalSession.get(id) as { userId: string; terminalId: string } | undefined
      if (!found) return null
      s.deleteSession.run(id)
      return found
    },
    createDisplay: (d, token) => void s.insertDisplay.run(d.id, d.name, d.wall, tokenHash(token), d.createdBy, d.createdAt),
    displayById: (id) => {
      const row = s.displayById.get(id) as DisplayRow | undefined
      return row ? toDisplay(row) : null
    },
    displayByToken: (token) => {
      const row = s.displayByToken.get(tokenHash(token)) as DisplayRow | undefined
      return row ? toDisplay(row) : null
    },
    listDisplays: () => (s.listDisplays.all() as DisplayRow[]).map(toDisplay),
    revokeDisplay: (id, at) => revoke(id, at),
  }
}
