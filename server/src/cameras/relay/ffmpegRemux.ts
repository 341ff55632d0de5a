import { type ChildProcess, spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Logger } from '../../core/logger'
import { guardChild, parentDeathPrefix } from './childGuard'
import { redactUrl } from '../upstream/upstreamPolicy'

export interface RemuxOptions {
  /** The registry's URL (rtsp://, tcp://, …); it may hold credentials, so it is never logged as is. */
  input: string
  ffmpegPath: string
  /** Camera and quality, for logs. */
  label: string
  log: Logger
  /** Connect and read timeout of the input. */
  ioTimeoutMs: number
  segmentSeconds?: number
  listSize?: number
  backoff?: { firstMs: number; maxMs: number }
}

export type RemuxState = 'new' | 'running' | 'waiting' | 'stopped'

/** One ffmpeg per camera and quality, shared by every viewer, restarted with backoff if it dies. */
export interface RemuxProcess {
  start(): void
  /** SIGTERM, SIGKILL after 3 s, wait for the exit, remove the files. */
  stop(): Promise<void>
  /** Where a generation (one ffmpeg run) writes, while its files are kept. */
  dir(generation: number): string | null
  readonly generation: number
  readonly pid: number | null
  readonly state: RemuxState
  readonly lastError: string | null
  readonly restarts: number
}

const PROTOCOLS: Record<string, string> = {
  'rtsp:': 'rtsp,rtsps,rtp,srtp,udp,tcp,tls',
  'rtsps:': 'rtsp,rtsps,rtp,srtp,udp,tcp,tls',
  'rtmp:': 'rtmp,rtmps,tcp,tls',
  'rtmps:': 'rtmp,rtmps,tcp,tls',
  'srt:': 'srt,udp',
  'tcp:': 'tcp',
  'udp:': 'udp',
}
// No playlist demuxers (hls, concat): they would open URLs of the source's choosing.
const FORMATS_OVER_STREAM = 'mpegts,flv,live_flv,h264,hevc,matroska,webm'

/** The ffmpeg arguments (an array, never a shell line): remux without re-encoding into a live HLS window. */
export function remuxArgs(input: string, outDir: string, o: { ioTimeoutMs: number; segmentSeconds: number; listSize: number }): string[] {
  const url = new URL(input)
  const protocols = PROTOCOLS[url.protocol]
  if (!protocols) throw new Error(`no remux for ${url.protocol}`)
  const micros = String(o.ioTimeoutMs * 1000)
  const rtsp = url.protocol === 'rtsp:' || url.protocol === 'rtsps:'
  // This ffmpeg (4.1, pinned by @ffmpeg-installer) reads RTSP's -timeout as "listen for a
  // connection"; its socket I/O timeout is -stimeout. Other inputs take the generic -rw_timeout.
  const io = rtsp ? ['-rtsp_transport', 'tcp', '-stimeout', micros] : ['-rw_timeout', micros]
  return [
    '-hide_banner', '-nostdin', '-nostats', '-loglevel', 'error',
    ...io,
    '-protocol_whitelist', protocols,
    '-format_whitelist', rtsp ? 'rtsp' : FORMATS_OVER_STREAM,
    '-i', input,
    // Video only: G.711 audio, common on IP cameras, cannot be copied into MPEG-TS, and the wall is muted.
    '-map', '0:v:0', '-c', 'copy',
    '-f', 'hls', '-hls_time', String(o.segmentSeconds), '-hls_list_size', String(o.listSize), '-hls_delete_threshold', '3',
    '-hls_flags', 'delete_segments+program_date_time+independent_segments',
    '-hls_segment_filename', path.join(outDir, 's%d.ts'),
    path.join(outDir, 'index.m3u8'),
  ]
}

