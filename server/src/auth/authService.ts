import { randomBytes, randomUUID } from 'node:crypto'
import type { Role } from '@shared/roles'
import { TERMINAL_SESSION_DAYS, type TerminalLoginBody } from '@shared/schemas/auth'
import { createError } from '../core/appError'
import type { AccountRepository, CredentialRecord, DisplayRecord, TerminalSessionRecord, UserRecord } from './accountRepository'
import type { AuditLog } from './auditLog'
import { hashPassword, verifyPassword } from './passwords'
import type { Principal } from './principal'
import { createSignInThrottle } from './signInThrottle'

export interface AuthPolicy {
  sessionTtlMs: number
  displaySessionTtlMs: number
  terminalSessionTtlMs: number
  /** Consecutive failures that lock one account name for one client address, and for how long. */
  lockAfterFailures: number
  lockMs: number
}

export const DEFAULT_AUTH_POLICY: AuthPolicy = {
  sessionTtlMs: 12 * 3600_000, // one duty shift
  displaySessionTtlMs: 30 * 24 * 3600_000, // a wall PC runs for weeks
  // A shared handset keeps its person signed in for a month; the administrator revokes it when lost.
  terminalSessionTtlMs: TERMINAL_SESSION_DAYS * 24 * 3600_000,
  lockAfterFailures: 5,
  lockMs: 15 * 60_000,
}

export interface SignedIn {
  token: string
  csrfToken: string
  principal: Principal
  expiresAt: string
}

export interface AuthService {
  login(username: string, password: string, ip: string | null): Promise<SignedIn>
  signInDisplay(displayToken: string, ip: string | null): SignedIn
  /** A field worker on a registered handset: a long session that records the terminal's id (issue 16). */
  loginTerminal(body: TerminalLoginBody, ip: string | null): Promise<SignedIn>
  listTerminalSessions(): TerminalSessionRecord[]
  /** Ends one handset session and closes its sockets; the person's other sessions stay. */
  revokeTerminalSession(by: Principal, id: string): void
  logout(token: string): void
  /** The principal behind a session cookie or an API token, or null when it is unknown or expired. */
  authenticate(token: string): { principal: Principal; credential: CredentialRecord } | null
  /** `password: null` makes an account that signs in only with API tokens (an integration). */
  createUser(input: NewUser): Promise<UserRecord>
  setDisabled(by: Principal, id: string, disabled: boolean): UserRecord
  issueApiToken(userId: string, ttlMs: number): string
  issueDisplay(by: Principal, input: { name: string; wall: string }): { display: DisplayRecord; token: string }
  revokeDisplay(by: Principal, id: string): void
}

export interface NewUser {
  username: string
  displayName: string
  role: Role
  password: string | null
  communityId?: string | null
  unitId?: string | null
  gridId?: string | null
}

/** Stored instead of a hash for token-only accounts: no password ever verifies against it. */
const NO_PASSWORD = '!no-password'

const newToken = () => randomBytes(32).toString('base64url')

/** For the audit log only, never for the answer. */
const failureReason = (user: UserRecord | null, usable: UserRecord | null) =>
  !user ? 'unknown name' : user.disabled ? 'disabled account' : usable ? 'wrong password' : 'account signs in with tokens only'

export function userPrincipal(u: UserRecord, terminalId: string | null = null): Principal {
  return { kind: 'user', id: u.id, name: u.username, role: u.role, communityId: u.communityId, unitId: u.unitId, gridId: u.gridId, wall: null, terminalId }
}

export function displayPrincipal(d: DisplayRecord): Principal {
  return { kind: 'display', id: d.id, name: d.name, role: 'wall_display', communityId: null, unitId: null, gridId: null, wall: d.wall, terminalId: null }
}

/** Who signs in on a handset: the people who work in the field. An office role uses /auth/login. */
export const FIELD_ROLES: readonly Role[] = ['grid_worker', 'unit_handler']

