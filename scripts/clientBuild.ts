import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * Builds the wall client with Vite when its sources are newer than the last build, so `npm start`
 * and the e2e tests always serve what is in the tree without paying for a build every time.
 */

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const OUT_DIR = path.join(ROOT, 'dist', 'client')
const INDEX = path.join(OUT_DIR, 'index.html')
/** Written after a successful build: what the build saw, so a deleted or added file also triggers one. */
const STAMP = path.join(OUT_DIR, '.build-stamp.json')
/** Outside OUT_DIR because Vite empties that. */
const LOCK = path.join(ROOT, 'dist', '.client-build.lock')
const STALE_LOCK_MS = 5 * 60_000

/** Everything the bundle is made from. Tests are left out: editing one must not rebuild the client. */
export const CLIENT_INPUTS = ['client', 'shared', 'public', 'vite.config.ts', 'package-lock.json']
const SKIP_DIRS = new Set(['node_modules', 'dist', '.vite', 'coverage'])
const isTest = (name: string) => /\.test\.[cm]?[jt]s$/.test(name)

export interface EnsureClientBuiltOptions {
  /** Build even when the output looks current. */
  force?: boolean
  log?: (msg: string) => void
}

interface InputSnapshot {
  newestMs: number
  files: number
}

interface Stamp extends InputSnapshot {
  builtAt: string
}

let running: Promise<{ built: boolean; ms: number }> | null = null

export function ensureClientBuilt(opts: EnsureClientBuiltOptions = {}): Promise<{ built: boolean; ms: number }> {
  // Two callers in one process (server start and a test harness) share one build.
  running ??= ensure(opts).finally(() => {
    running = null
  })
  return running
}

async function ensure({ force = false, log = () => {} }: EnsureClientBuiltOptions): Promise<{ built: boolean; ms: number }> {
  const started = performance.now()
  const elapsed = () => Math.round(performance.now() - started)

  const before = await snapshotInputs()
  const reason = force ? 'a build was forced' : await staleReason(before)
  if (!reason) return { built: false, ms: elapsed() }

  const release = await acquireLock(log)
  try {
    // Another process may have built while we waited for the lock.
    if (!force && !(await staleReason(await snapshotInputs()))) return { built: false, ms: elapsed() }
    log(`building the wall client (${reason})`)
    const snapshot = await snapshotInputs()
    await viteBuild()
    const stamp: Stamp = { ...snapshot, builtAt: new Date().toISOString() }
    await writeFile(STAMP, `${JSON.stringify(stamp, null, 2)}\n`)
    log(`wall client built into ${path.relative(ROOT, OUT_DIR)} in ${elapsed()} ms`)
    return { built: true, ms: elapsed() }
  } finally {
    await release()
  }
}

/** Why the output is out of date, or null when it is current. */
async function staleReason(inputs: InputSnapshot): Promise<string | null> {
  const index = await stat(INDEX).catch(() => null)
  if (!index) return 'dist/client/index.html is missing'
  const stamp = await readStamp()
  if (!stamp) return index.mtimeMs < inputs.newestMs ? 'sources are newer than the build' : null
  if (inputs.newestMs > stamp.newestMs) return 'sources changed since the last build'
  if (inputs.files !== stamp.files) return 'files were added or removed since the last build'
  return null
}

async function readStamp(): Promise<Stamp | null> {
  try {
    const parsed = JSON.parse(await readFile(STAMP, 'utf8')) as Partial<Stamp>
    return typeof parsed.newestMs === 'number' && typeof parsed.files === 'number' ? (parsed as Stamp) : null
  } catch {
    return null
  }
}

/** The newest modification time (files and directories, so deletions count) and the number of files. */
export async function snapshotInputs(root = ROOT, inputs = CLIENT_INPUTS): Promise<InputSnapshot> {
  const snapshot: InputSnapshot = { newestMs: 0, files: 0 }
  const visit = async (full: string): Promise<void> => {
    const info = await stat(full).catch(() => null)
    if (!info) return
    if (info.isDirectory()) {
      snapshot.newestMs = Math.max(snapshot.newestMs, info.mtimeMs)
      const entries = await readdir(full, { withFileTypes: true })
      await Promise.all(
        entries
          .filter((e) => !(e.isDirectory() && SKIP_DIRS.has(e.name)) && !isTest(e.name))
          .map((e) => visit(path.join(full, e.name))),
      )
      return
    }
    snapshot.newestMs = Math.max(snapshot.newestMs, info.mtimeMs)
    snapshot.files += 1
  }
  await Promise.all(inputs.map((input) => visit(path.join(root, input))))
  return snapshot
}

async function viteBuild(): Promise<void> {
  const { build } = await import('vite')
  // Vite takes the bundle's mode from NODE_ENV; under vitest it is 'test', which would ship Vue's
  // development build. The wall always gets the production build.
  const previous = process.env.NODE_ENV
  process.env.NODE_ENV = 'production'
  try {
    await build({ configFile: path.join(ROOT, 'vite.config.ts'), mode: 'production', logLevel: 'warn' })
  } finally {
    if (previous === undefined) delete process.env.NODE_ENV
    else process.env.NODE_ENV = previous
  }
}

/** A lock directory so two processes (say, `npm start` and an e2e run) never build into dist at once. */
async function acquireLock(log: (msg: string) => void): Promise<() => Promise<void>> {
  await mkdir(path.dirname(LOCK), { recursive: true })
  let announced = false
  for (;;) {
    try {
      await mkdir(LOCK)
      return () => rm(LOCK, { recursive: true, force: true })
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code !== 'EEXIST') throw cause
      const info = await stat(LOCK).catch(() => null)
      if (info && Date.now() - info.mtimeMs > STALE_LOCK_MS) {
        log('removing a stale client build lock')
        await rm(LOCK, { recursive: true, force: true })
        continue
      }
      if (!announced) log('another process is building the client; waiting for it')
      announced = true
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
  }
}
