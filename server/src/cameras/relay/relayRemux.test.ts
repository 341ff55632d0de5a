import { execFile, spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import ffmpeg from '@ffmpeg-installer/ffmpeg'
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest'
import { startTcpTestFeed } from './testing/liveTestOrigin'
import { type RelayHarness, startRelayHarness, testCamera } from './testing/relayHarness'
import { makeTestTransportStream } from './testing/testMedia'

const run = promisify(execFile)
let feed: Awaited<ReturnType<typeof startTcpTestFeed>>
let relay: RelayHarness

beforeAll(async () => {
  feed = await startTcpTestFeed(await makeTestTransportStream(60), 60)
  relay = await startRelayHarness({
    cameras: [testCamera('NVR', feed.url), testCamera('GONE', 'tcp://127.0.0.1:9/')],
    env: { RELAY_IDLE_MS: '1500', RELAY_CONNECT_TIMEOUT_MS: '2000', RELAY_READ_TIMEOUT_MS: '2000' },
    remux: { segmentSeconds: 1, backoff: { firstMs: 300, maxMs: 1000 }, firstPlaylistWaitMs: 15_000 },
  })
}, 60_000)
afterAll(async () => {
  await relay?.close()
  await feed?.close()
})

/** Our own ffmpeg children, read from /proc (zombies included: a zombie is a failure too). */
function ffmpegChildren(): { pid: number; state: string }[] {
  const out: { pid: number; state: string }[] = []
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    let stat: string
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8')
    } catch {
      continue
    }
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'))
    const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    if (Number(ppid) === process.pid && comm === 'ffmpeg') out.push({ pid: Number(entry), state: state ?? '?' })
  }
  return out
}

const until = async (check: () => boolean | Promise<boolean>, what: string, ms = 10_000) => {
  const end = Date.now() + ms
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}
const seqs = (text: string) => [...text.matchAll(/seg\/(\d+)\.ts/g)].map((m) => Number(m[1]))

describe('ffmpeg remux of a non-HLS camera', () => {
  it('starts one ffmpeg on the first viewer, shares it, serves decodable HLS, and stops it after idle', async () => {
    expect(ffmpegChildren()).toEqual([])
    const url = await relay.streamUrl('NVR')
    const [a, b] = await Promise.all([fetch(url), fetch(url)])
    expect([a.status, b.status]).toEqual([200, 200])
    const text = await a.text()
    expect(text).toMatch(/#EXT-X-PROGRAM-DATE-TIME:/)
    expect(text).not.toMatch(/tcp:|\/tmp\//)
    const remux = ffmpegChildren()
    expect(remux).toHaveLength(1)
    expect(feed.connections()).toBe(1)

    const segment = await fetch(new URL(text.split('\n').find((l) => l.startsWith('seg/')) as string, url))
    expect(segment.status).toBe(200)
    expect(segment.headers.get('content-type')).toBe('video/mp2t')
    const { stderr } = await run(ffmpeg.path, ['-hide_banner', '-i', url, '-t', '1', '-f', 'null', '-'], { timeout: 30_000 })
    expect(Number([...stderr.matchAll(/frame=\s*(\d+)/g)].pop()?.[1] ?? 0)).toBeGreaterThanOrEqual(20)
    expect(feed.connections()).toBe(1)

    // Nobody asks any more: gone after RELAY_IDLE_MS (1.5 s here), and reaped.
    await until(() => ffmpegChildren().length === 0, 'the idle remux to stop', 8000)
    expect(fs.existsSync(`/proc/${remux[0]?.pid}`)).toBe(false)
    expect(relay.video.relay.stats()).toMatchObject({ streams: 0, remuxProcesses: 0 })
  }, 60_000)

  it('restarts a crashed ffmpeg while viewers remain and numbers on after what players have', async () => {
    const url = await relay.streamUrl('NVR')
    const first = await (await fetch(url)).text()
    const [child] = ffmpegChildren()
    expect(child).toBeDefined()
    const before = Math.max(...seqs(first))
    process.kill(child?.pid as number, 'SIGKILL')

    let after = ''
    await until(async () => {
      const res = await fetch(url)
      if (res.status === 200) after = await res.text()
      const now = ffmpegChildren()
      return now.length === 1 && now[0]?.pid !== child?.pid && after.includes('#EXT-X-DISCONTINUITY') && Math.max(...seqs(after)) > before
    }, 'a restarted ffmpeg', 20_000)
    const fresh = seqs(after).filter((s) => s > before)
    expect(fresh.length).toBeGreaterThan(0)
    expect(Math.min(...seqs(after))).toBeGreaterThanOrEqual(Math.min(...seqs(first)))
    expect(ffmpegChildren().filter((c) => c.state === 'Z')).toEqual([])
  }, 40_000)

  it('reports an unreachable camera as offline quickly, without leaving a process', async () => {
    const started = Date.now()
    const res = await fetch(await relay.streamUrl('GONE'))
    expect(res.status).toBe(502)
    expect(Date.now() - started).toBeLessThan(5000)
    expect(relay.video.health.status('GONE')).toBe('offline')
  }, 20_000)

  it('leaves no ffmpeg behind when the server process is killed outright', async () => {
    // Its own TMPDIR: a process killed outright cleans nothing up, the test does.
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gulou-crash-'))
    onTestFinished(() => fs.rmSync(tmp, { recursive: true, force: true }))
    const child = spawn(process.execPath, ['--import', 'tsx', new URL('./testing/remuxCrashChild.ts', import.meta.url).pathname, feed.url], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, TMPDIR: tmp },
    })
    const line = await new Promise<string>((resolve, reject) => {
      let out = ''
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString()
        if (out.includes('\n')) resolve(out.split('\n')[0] as string)
      })
      child.once('exit', (code) => reject(new Error(`child exited with ${code}`)))
    })
    const { status, ffmpegPid } = JSON.parse(line) as { status: number; ffmpegPid: number }
    expect(status).toBe(200)
    expect(fs.existsSync(`/proc/${ffmpegPid}`)).toBe(true)
    child.kill('SIGKILL')
    // Gone, or dead and waiting for PID 1 to reap it: either way not running.
    const gone = () => {
      try {
        return fs.readFileSync(`/proc/${ffmpegPid}/stat`, 'utf8').split(') ')[1]?.startsWith('Z') ?? true
      } catch {
        return true
      }
    }
    await until(gone, 'the orphaned ffmpeg to die', 5000)
    expect(feed.connections()).toBeGreaterThanOrEqual(1)
  }, 60_000)

  it('stops every ffmpeg on close()', async () => {
    expect((await fetch(await relay.streamUrl('NVR'))).status).toBe(200)
    expect(ffmpegChildren().length).toBeGreaterThanOrEqual(1)
    await relay.video.close()
    expect(ffmpegChildren()).toEqual([])
  }, 30_000)
})
