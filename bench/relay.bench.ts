import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { startLiveTestOrigin } from '../server/src/cameras/relay/testing/liveTestOrigin'
import { makeTestSegments } from '../server/src/cameras/relay/testing/testMedia'
import { type LoadResult, type ServerStats, loadTest, startBenchChild, startNginx } from './relayBenchSupport'

/**
 * Relay figures, against a synthetic live origin in this process (sub-stream-like segments:
 * 640×360, 500 kbit/s CBR, 2 s): (a) fan-out of 50 viewers of one camera, (b) cached segments
 * served by the relay vs nginx serving the same files from disk, same client, same run, and
 * (c) the whole server's memory with all 562 cameras probed and 36 streams active.
 */
const FANOUT_VIEWERS = 50
const FANOUT_SECONDS = 12
const LOAD_CONCURRENCY = 16
const LOAD_SECONDS = 5
const LOAD_ROUNDS = 3
const ACTIVE_STREAMS = 36
const PASS_MS = 20_000

const media = await makeTestSegments({ width: 640, height: 360, segmentSeconds: 2, count: 6, kbps: 500 })
const origin = await startLiveTestOrigin(media, { window: 4 })
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`
const uris = (text: string) => text.split('\n').filter((l) => l && !l.startsWith('#'))

async function link(base: string, cameraId: string, headers: Record<string, string>): Promise<string> {
  const res = await fetch(`${base}/api/v1/cameras/${cameraId}/stream?quality=sub`, { headers })
  if (!res.ok) throw new Error(`stream link for ${cameraId}: ${res.status} ${await res.text()}`)
  return base + ((await res.json()) as { url: string }).url
}

/** A player as hls.js behaves on a live stream: reload each target duration, fetch what is new; with the credentials the link was signed for. */
async function viewer(playlistUrl: string, until: number, served: Map<number, number>, headers: Record<string, string>): Promise<{ playlists: number; segments: number }> {
  const have = new Set<string>()
  let playlists = 0
  let segments = 0
  await sleep(Math.random() * 2000)
  while (Date.now() < until) {
    const res = await fetch(playlistUrl, { headers })
    playlists++
    if (res.ok) {
      for (const uri of uris(await res.text()).slice(have.size === 0 ? -3 : 0)) {
        if (have.has(uri)) continue
        have.add(uri)
        const seg = await fetch(new URL(uri, playlistUrl), { headers })
        await seg.arrayBuffer()
        if (!seg.ok) continue
        segments++
        const seq = Number(/seg\/(\d+)/.exec(uri)?.[1])
        served.set(seq, (served.get(seq) ?? 0) + 1)
      }
    }
    await sleep(2000)
  }
  return { playlists, segments }
}

const relay = await startBenchChild(['harness', origin.url, String(ACTIVE_STREAMS)])
let stats: ServerStats
try {
  // (a) fan-out
  const url = await link(relay.url, 'B000', relay.headers)
  const served = new Map<number, number>()
  const until = Date.now() + FANOUT_SECONDS * 1000
  const views = await Promise.all(Array.from({ length: FANOUT_VIEWERS }, () => viewer(url, until, served, relay.headers)))
  const perSegment = [...served.keys()].map((seq) => origin.hits.get(`/cameras/B000/sub/seg/${seq}.ts`) ?? 0)
  const upstreamSegments = origin.hitsMatching(/^\/cameras\/B000\/sub\/seg\//)
  console.log(`(a) fan-out, one camera, ${FANOUT_SECONDS} s`)
  console.log(`viewers                                  ${FANOUT_VIEWERS}`)
  console.log(`segments (distinct) served               ${served.size}`)
  console.log(`segment responses to viewers             ${views.reduce((n, v) => n + v.segments, 0)}`)
  console.log(`upstream segment fetches                 ${upstreamSegments} (per served segment: max ${Math.max(...perSegment)}, min ${Math.min(...perSegment)})`)
  console.log(`playlist requests / upstream playlist    ${views.reduce((n, v) => n + v.playlists, 0)} / ${origin.hits.get('/cameras/B000/sub/index.m3u8') ?? 0}`)

  // (b) throughput: the relay's cached segments vs nginx serving the same files from disk.
  const text = await (await fetch(url, { headers: relay.headers })).text()
  const segUrls = uris(text).map((u) => new URL(u, url).href)
  await Promise.all(segUrls.map((u) => fetch(u, { headers: relay.headers }).then((r) => r.arrayBuffer())))
  const files = uris(text).map((u) => path.join(media.dir, media.files[Number(/seg\/(\d+)/.exec(u)?.[1]) % media.files.length] as string))
  const nginx = await startNginx(files)
  const nginxUrls = files.map((f) => `${nginx.url}/${path.basename(f)}`)
  await loadTest(segUrls, LOAD_CONCURRENCY, 1)
  await loadTest(nginxUrls, LOAD_CONCURRENCY, 1)
  // Alternating rounds: the machine is shared, so neither side gets all the quiet moments.
  const before = (await relay.stats()).relay.cache.loads
  const rounds: { r: LoadResult; n: LoadResult }[] = []
  for (let i = 0; i < LOAD_ROUNDS; i++) rounds.push({ r: await loadTest(segUrls, LOAD_CONCURRENCY, LOAD_SECONDS), n: await loadTest(nginxUrls, LOAD_CONCURRENCY, LOAD_SECONDS) })
  const loadsDuring = (await relay.stats()).relay.cache.loads - before
  await nginx.stop()
  const sum = (xs: LoadResult[]): LoadResult => xs.reduce((a, x) => ({ requests: a.requests + x.requests, bytes: a.bytes + x.bytes, seconds: a.seconds + x.seconds, errors: a.errors + x.errors }))
  const r = sum(rounds.map((x) => x.r))
  const n = sum(rounds.map((x) => x.n))
  const rate = (x: LoadResult) => x.bytes / x.seconds
  const line = (name: string, x: LoadResult) =>
    `${name.padEnd(41)}${(x.requests / x.seconds).toFixed(0)} req/s, ${(rate(x) / 1024 / 1024).toFixed(1)} MB/s, ${x.errors} errors`
  console.log(`\n(b) throughput: ${segUrls.length} segments of ~${(fs.statSync(files[0] as string).size / 1024).toFixed(0)} KiB, ${LOAD_CONCURRENCY} keep-alive loops, ${LOAD_ROUNDS} alternating rounds of ${LOAD_SECONDS} s, same client`)
  console.log(line('relay (cached, HMAC checked per request)', r))
  console.log(line('nginx 1.22 (1 worker, sendfile, disk)', n))
  console.log(`ratio relay / nginx (MB/s)               ${(rate(r) / rate(n)).toFixed(2)}  (target >= 0.5; rounds: ${rounds.map((x) => (rate(x.r) / rate(x.n)).toFixed(2)).join(', ')}; upstream loads during the run: ${loadsDuring})`)
} finally {
  await relay.stop()
}

// (c) memory of the whole server: 562 cameras probed, 36 streams active.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gulou-relay-bench-'))
const app = await startBenchChild(['app', origin.url, dataDir], { HEALTH_PASS_MS: String(PASS_MS) })
try {
  const baseline = await app.stats()
  const cams = ((await (await fetch(`${app.url}/api/v1/cameras`, { headers: app.headers })).json()) as { items: { id: string }[] }).items.slice(0, ACTIVE_STREAMS)
  const until = Date.now() + PASS_MS + 10_000
  const watching = Promise.all(cams.map(async (c) => viewer(await link(app.url, c.id, app.headers), until, new Map(), app.headers)))
  const samples: ServerStats[] = []
  while (Date.now() < until) {
    await sleep(5000)
    samples.push(await app.stats())
  }
  await watching
  stats = samples.at(-1) as ServerStats
  const peak = Math.max(...samples.map((s) => s.rss))
  console.log(`\n(c) whole server memory, 562 cameras (HEALTH_PASS_MS=${PASS_MS}), ${ACTIVE_STREAMS} sub streams watched for ${(PASS_MS + 10_000) / 1000} s`)
  console.log(`at start (prober running, no stream)     RSS ${mb(baseline.rss)}, heap ${mb(baseline.heapUsed)}`)
  console.log(`with ${ACTIVE_STREAMS} streams + full passes           RSS ${mb(stats.rss)} (peak ${mb(peak)}), heap ${mb(stats.heapUsed)}, array buffers ${mb(stats.arrayBuffers)}`)
  console.log(`relay                                    ${stats.relay.streams} streams, cache ${mb(stats.relay.cache.bytes)} in ${stats.relay.cache.entries} entries, ${stats.relay.cache.loads} upstream loads`)
  console.log(`fleet health                             ${JSON.stringify(stats.health)} after ${stats.passes} prober pass(es)`)
} finally {
  await app.stop()
  fs.rmSync(dataDir, { recursive: true, force: true })
  await origin.close()
}
