import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import { ensureClientBuilt } from '../scripts/clientBuild'
import { integrationToken } from '../server/src/testing/httpAuth'

/**
 * Foundation figures: cold start to listening (first start, which generates and imports the
 * demo territory, and a warm restart), the initial client bundle (gzip), and read API latency
 * (called as an integration, with a bearer token).
 */
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..')
const adminPassword = `bench-${randomBytes(12).toString('base64url')}`

function startServer(dataDir: string, port: number): Promise<{ ms: number; stop: () => Promise<void> }> {
  const t0 = performance.now()
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server/src/main.ts')], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'info', SIM: '0', FLEET_PREENCODE: 'none', CAMERA_ORIGIN_PORT: String(port + 1), DEMO_ACCOUNTS: '0', ADMIN_PASSWORD: adminPassword },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  return new Promise((resolve, reject) => {
    let out = ''
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      if (out.includes('wall server listening')) {
        const ms = performance.now() - t0
        resolve({
          ms,
          stop: () =>
            new Promise((done) => {
              child.once('exit', () => done())
              child.kill('SIGTERM')
            }),
        })
      }
    })
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)))
  })
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN
}

async function latency(url: string, n: number, headers: Record<string, string>): Promise<{ p50: number; p99: number; bytes: number }> {
  const times: number[] = []
  let bytes = 0
  for (let i = 0; i < n; i++) {
    const t0 = performance.now()
    const res = await fetch(url, { headers })
    bytes = (await res.arrayBuffer()).byteLength
    times.push(performance.now() - t0)
    if (!res.ok) throw new Error(`GET ${url}: ${res.status}`)
  }
  return { p50: percentile(times, 50), p99: percentile(times, 99), bytes }
}

function initialBundle(): { js: number; css: number; all: number; files: string[] } {
  const dist = path.join(root, 'dist/client')
  const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8')
  const refs = [...html.matchAll(/(?:src|href)="\/?([^"]+\.(?:js|css))"/g)].map((m) => m[1] ?? '')
  let js = 0
  let css = 0
  for (const ref of refs) {
    const size = gzipSync(fs.readFileSync(path.join(dist, ref))).byteLength
    if (ref.endsWith('.js')) js += size
    else css += size
  }
  // The map chunk and its worker load right after the shell paints; report them too, honestly.
  let all = 0
  for (const f of fs.readdirSync(path.join(dist, 'assets'))) {
    if (/\.(m?js|css)$/.test(f)) all += gzipSync(fs.readFileSync(path.join(dist, 'assets', f))).byteLength
  }
  return { js, css, all, files: refs }
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KiB`
const ms = (n: number) => `${n.toFixed(1)} ms`

await ensureClientBuilt()
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gulou-bench-'))
const port = 18000 + Math.floor(Math.random() * 1000)
try {
  const cold = await startServer(dataDir, port)
  await cold.stop()
  const warm = await startServer(dataDir, port)
  const base = `http://127.0.0.1:${port}/api/v1`
  let grids, cameras, workers
  try {
    const auth = { authorization: `Bearer ${await integrationToken(`http://127.0.0.1:${port}`, adminPassword, 'bench-gateway')}` }
    await latency(`${base}/grids`, 5, auth)
    grids = await latency(`${base}/grids`, 200, auth)
    cameras = await latency(`${base}/cameras`, 200, auth)
    workers = await latency(`${base}/workers?limit=100`, 200, auth)
  } finally {
    await warm.stop()
  }
  const bundle = initialBundle()
  console.log('figure                                   value')
  console.log(`cold start to listening (first start)     ${ms(cold.ms)}  (generates + imports the demo territory)`)
  console.log(`start to listening (data present)         ${ms(warm.ms)}`)
  console.log(`GET /grids        p50 / p99               ${ms(grids.p50)} / ${ms(grids.p99)}  (${kb(grids.bytes)})`)
  console.log(`GET /cameras      p50 / p99               ${ms(cameras.p50)} / ${ms(cameras.p99)}  (${kb(cameras.bytes)})`)
  console.log(`GET /workers?limit=100 p50 / p99          ${ms(workers.p50)} / ${ms(workers.p99)}`)
  console.log(`initial client bundle (gzip)              JS ${kb(bundle.js)}, CSS ${kb(bundle.css)}  [${bundle.files.join(', ')}]`)
  console.log(`all client JS + CSS incl. lazy map + worker  ${kb(bundle.all)} (gzip)`)
} finally {
  fs.rmSync(dataDir, { recursive: true, force: true })
}
