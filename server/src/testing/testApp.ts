import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { type WallApp, createApp } from '../app'
import { loadConfig } from '../config'

export interface TestApp {
  wall: WallApp
  url: string
  dataDir: string
  close(): Promise<void>
}

/** The real app on an ephemeral loopback port against a fresh temp SQLite store. */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gulou-wall-test-'))
  // The demo simulation would add cases of its own to every test: on only where a test asks.
  const config = loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: dataDir, SIM: '0', ...env })
  const wall = createApp({ config })
  const address = await wall.listen(0, '127.0.0.1')
  return {
    wall,
    url: `http://127.0.0.1:${address.port}`,
    dataDir,
    async close() {
      await wall.close()
      fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
