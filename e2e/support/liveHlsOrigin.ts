import { spawn } from 'node:child_process'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import ffmpegInstaller from '@ffmpeg-installer/ffmpeg'

/**
 * A small live HLS origin for the player's browser test and benches, laid out like the camera
 * fleet's (`/cameras/:id/:quality/index.m3u8`) so the server's relay can sit in front of it via
 * CAMERA_ORIGIN_URL: one short clip encoded once with the ffmpeg from @ffmpeg-installer, then
 * served as a live stream per camera id (sliding window, media sequence following the wall clock,
 * PROGRAM-DATE-TIME on every segment, a discontinuity where the loop wraps), without re-encoding.
 * `freeze(id)` stops a camera's playlist from advancing; `setOffline(id)` makes it answer 503.
 */
export interface LiveHlsOrigin {
  url: string
  /** Playlist URL of a camera (any id is a camera here; both qualities serve the 640×360 clip). */
  playlistUrl(cameraId: string, quality?: 'sub' | 'main'): string
  freeze(cameraId: string): void
  thaw(cameraId: string): void
  setOffline(cameraId: string, offline: boolean): void
  /** Requests served per camera id, playlists and segments. */
  requests(cameraId: string): number
  close(): Promise<void>
}

export interface LiveHlsOriginOptions {
  /** Segment length in seconds (the playlist's target duration); 1 by default. */
  segmentSeconds?: number
  /** Segments in the sliding window; 6 by default. */
  window?: number
  /** Length of the encoded loop in seconds; 12 by default. */
  loopSeconds?: number
  /** Loopback port; any free one by default. */
  port?: number
}

async function encodeClip(dir: string, segmentSeconds: number, loopSeconds: number): Promise<string[]> {
  const fps = 25
  const args = [
    '-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', `testsrc2=size=640x360:rate=${fps}`,
    '-t', String(loopSeconds),
    '-c:v', 'libx264', '-preset', 'veryfast', '-profile:v', 'main', '-pix_fmt', 'yuv420p',
    '-b:v', '500k', '-maxrate', '500k', '-bufsize', '500k',
    // One keyframe per segment, so every segment starts cleanly (what the fleet does too).
    '-g', String(fps * segmentSeconds), '-keyint_min', String(fps * segmentSeconds), '-sc_threshold', '0',
    '-f', 'hls', '-hls_time', String(segmentSeconds), '-hls_list_size', '0',
    '-hls_segment_filename', path.join(dir, 's%03d.ts'), path.join(dir, 'clip.m3u8'),
  ]
  await new Promise<void>((resolve, reject) => {
    const child = spawn(ffmpegInstaller.path, args, { stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.once('error', reject)
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg exited with ${code}: ${stderr}`))))
  })
  return (await readdir(dir)).filter((f) => f.endsWith('.ts')).sort()
}

export async function startLiveHlsOrigin(options: LiveHlsOriginOptions = {}): Promise<LiveHlsOrigin> {
  const segmentSeconds = options.segmentSeconds ?? 1
  const windowSize = options.window ?? 6
  const dir = await mkdtemp(path.join(os.tmpdir(), 'wall-live-origin-'))
  const names = await encodeClip(dir, segmentSeconds, options.loopSeconds ?? 12)
  const segments = await Promise.all(names.map((n) => readFile(path.join(dir, n))))
  const count = segments.length
  const segMs = segmentSeconds * 1000
  const frozenAt = new Map<string, number>()
  const offline = new Set<string>()
  const served = new Map<string, number>()
  // Each camera starts its loop somewhere else, so tiles do not show the same frame.
  const offsetOf = (id: string) => [...id].reduce((a, c) => (a * 31 + c.charCodeAt(0)) % 9973, 7) % count

  // Discontinuities are counted from the origin's start, as an encoder does: a count derived from
  // the epoch (≈10^8) makes hls.js 1.7 walk a sparse array of that length on every playlist load.
  const firstMsn = Math.floor(Date.now() / segMs) - 2 * windowSize
  const playlist = (id: string, now: number) => {
    const off = offsetOf(id)
    const last = Math.floor(now / segMs) - 1
    const first = last - windowSize + 1
    const lines = ['#EXTM3U', '#EXT-X-VERSION:3', `#EXT-X-TARGETDURATION:${segmentSeconds}`, `#EXT-X-MEDIA-SEQUENCE:${first}`]
    lines.push(`#EXT-X-DISCONTINUITY-SEQUENCE:${Math.floor((first + off) / count) - Math.floor((firstMsn + off) / count)}`)
    for (let msn = first; msn <= last; msn++) {
      if (msn !== first && (msn + off) % count === 0) lines.push('#EXT-X-DISCONTINUITY')
      lines.push(`#EXT-X-PROGRAM-DATE-TIME:${new Date(msn * segMs).toISOString()}`, `#EXTINF:${segmentSeconds.toFixed(3)},`, `seg-${msn}.ts`)
    }
    return `${lines.join('\n')}\n`
  }

  const server = http.createServer((req, res) => {
    res.setHeader('access-control-allow-origin', '*')
    const match = /^\/cameras\/([\w-]{1,64})\/(sub|main)\/(index\.m3u8|seg-(\d{1,15})\.ts)$/.exec(new URL(req.url ?? '/', 'http://x').pathname)
    if (!match) return void res.writeHead(404).end()
    const [, id = '', , name, msn] = match
    served.set(id, (served.get(id) ?? 0) + 1)
    if (offline.has(id)) return void res.writeHead(503).end()
    if (name === 'index.m3u8') {
      res.writeHead(200, { 'content-type': 'application/vnd.apple.mpegurl', 'cache-control': 'no-cache' })
      return void res.end(playlist(id, frozenAt.get(id) ?? Date.now()))
    }
    const body = segments[(Number(msn) + offsetOf(id)) % count]
    res.writeHead(200, { 'content-type': 'video/mp2t', 'cache-control': 'max-age=60' })
    res.end(body)
  })
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  return {
    url,
    playlistUrl: (id, quality = 'sub') => `${url}/cameras/${encodeURIComponent(id)}/${quality}/index.m3u8`,
    freeze: (id) => void frozenAt.set(id, Date.now()),
    thaw: (id) => void frozenAt.delete(id),
    setOffline: (id, on) => void (on ? offline.add(id) : offline.delete(id)),
    requests: (id) => served.get(id) ?? 0,
    async close() {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await rm(dir, { recursive: true, force: true })
    },
  }
}
