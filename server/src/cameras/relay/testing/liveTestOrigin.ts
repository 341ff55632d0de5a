import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import net from 'node:net'
import type { SegmentSet } from './testMedia'

/** How one synthetic camera misbehaves; change it while a test runs. */
export interface CameraBehaviour {
  /** Answer 503 to everything. */
  offline?: boolean
  /** Answer 503 with Retry-After and this body: "not ready yet" (a clip being encoded). */
  preparing?: { retryAfter: string; body: string }
  /** The playlist stops advancing (the encoder hung while the web server still answers). */
  frozenAt?: number
  /** Replace the playlist text (foreign hosts, file: URIs …); gets the live one. */
  playlist?: (live: string) => string
  /** Redirect the playlist request here. */
  redirectTo?: string
  /** Serve this body for every segment. */
  segmentBody?: Buffer
  /** Delay each segment answer (to line up concurrent viewers). */
  segmentDelayMs?: number
}

export interface LiveTestOrigin {
  url: string
  /** Requests per path (without query). */
  hits: Map<string, number>
  /** Request headers seen per path, last one wins. */
  headers: Map<string, http.IncomingHttpHeaders>
  hitsMatching(re: RegExp): number
  camera(id: string): CameraBehaviour
  /** The newest complete segment index now. */
  newest(): number
  close(): Promise<void>
}

/**
 * A tiny live HLS origin for tests and benches: `/cameras/<id>/<q>/index.m3u8` is a sliding
 * window whose media sequence follows the wall clock, with program date-time on every segment and
 * a discontinuity where the looped recording starts over; `seg/<n>.ts` serves the recording.
 */
export async function startLiveTestOrigin(media: SegmentSet, opts: { window?: number; port?: number } = {}): Promise<LiveTestOrigin> {
  const window = opts.window ?? 4
  const count = media.files.length
  const segMs = media.segmentSeconds * 1000
  const t0 = Date.now() - (window + 2) * segMs
  const behaviours = new Map<string, CameraBehaviour>()
  const hits = new Map<string, number>()
  const headers = new Map<string, http.IncomingHttpHeaders>()
  const camera = (id: string) => {
    let b = behaviours.get(id)
    if (!b) behaviours.set(id, (b = {}))
    return b
  }
  const newest = () => Math.floor((Date.now() - t0) / segMs) - 1

  function livePlaylist(b: CameraBehaviour): string {
    const last = b.frozenAt ?? newest()
    const first = Math.max(0, last - window + 1)
    const lines = ['#EXTM3U', '#EXT-X-VERSION:3', `#EXT-X-TARGETDURATION:${Math.ceil(media.segmentSeconds)}`, `#EXT-X-MEDIA-SEQUENCE:${first}`]
    lines.push(`#EXT-X-DISCONTINUITY-SEQUENCE:${Math.floor(first / count)}`)
    for (let n = first; n <= last; n++) {
      if (n !== first && n % count === 0) lines.push('#EXT-X-DISCONTINUITY')
      lines.push(`#EXT-X-PROGRAM-DATE-TIME:${new Date(t0 + n * segMs).toISOString()}`)
      lines.push(`#EXTINF:${(media.durations[n % count] ?? media.segmentSeconds).toFixed(3)},`, `seg/${n}.ts`)
    }
    return `${lines.join('\n')}\n`
  }

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://origin')
    hits.set(url.pathname, (hits.get(url.pathname) ?? 0) + 1)
    headers.set(url.pathname, req.headers)
    const m = /^\/cameras\/([^/]+)\/(sub|main)\/(index\.m3u8|seg\/(\d+)\.ts)$/.exec(url.pathname)
    if (!m) return void res.writeHead(404).end()
    const b = camera(m[1] as string)
    if (b.offline) return void res.writeHead(503).end('offline')
    if (b.preparing) return void res.writeHead(503, { 'retry-after': b.preparing.retryAfter, 'content-type': 'application/json' }).end(b.preparing.body)
    if (m[3] === 'index.m3u8') {
      if (b.redirectTo) return void res.writeHead(302, { location: b.redirectTo }).end()
      const text = b.playlist ? b.playlist(livePlaylist(b)) : livePlaylist(b)
      return void res.writeHead(200, { 'content-type': 'application/vnd.apple.mpegurl', 'cache-control': 'no-cache' }).end(text)
    }
    const n = Number(m[4])
    if (n > (b.frozenAt ?? newest())) return void res.writeHead(404).end()
    const body = b.segmentBody ?? media.bodies[n % count] ?? Buffer.alloc(0)
    const send = () => res.writeHead(200, { 'content-type': 'video/mp2t', 'content-length': body.byteLength }).end(body)
    if (b.segmentDelayMs) setTimeout(send, b.segmentDelayMs)
    else send()
  })
  server.keepAliveTimeout = 30_000
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits,
    headers,
    hitsMatching: (re) => [...hits].reduce((n, [p, c]) => (re.test(p) ? n + c : n), 0),
    camera,
    newest,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** An MPEG-TS feed over plain TCP, played out at its own bitrate from the first byte: a stand-in for an RTSP camera. */
export async function startTcpTestFeed(file: string, seconds: number): Promise<{ url: string; connections: () => number; close(): Promise<void> }> {
  const data = fs.readFileSync(file)
  const perTick = Math.ceil(data.byteLength / seconds / 20 / 188) * 188
  let connections = 0
  const sockets = new Set<net.Socket>()
  const server = net.createServer((socket) => {
    connections++
    sockets.add(socket)
    // A burst of two seconds first, as a camera's buffer would give, then real time.
    let at = Math.min(data.byteLength, perTick * 40)
    socket.write(data.subarray(0, at))
    const timer = setInterval(() => {
      if (at >= data.byteLength) return void socket.end()
      socket.write(data.subarray(at, at + perTick))
      at += perTick
    }, 50)
    socket.on('error', () => {})
    socket.on('close', () => {
      clearInterval(timer)
      sockets.delete(socket)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `tcp://127.0.0.1:${(server.address() as AddressInfo).port}`,
    connections: () => connections,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      }),
  }
}
