import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { ensureClientBuilt } from '../../scripts/clientBuild'
import type { Role } from '../../shared/roles'
import { type WallApp, createApp } from '../../server/src/app'
import { loadTestConfig } from '../../server/src/testing/testConfig'
import { createDelegablePeople } from '../../server/src/testing/testApp'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

export interface TestServer {
  /** Base URL on loopback, without a trailing slash. */
  url: string
  wall: WallApp
  adminPassword: string
  /** A Bearer token for a fresh account of this role (for API calls from the test itself). */
  tokenFor(role: Role): Promise<string>
  /** A display token for the named wall, as an administrator issues it. */
  displayToken(wall?: string): string
  close(): Promise<void>
}

/**
 * The real wall server with the real built client, on an ephemeral loopback port, over a fresh
 * data directory: the Gulou demo territory is generated and imported on start as in production.
 * `env` adds server settings (e.g. MAP_STYLE_URL) on top of the test defaults.
 */
export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  await ensureClientBuilt({ log: (msg) => console.warn(`[client build] ${msg}`) })
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'wall-e2e-data-'))
  const adminPassword = `e2e-${randomBytes(12).toString('base64url')}`
  const fullEnv = {
    LOG_LEVEL: 'silent',
    DATA_DIR: dataDir,
    // The demo simulation (a 90-day back-fill, then live reports) only where a test asks for it.
    SIM: '0',
    CLIENT_DIR: path.join(ROOT, 'dist', 'client'),
    DEMO_ACCOUNTS: '0',
    ADMIN_PASSWORD: adminPassword,
    ...env,
  }
  const config = loadTestConfig(fullEnv)
  const wall = createApp({ config, print: () => undefined })
  let n = 0
  try {
    const address = await wall.listen(0, '127.0.0.1')
    // The people an integration may name in X-On-Behalf-Of (`intake/intake-1`, …) must exist.
    createDelegablePeople(wall)
    const admin = wall.auth.authenticate(wall.auth.issueApiToken((await wall.auth.createUser({ username: 'e2e-admin', displayName: 'e2e', role: 'admin', password: null })).id, 86_400_000))!.principal
    return {
      url: `http://127.0.0.1:${address.port}`,
      wall,
      adminPassword,
      async tokenFor(role) {
        const user = await wall.auth.createUser({ username: `e2e-${role.replace(/_/g, '-')}-${++n}`, displayName: role, role, password: null })
        return wall.auth.issueApiToken(user.id, 86_400_000)
      },
      displayToken: (name = 'main') => wall.auth.issueDisplay(admin, { name: `e2e ${name}`, wall: name }).token,
      async close() {
        await wall.close()
        await rm(dataDir, { recursive: true, force: true })
      },
    }
  } catch (cause) {
    await wall.close().catch(() => {})
    await rm(dataDir, { recursive: true, force: true })
    throw cause
  }
}