export function createAuthService(deps: {
  accounts: AccountRepository
  audit: AuditLog
  policy?: AuthPolicy
  now?: () => Date
  /** A principal lost its access (signed out, disabled, display revoked): close its sockets. */
  onRevoked?: (principalId: string) => void
  /** One of a principal's sessions ended (a handset revoked): close the sockets that rode on it only. */
  onSessionRevoked?: (principalId: string) => void
  /** Whether the 360-terminal registry holds this handset; without it no terminal signs in. */
  terminalExists?: (terminalId: string) => boolean
  /** Tests watch the hash work through this; the real scrypt verification otherwise. */
  verifyPassword?: (password: string, stored: string) => Promise<boolean>
}): AuthService {
  const { accounts, audit } = deps
  const policy = deps.policy ?? DEFAULT_AUTH_POLICY
  const now = deps.now ?? (() => new Date())
  const verify = deps.verifyPassword ?? verifyPassword
  const throttle = createSignInThrottle({ lockAfterFailures: policy.lockAfterFailures, lockMs: policy.lockMs, now: () => now().getTime() })
  // Verifying against a real hash for unknown names keeps their timing like a wrong password's.
  const decoy = hashPassword(newToken())

  function startSession(subjectKind: 'user' | 'display', subjectId: string, ttlMs: number, terminalId: string | null = null): { token: string; csrfToken: string; expiresAt: string } {
    const token = newToken()
    const csrfToken = newToken()
    const at = now()
    const expiresAt = new Date(at.getTime() + ttlMs).toISOString()
    accounts.createCredential(token, { kind: 'session', subjectKind, subjectId, csrfToken, expiresAt, terminalId }, at.toISOString())
    return { token, csrfToken, expiresAt }
  }

  /** The one password check of every sign-in, with its lockout, for `action` (auth.login, auth.terminal). */
  async function checkPassword(username: string, password: string, ip: string | null, action: string): Promise<UserRecord> {
    const wait = throttle.waitSeconds(username, ip)
    if (wait > 0) {
      audit.record({ actorId: null, actorRole: null, action, target: username, outcome: 'refused', ip, details: { why: 'too many failed attempts from this address' } })
      throw createError('RATE_LIMITED', 'too many failed sign-ins with this name from this address; try again later', { retryAfterSeconds: wait })
    }
    const user = accounts.userByName(username)
    const usable = user && !user.disabled && user.passwordHash !== NO_PASSWORD ? user : null
    // An unknown, disabled or token-only name does the same hash work against the decoy, and
    // fails the same way below, so neither the answer nor its timing tells which names exist.
    const ok = await verify(password, usable ? usable.passwordHash : await decoy)
    if (!usable || !ok) {
      const locked = throttle.failed(username, ip)
      // The caller is not authenticated, whichever name it typed: an anonymous entry.
      audit.record({ actorId: null, actorRole: null, action, target: username, outcome: 'failure', ip, details: { why: failureReason(user, usable), locked } })
      throw createError('UNAUTHENTICATED', 'wrong username or password')
    }
    throttle.succeeded(username, ip)
    return usable
  }

  /** After the password (so nobody learns of handsets or roles without one): a registered handset, a field role. */
  function refuseTerminal(user: UserRecord, terminalId: string, ip: string | null): void {
    const refuse = (why: string) => audit.record({ actorId: user.id, actorRole: user.role, action: 'auth.terminal', target: terminalId, outcome: 'refused', ip, details: { why } })
    if (!deps.terminalExists?.(terminalId)) {
      refuse('not in the terminal registry')
      throw createError('VALIDATION_FAILED', `terminal "${terminalId}" is not in the 360-terminal registry`)
    }
    if (!FIELD_ROLES.includes(user.role)) {
      refuse('not a field role')
      throw createError('FORBIDDEN', `terminal sign-in is for field staff (${FIELD_ROLES.join(', ')}); a ${user.role} signs in at /auth/login`)
    }
  }

  return {
    async login(username, password, ip) {
      const usable = await checkPassword(username, password, ip, 'auth.login')
      const session = startSession('user', usable.id, policy.sessionTtlMs)
      audit.record({ actorId: usable.id, actorRole: usable.role, action: 'auth.login', target: usable.username, outcome: 'success', ip })
      return { ...session, principal: userPrincipal(usable) }
    },

    async loginTerminal({ username, password, terminalId }, ip) {
      const usable = await checkPassword(username, password, ip, 'auth.terminal')
      refuseTerminal(usable, terminalId, ip)
      const session = startSession('user', usable.id, policy.terminalSessionTtlMs, terminalId)
      audit.record({ actorId: usable.id, actorRole: usable.role, action: 'auth.terminal', target: terminalId, outcome: 'success', ip })
      return { ...session, principal: userPrincipal(usable, terminalId) }
    },

    listTerminalSessions: () => accounts.listTerminalSessions(now().toISOString()),

    revokeTerminalSession(by, id) {
      const ended = accounts.deleteTerminalSession(id)
      if (!ended) throw createError('NOT_FOUND', `no terminal session ${id}`)
      deps.onSessionRevoked?.(ended.userId)
      audit.record({ actorId: by.id, actorRole: by.role, action: 'terminal_session.revoke', target: id, outcome: 'success', details: { userId: ended.userId, terminalId: ended.terminalId } })
    },

    signInDisplay(displayToken, ip) {
      const display = accounts.displayByToken(displayToken)
      if (!display) {
        audit.record({ actorId: null, actorRole: 'wall_display', action: 'auth.display', outcome: 'failure', ip })
        throw createError('UNAUTHENTICATED', 'unknown or revoked display token')
      }
      const session = startSession('display', display.id, policy.displaySessionTtlMs)
      audit.record({ actorId: display.id, actorRole: 'wall_display', action: 'auth.display', target: display.wall, outcome: 'success', ip })
      return { ...session, principal: displayPrincipal(display) }
    },

    logout(token) {
      accounts.deleteCredential(token)
    },

    authenticate(token) {
      const credential = accounts.credential(token)
      if (!credential || credential.expiresAt <= now().toISOString()) return null
      if (credential.subjectKind === 'display') {
        const display = accounts.displayById(credential.subjectId)
        return display && !display.revokedAt ? { principal: displayPrincipal(display), credential } : null
      }
      const user = accounts.userById(credential.subjectId)
      return user && !user.disabled ? { principal: userPrincipal(user, credential.terminalId), credential } : null
    },

    async createUser(input) {
      const user = {
        id: randomUUID(),
        username: input.username,
        displayName: input.displayName,
        role: input.role,
        communityId: input.communityId ?? null,
        unitId: input.unitId ?? null,
        gridId: input.gridId ?? null,
        passwordHash: input.password === null ? NO_PASSWORD : await hashPassword(input.password),
        createdAt: now().toISOString(),
      }
      accounts.createUser(user)
      return { ...user, disabled: false }
    },

    setDisabled(by, id, disabled) {
      const user = accounts.userById(id)
      if (!user) throw createError('NOT_FOUND', `no user ${id}`)
      if (user.id === by.id && disabled) throw createError('BAD_REQUEST', 'you cannot disable your own account')
      accounts.setDisabled(id, disabled)
      if (disabled) {
        accounts.deleteCredentialsOf('user', id)
        deps.onRevoked?.(id)
      }
      audit.record({ actorId: by.id, actorRole: by.role, action: disabled ? 'user.disable' : 'user.enable', target: id, outcome: 'success' })
      return { ...user, disabled }
    },

    issueApiToken(userId, ttlMs) {
      const token = newToken()
      const at = now()
      accounts.createCredential(
        token,
        { kind: 'api', subjectKind: 'user', subjectId: userId, csrfToken: null, expiresAt: new Date(at.getTime() + ttlMs).toISOString(), terminalId: null },
        at.toISOString(),
      )
      return token
    },

    issueDisplay(by, { name, wall }) {
      const token = newToken()
      const display = { id: randomUUID(), name, wall, createdBy: by.id, createdAt: now().toISOString() }
      accounts.createDisplay(display, token)
      audit.record({ actorId: by.id, actorRole: by.role, action: 'display.issue', target: display.id, outcome: 'success', details: { wall } })
      return { display: { ...display, revokedAt: null }, token }
    },

    revokeDisplay(by, id) {
      if (!accounts.revokeDisplay(id, now().toISOString())) throw createError('NOT_FOUND', `no active display ${id}`)
      deps.onRevoked?.(id)
      audit.record({ actorId: by.id, actorRole: by.role, action: 'display.revoke', target: id, outcome: 'success' })
    },
  }
}
