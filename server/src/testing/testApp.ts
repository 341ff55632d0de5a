import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Role } from '@shared/roles'
import { type WallApp, createApp } from '../app'
import { createSqliteAccountRepository } from '../auth/accountRepository'
import type { Logger } from '../core/logger'
import { loadTestConfig } from './testConfig'

export interface TestScope {
  communityId?: string
  unitId?: string
  gridId?: string
}

export interface TestApp {
  wall: WallApp
  url: string
  dataDir: string
  /** The first-start admin password of this app. */
  adminPassword: string
  /** A Bearer token for a fresh account of this role (and scope); one account per role+scope, reused. */
  tokenFor(role: Role, scope?: TestScope): Promise<string>
  /** `{ authorization: 'Bearer …' }` for tokenFor(role, scope); default a duty chief, who sees everything. */
  authHeaders(role?: Role, scope?: TestScope): Promise<Record<string, string>>
  close(): Promise<void>
}

/**
 * One person per role an integration may act for, with the id `<role>-1` (`intake-1`, `grid_worker-1`,
 * …): what `caller(…)({ as: role })` names in X-On-Behalf-Of, which must be someone who exists.
 * Token-only: the stored hash is no scrypt hash, so no password signs them in.
 */
export const DELEGABLE_TEST_ROLES: readonly Role[] = ['duty_chief', 'intake', 'dispatcher', 'leader', 'community_operator', 'unit_handler', 'grid_worker']

export function createDelegablePeople(wall: Pick<WallApp, 'db'>): void {
  const accounts = createSqliteAccountRepository(wall.db)
  for (const role of DELEGABLE_TEST_ROLES) {
    const id = `${role}-1`
    accounts.createUser({ id, username: id, displayName: id, role, communityId: null, unitId: null, gridId: null, passwordHash: '!no-password', createdAt: new Date().toISOString() })
  }
}

/** The real app on an ephemeral loopback port against a fresh temp SQLite store. */
export async function startTestApp(env: Record<string, string> = {}, options: { logger?: Logger } = {}): Promise<TestApp> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gulou-wall-test-'))
  const adminPassword = `test-admin-${Math.random().toString(36).slice(2)}`
  // The demo simulation would add cases of its own to every test: on only where a test asks.
  // Demo accounts cost a password hash each: tests make the accounts they need.
  const fullEnv = { LOG_LEVEL: 'silent', DATA_DIR: dataDir, SIM: '0', DEMO_ACCOUNTS: '0', ADMIN_PASSWORD: adminPassword, ...env }
  const config = loadTestConfig(fullEnv)
  const wall = createApp({ config, print: () => undefined, ...(options.logger ? { logger: options.logger } : {}) })
  const address = await wall.listen(0, '127.0.0.1')
  createDelegablePeople(wall)
  const tokens = new Map<string, Promise<string>>()
  let n = 0
  const tokenFor = (role: Role, scope: TestScope = {}) => {
    const key = JSON.stringify([role, scope])
    let token = tokens.get(key)
    if (!token) {
      token = wall.auth
        .createUser({ username: `t-${role.replace(/_/g, '-')}-${++n}`, displayName: role, role, password: null, ...scope })
        .then((user) => wall.auth.issueApiToken(user.id, 86_400_000))
      tokens.set(key, token)
    }
    return token
  }
  return {
    wall,
    url: `http://127.0.0.1:${address.port}`,
    dataDir,
    adminPassword,
    tokenFor,
    authHeaders: async (role = 'duty_chief', scope) => ({ authorization: `Bearer ${await tokenFor(role, scope)}` }),
    async close() {
      await wall.close()
      fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
