import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { ensureClientBuilt } from '../../scripts/clientBuild'
import { createApp } from '../../server/src/app'
import { loadConfig } from '../../server/src/config'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

export interface TestServer {
  /** Base URL on loopback, without a trailing slash. */
  url: string
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
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    DATA_DIR: dataDir,
    // The demo simulation (a 90-day back-fill, then live reports) only where a test asks for it.
    SIM: '0',
    CLIENT_DIR: path.join(ROOT, 'dist', 'client'),
    ...env,
  })
  const wall = createApp({ config })
  try {
    const address = await wall.listen(0, '127.0.0.1')
    return {
      url: `http://127.0.0.1:${address.port}`,
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