/** ffmpeg's messages quote the input URL; strip credentials and queries before they reach a log. */
export const redactText = (text: string) => text.replace(/[a-z][a-z0-9+.-]*:\/\/[^\s'"]+/gi, (u) => redactUrl(u))

const DIR_PREFIX = 'gulou-remux-'
let swept = false

/** A server that died hard left its remux dirs behind (named by its pid): remove those of dead processes, once. */
function sweepOrphanedDirs(): void {
  if (swept) return
  swept = true
  for (const name of fs.readdirSync(os.tmpdir())) {
    const pid = Number(new RegExp(`^${DIR_PREFIX}(\\d+)-`).exec(name)?.[1])
    if (!pid || pid === process.pid) continue
    try {
      process.kill(pid, 0)
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ESRCH') fs.rmSync(path.join(os.tmpdir(), name), { recursive: true, force: true })
    }
  }
}

export function createRemuxProcess(o: RemuxOptions): RemuxProcess {
  const backoff = o.backoff ?? { firstMs: 1000, maxMs: 30_000 }
  let root: string | null = null
  let generation = 0
  let child: ChildProcess | null = null
  let state: RemuxState = 'new'
  let timer: NodeJS.Timeout | null = null
  let delay = backoff.firstMs
  let lastError: string | null = null
  let restarts = 0
  let exited: Promise<void> = Promise.resolve()

  const genDir = (g: number) => (root ? path.join(root, `g${g}`) : null)

  function spawnOnce(): void {
    generation += 1
    const dir = genDir(generation) as string
    fs.mkdirSync(dir, { recursive: true })
    // Keep the previous run's files a while: a player may still ask for its last segments.
    const stale = genDir(generation - 2)
    if (stale) fs.rmSync(stale, { recursive: true, force: true })

    const args = remuxArgs(o.input, dir, { ioTimeoutMs: o.ioTimeoutMs, segmentSeconds: o.segmentSeconds ?? 2, listSize: o.listSize ?? 6 })
    const [wrapper, ...wrapperArgs] = parentDeathPrefix()
    const c = wrapper ? spawn(wrapper, [...wrapperArgs, o.ffmpegPath, ...args], { stdio: ['ignore', 'ignore', 'pipe'] }) : spawn(o.ffmpegPath, args, { stdio: ['ignore', 'ignore', 'pipe'] })
    child = c
    guardChild(c)
    const startedAt = Date.now()
    let tail = ''
    c.stderr?.setEncoding('utf8')
    c.stderr?.on('data', (chunk: string) => {
      tail = (tail + chunk).slice(-2000)
    })
    let done = false
    exited = new Promise((resolve) => {
      const finish = (why: string) => {
        if (done) return
        done = true
        if (child === c) child = null
        const lines = tail.trim().split('\n')
        lastError = redactText(lines[lines.length - 1] || why).slice(0, 300)
        onExit(why, startedAt)
        resolve()
      }
      c.once('exit', (code, signal) => finish(`ffmpeg exited with ${signal ?? code}`))
      c.once('error', (err) => finish(`ffmpeg could not start: ${err.message}`))
    })
    o.log.info({ camera: o.label, pid: c.pid, generation, input: redactUrl(o.input) }, 'ffmpeg remux started')
  }

  function onExit(why: string, startedAt: number): void {
    if (state === 'stopped') return
    if (Date.now() - startedAt > 30_000) delay = backoff.firstMs
    o.log.warn({ camera: o.label, why, error: lastError, retryInMs: delay }, 'ffmpeg remux ended while viewers remain; restarting after a pause')
    state = 'waiting'
    timer = setTimeout(() => {
      timer = null
      if (state !== 'waiting') return
      restarts++
      state = 'running'
      spawnOnce()
    }, delay)
    delay = Math.min(delay * 2, backoff.maxMs)
  }

  return {
    start() {
      if (state !== 'new') return
      sweepOrphanedDirs()
      root = fs.mkdtempSync(path.join(os.tmpdir(), `${DIR_PREFIX}${process.pid}-`))
      state = 'running'
      spawnOnce()
    },
    async stop() {
      if (state === 'stopped') return
      state = 'stopped'
      if (timer) clearTimeout(timer)
      const c = child
      if (c && c.exitCode === null && c.signalCode === null) {
        c.kill('SIGTERM')
        const kill = setTimeout(() => c.kill('SIGKILL'), 3000)
        await exited
        clearTimeout(kill)
      }
      if (root) fs.rmSync(root, { recursive: true, force: true })
      o.log.info({ camera: o.label }, 'ffmpeg remux stopped')
    },
    dir: (g) => {
      const d = genDir(g)
      return d && g >= generation - 1 && fs.existsSync(d) ? d : null
    },
    get generation() {
      return generation
    },
    get pid() {
      return child?.pid ?? null
    },
    get state() {
      return state
    },
    get lastError() {
      return lastError
    },
    get restarts() {
      return restarts
    },
  }
}
