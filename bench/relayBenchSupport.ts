import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'

export const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..')

export interface ServerStats {
  rss: number
  heapUsed: number
  external: number
  arrayBuffers: number
  relay: { streams: number; remuxProcesses: number; cache: { bytes: number; entries: number; loads: number; hits: number; coalesced: number } }
  health: Record<string, number>
  passes: number
}

export interface BenchChild {
  url: string
  /** Credentials for the API and the relay links it signs ({} for the harness, which lets everyone in). */
  headers: Record<string, string>
  stats(): Promise<ServerStats>
  stop(): Promise<void>
}

/** bench/relayBenchServer.ts in a child process with IPC. */
export async function startBenchChild(args: string[], env: Record<string, string> = {}): Promise<BenchChild> {
  const profile = process.env['BENCH_PROFILE'] ? ['--cpu-prof', `--cpu-prof-dir=${process.env['BENCH_PROFILE']}`] : []
  const child: ChildProcess = spawn(process.execPath, [...profile, '--expose-gc', '--import', 'tsx', path.join(root, 'bench/relayBenchServer.ts'), ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const { url, token } = await new Promise<{ url: string; token: string | null }>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)))
    child.on('message', (m: { type: string; url?: string; token?: string | null }) => m.type === 'ready' && resolve({ url: m.url as string, token: m.token ?? null }))
  })
  return {
    url,
    headers: token ? { authorization: `Bearer ${token}` } : {},
    stats: () =>
      new Promise((resolve) => {
        const on = (m: { type: string }) => {
          if (m.type !== 'stats') return
          child.off('message', on)
          resolve(m as unknown as ServerStats)
        }
        child.on('message', on)
        child.send({ type: 'stats' })
      }),
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo
      s.close(() => resolve(port))
    })
  })

/** Debian's nginx (installed if missing), one worker like the one-thread relay, serving `files` from disk. */
export async function startNginx(files: string[]): Promise<{ url: string; stop(): Promise<void> }> {
  const bin = '/usr/sbin/nginx'
  if (!fs.existsSync(bin)) {
    console.warn('nginx is missing: apt-get install -y nginx')
    const install = () => execFileSync('apt-get', ['install', '-y', '-q', 'nginx'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } })
    try {
      install()
    } catch {
      execFileSync('apt-get', ['update', '-q'], { stdio: 'inherit' })
      install()
    }
  }
  const prefix = fs.mkdtempSync(path.join(os.tmpdir(), 'gulou-nginx-'))
  const www = path.join(prefix, 'www')
  fs.mkdirSync(www)
  for (const f of files) fs.copyFileSync(f, path.join(www, path.basename(f)))
  // The worker runs as nobody when started by root: it must be able to read the files.
  fs.chmodSync(prefix, 0o755)
  fs.chmodSync(www, 0o755)
  for (const f of fs.readdirSync(www)) fs.chmodSync(path.join(www, f), 0o644)
  const port = await freePort()
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `${t}_temp_path ${prefix}/${t};`).join(' ')
  fs.writeFileSync(
    path.join(prefix, 'nginx.conf'),
    `daemon off; worker_processes 1; pid ${prefix}/nginx.pid; error_log ${prefix}/error.log warn;
events { worker_connections 1024; }
http { access_log off; sendfile on; tcp_nopush on; keepalive_requests 1000000; keepalive_timeout 65; ${temp}
  types { video/mp2t ts; } default_type application/octet-stream;
  server { listen 127.0.0.1:${port}; root ${www}; location / { } } }
`,
  )
  const child = spawn(bin, ['-p', prefix, '-c', path.join(prefix, 'nginx.conf'), '-e', path.join(prefix, 'error.log')], { stdio: 'inherit' })
  const url = `http://127.0.0.1:${port}`
  for (let i = 0; i < 100; i++) {
    const ok = await fetch(`${url}/${path.basename(files[0] as string)}`).then((r) => r.ok, () => false)
    if (ok) break
    await new Promise((r) => setTimeout(r, 50))
  }
  return {
    url,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => {
          fs.rmSync(prefix, { recursive: true, force: true })
          resolve()
        })
        child.kill('SIGQUIT')
      }),
  }
}

export interface LoadResult {
  requests: number
  bytes: number
  seconds: number
  errors: number
}

/** `concurrency` keep-alive request loops over `urls` for `seconds`: the same client for the relay and for nginx. */
export async function loadTest(urls: string[], concurrency: number, seconds: number): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency })
  const end = performance.now() + seconds * 1000
  let requests = 0
  let bytes = 0
  let errors = 0
  const get = (url: string) =>
    new Promise<void>((resolve) => {
      http
        .get(url, { agent }, (res) => {
          if (res.statusCode !== 200) errors++
          res.on('data', (chunk: Buffer) => (bytes += chunk.byteLength))
          res.on('end', () => {
            requests++
            resolve()
          })
        })
        .on('error', () => {
          errors++
          resolve()
        })
    })
  const started = performance.now()
  await Promise.all(
    Array.from({ length: concurrency }, async (_, i) => {
      for (let n = i; performance.now() < end; n++) await get(urls[n % urls.length] as string)
    }),
  )
  agent.destroy()
  return { requests, bytes, errors, seconds: (performance.now() - started) / 1000 }
}
