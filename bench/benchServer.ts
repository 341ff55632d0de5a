import { type ChildProcess, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { generateGulou } from '../server/src/demo/gulou/generateGulou'
import { writeReferenceFolder } from '../server/src/demo/gulou/writeReferenceFolder'
import { integrationToken } from '../server/src/testing/httpAuth'

/**
 * Starting the real server for a bench: its own process, a temp store, no logs. The Gulou
 * territory is imported from a folder (DEMO=0), so the demo's simulation, simulated cameras and
 * their video encoding stay off and the figures are the case engine's alone. The bench calls the
 * API as an integration (the terminals' gateway): `auth` carries its bearer token, and it names
 * the person it acts for in X-On-Behalf-Of.
 */
export const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..')

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo
      srv.close(() => resolve(port))
    })
  })
}

export interface BenchServer {
  base: string
  port: number
  dataDir: string
  child: ChildProcess
  /** An integration account's API token, and the header that carries it. */
  token: string
  auth: { authorization: string }
  stop(): Promise<void>
}

/** `entry` is the server's start script: main.ts, or a bench's own composition of createApp. */
export async function startBenchServer(env: Record<string, string> = {}, entry = 'server/src/main.ts'): Promise<BenchServer> {
  const dataDir = fs.mkdtempSync(path.join(process.env['BENCH_TMP'] ?? os.tmpdir(), 'gulou-bench-'))
  const referenceDir = path.join(dataDir, 'reference')
  writeReferenceFolder(generateGulou(), referenceDir)
  const port = await freePort()
  const adminPassword = `bench-${randomBytes(12).toString('base64url')}`
  const child = spawn(process.execPath, [...(process.env['BENCH_PROFILE'] ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof'] : []), '--import', 'tsx', path.join(root, entry)], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'silent', DEMO: '0', REFERENCE_DIR: referenceDir, HEALTH_PROBE: '0', DEMO_ACCOUNTS: '0', ADMIN_PASSWORD: adminPassword, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  const base = `http://127.0.0.1:${port}`
  const end = Date.now() + 120_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`)
    try {
      if ((await fetch(`${base}/api/v1/health`)).ok) break
    } catch {
      // not listening yet
    }
    if (Date.now() > end) throw new Error('server did not start within 120 s')
    await new Promise((r) => setTimeout(r, 100))
  }
  let token: string
  try {
    token = await integrationToken(base, adminPassword, 'bench-gateway')
  } catch (cause) {
    child.kill('SIGTERM')
    throw cause
  }
  return {
    base,
    port,
    dataDir,
    child,
    token,
    auth: { authorization: `Bearer ${token}` },
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => {
          fs.rmSync(dataDir, { recursive: true, force: true })
          resolve()
        })
        child.kill('SIGTERM')
      }),
  }
}

/** The machine's 1-minute load average, printed with the figures: other work on the 2 cores skews them. */
export const loadNote = () => `load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores`

export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN
}
