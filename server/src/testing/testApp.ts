import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Role } from '@shared/roles'
import { type WallApp, createApp } from '../app'
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
