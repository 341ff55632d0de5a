import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import ffmpeg from '@ffmpeg-installer/ffmpeg'

const run = promisify(execFile)

export interface SegmentSet {
  dir: string
  files: string[]
  bodies: Buffer[]
  /** Seconds, as the encoder's playlist states them. */
  durations: number[]
  segmentSeconds: number
}

export interface SegmentSpec {
  width?: number
  height?: number
  segmentSeconds?: number
  count?: number
  /** Constant bitrate in kbit/s (filler data keeps segment sizes realistic); unset: whatever x264 makes. */
  kbps?: number
}

/**
 * Build once into a shared temp dir (keyed by the arguments), publishing with a rename so
 * parallel test files never see half a set.
 */
async function cached(key: string, build: (dir: string) => Promise<void>): Promise<string> {
  const dir = path.join(os.tmpdir(), `gulou-relay-media-${createHash('sha1').update(key).digest('hex').slice(0, 12)}`)
  if (fs.existsSync(path.join(dir, 'done'))) return dir
  const work = fs.mkdtempSync(`${dir}-build-`)
  await build(work)
  fs.writeFileSync(path.join(work, 'done'), '')
  try {
    fs.renameSync(work, dir)
  } catch {
    fs.rmSync(work, { recursive: true, force: true })
  }
  return dir
}

const x264 = (seconds: number, spec: SegmentSpec) => {
  const gop = String(Math.round(25 * (spec.segmentSeconds ?? 1)))
  const rate = spec.kbps
    ? ['-b:v', `${spec.kbps}k`, '-minrate', `${spec.kbps}k`, '-maxrate', `${spec.kbps}k`, '-bufsize', `${spec.kbps}k`, '-x264-params', 'nal-hrd=cbr']
    : []
  return [
    '-f', 'lavfi', '-i', `testsrc2=size=${spec.width ?? 320}x${spec.height ?? 180}:rate=25`, '-t', String(seconds),
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-g', gop, '-keyint_min', gop, '-sc_threshold', '0', ...rate,
  ]
}

/** A few real H.264 MPEG-TS segments (one keyframe each) for a synthetic live origin. */
export async function makeTestSegments(spec: SegmentSpec = {}): Promise<SegmentSet> {
  const segmentSeconds = spec.segmentSeconds ?? 1
  const count = spec.count ?? 6
  const dir = await cached(`segments:${JSON.stringify(spec)}`, async (work) => {
    await run(ffmpeg.path, [
      '-hide_banner', '-loglevel', 'error', ...x264(segmentSeconds * count, spec),
      '-f', 'hls', '-hls_time', String(segmentSeconds), '-hls_list_size', '0',
      '-hls_segment_filename', path.join(work, 's%d.ts'), path.join(work, 'vod.m3u8'),
    ])
  })
  const playlist = fs.readFileSync(path.join(dir, 'vod.m3u8'), 'utf8')
  const durations = [...playlist.matchAll(/#EXTINF:([\d.]+)/g)].map((m) => Number(m[1]))
  const files = [...playlist.matchAll(/^(s\d+\.ts)$/gm)].map((m) => m[1] as string)
  return { dir, files, bodies: files.map((f) => fs.readFileSync(path.join(dir, f))), durations, segmentSeconds }
}

/** One continuous MPEG-TS recording (steady timestamps), to be played out as a live TCP feed. */
export async function makeTestTransportStream(seconds = 60): Promise<string> {
  const dir = await cached(`ts:${seconds}`, async (work) => {
    await run(ffmpeg.path, ['-hide_banner', '-loglevel', 'error', ...x264(seconds, { width: 320, height: 180 }), '-f', 'mpegts', path.join(work, 'feed.ts')])
  })
  return path.join(dir, 'feed.ts')
}
