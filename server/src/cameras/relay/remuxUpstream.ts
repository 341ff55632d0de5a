import fs from 'node:fs/promises'
import path from 'node:path'
import { createError } from '../../core/appError'
import type { Logger } from '../../core/logger'
import { PlaylistError, parsePlaylist } from '../upstream/hlsPlaylist'
import type { UpstreamSource } from '../upstream/hlsUpstream'
import { type RemuxProcess, createRemuxProcess } from './ffmpegRemux'
import { UpstreamError } from '../upstream/upstreamPolicy'

export interface RemuxUpstreamOptions {
  input: string
  ffmpegPath: string
  label: string
  log: Logger
  ioTimeoutMs: number
  maxPlaylistBytes: number
  /** How long the first viewer waits for ffmpeg's first segment before the request fails. */
  firstPlaylistWaitMs?: number
  segmentSeconds?: number
  backoff?: { firstMs: number; maxMs: number }
}

export type RemuxUpstream = UpstreamSource & { readonly process: RemuxProcess }

const FILE_NAME = /^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,100}$/
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function readCapped(file: string, maxBytes: number, what: string): Promise<Buffer> {
  const stat = await fs.stat(file)
  if (stat.size > maxBytes) throw new UpstreamError('too-large', `${what}: ${stat.size} bytes is over the cap of ${maxBytes}`)
  return fs.readFile(file)
}

/**
 * A non-HLS camera (RTSP …) seen through its ffmpeg remux: ffmpeg starts with the first
 * playlist request and writes a live HLS window into a private temp dir, which this reads.
 * Segment references carry the ffmpeg run they belong to (`<generation>/<file>`), so a restarted
 * ffmpeg, which numbers from 0 again, is told apart from the one before.
 */
export function createRemuxUpstream(o: RemuxUpstreamOptions): RemuxUpstream {
  const proc = createRemuxProcess({
    input: o.input,
    ffmpegPath: o.ffmpegPath,
    label: o.label,
    log: o.log,
    ioTimeoutMs: o.ioTimeoutMs,
    ...(o.segmentSeconds ? { segmentSeconds: o.segmentSeconds } : {}),
    ...(o.backoff ? { backoff: o.backoff } : {}),
  })
  const waitMs = o.firstPlaylistWaitMs ?? 8000

  return {
    kind: 'remux',
    process: proc,
    async loadPlaylist() {
      proc.start()
      const deadline = Date.now() + waitMs
      let text = ''
      let generation = proc.generation
      for (;;) {
        generation = proc.generation
        const dir = proc.dir(generation)
        if (dir) {
          try {
            text = (await readCapped(path.join(dir, 'index.m3u8'), o.maxPlaylistBytes, 'playlist')).toString('utf8')
            // This ffmpeg rewrites the playlist in place (no rename): a read mid-write lacks the final line end.
            if (text.endsWith('\n') || text.trimEnd().endsWith('#EXT-X-ENDLIST')) break
          } catch (err) {
            if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
          }
        }
        if (proc.state === 'stopped') throw new UpstreamError('unreachable', 'the remux was stopped')
        // ffmpeg already gave up (camera unreachable, refused …): say so now rather than hold the viewer.
        if (proc.state === 'waiting' && proc.lastError) throw new UpstreamError('unreachable', `ffmpeg: ${proc.lastError}`)
        if (Date.now() > deadline) throw new UpstreamError('timeout', `no segment from ffmpeg within ${waitMs} ms`)
        await sleep(dir && text ? 20 : 100)
      }
      let parsed
      try {
        parsed = parsePlaylist(text)
      } catch (err) {
        if (err instanceof PlaylistError) throw new UpstreamError('malformed', `remux playlist: ${err.message}`)
        throw err
      }
      if (parsed.kind !== 'media') throw new UpstreamError('malformed', 'remux playlist is a master playlist')
      for (const s of parsed.segments) {
        if (!FILE_NAME.test(s.uri) || s.key || s.mapUri) throw new UpstreamError('refused', 'remux playlist names something other than its own segment files')
        s.uri = `${generation}/${s.uri}`
      }
      return parsed
    },
    async fetch(uri, what, maxBytes) {
      const m = /^(\d+)\/(.+)$/.exec(uri)
      const name = m?.[2] ?? ''
      if (!m || !FILE_NAME.test(name)) throw new UpstreamError('refused', `${what}: not a remux segment`)
      const dir = proc.dir(Number(m[1]))
      if (!dir) throw createError('NOT_FOUND', `${what}: gone (ffmpeg restarted)`)
      try {
        return { body: await readCapped(path.join(dir, name), maxBytes, what), contentType: 'video/mp2t' }
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw createError('NOT_FOUND', `${what}: gone (out of ffmpeg's window)`)
        throw err
      }
    },
    close: () => proc.stop(),
  }
}
