import fs from 'node:fs'
import path from 'node:path'
import { z } from 'zod'

/**
 * Where the encoded camera clips live and what describes them:
 * `<fleetDir>/<cameraId>/<quality>/seg-<n>.ts` plus `manifest.json`, written last so a clip
 * without a manifest (an encode cut short) is never served.
 */
export const QUALITIES = ['sub', 'main'] as const
export type Quality = (typeof QUALITIES)[number]

export interface Rendition {
  width: number
  height: number
  /** Target, peak and VBV buffer in kbit/s. */
  bitrate: number
  maxrate: number
  bufsize: number
}

/**
 * The registry advertises these sizes (cameras.ts): sub 640×360 for tiles, main 1280×720. The
 * video targets sit ~10% under the goal because MPEG-TS packaging adds about that much: on the
 * wire a sub stream is ≈500 kbit/s and a main stream ≈1.8 Mbit/s.
 */
export const RENDITIONS: Record<Quality, Rendition> = {
  sub: { width: 640, height: 360, bitrate: 450, maxrate: 500, bufsize: 900 },
  main: { width: 1280, height: 720, bitrate: 1600, maxrate: 1800, bufsize: 3200 },
}

export interface FleetSettings {
  /** Root of the cache: scenes, clips. */
  dir: string
  /** Length of every camera's loop; a multiple of 60 keeps the OSD's seconds true (see cameraOsd.ts). */
  loopSeconds: number
  /** Segment length = GOP length: every segment starts with a keyframe. */
  segmentSeconds: number
  fps: number
}

export const SEGMENT_SECONDS = 2
export const FPS = 15

/** Registry ids become directory names, so only plain ones are accepted. */
export const SAFE_ID = /^[A-Za-z0-9_-]{1,64}$/

export const ClipManifest = z.object({
  cameraId: z.string().regex(SAFE_ID),
  quality: z.enum(QUALITIES),
  /** Hash of everything that shaped the clip; a different recipe means encode again. */
  recipe: z.string().min(1),
  segmentSeconds: z.number().positive(),
  loopSeconds: z.number().positive(),
  segments: z
    .array(z.object({ file: z.string().regex(/^seg-\d{1,4}\.ts$/), duration: z.number().positive(), bytes: z.number().int().positive() }))
    .min(1),
  encodeMs: z.number().nonnegative(),
  encodedAt: z.string(),
})
export type ClipManifest = z.infer<typeof ClipManifest>

export const clipDir = (s: FleetSettings, cameraId: string, quality: Quality) => path.join(s.dir, cameraId, quality)
export const scenesDir = (s: FleetSettings) => path.join(s.dir, 'scenes')

/** A finished clip's manifest, or null if there is none or it does not parse. */
export function readManifest(dir: string): ClipManifest | null {
  try {
    const parsed = ClipManifest.safeParse(JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')))
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}

/** `start,end` rows of ffmpeg's segment list (csv) → per-file durations, checked against the files. */
export function readSegmentList(dir: string, csv: string): ClipManifest['segments'] {
  return csv
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line) => {
      const [file, start, end] = line.split(',')
      const duration = Math.round((Number(end) - Number(start)) * 1000) / 1000
      if (!file || !/^seg-\d{1,4}\.ts$/.test(file) || !(duration > 0)) throw new Error(`unexpected segment list line: ${line}`)
      return { file, duration, bytes: fs.statSync(path.join(dir, file)).size }
    })
}

/** Replace `finalDir` with the finished `tmpDir` (rename is atomic within one file system). */
export function publishClip(tmpDir: string, finalDir: string): void {
  const old = `${finalDir}.old-${process.pid}-${Date.now()}`
  if (fs.existsSync(finalDir)) fs.renameSync(finalDir, old)
  fs.renameSync(tmpDir, finalDir)
  fs.rmSync(old, { recursive: true, force: true })
}

/**
 * Work folders left by an encode that was cut short (a crash, a kill): remove them at start.
 * Only old ones, since another process may share FLEET_DIR and be encoding right now.
 */
export function removeLeftovers(s: FleetSettings, olderThanMs = 15 * 60_000): number {
  let removed = 0
  if (!fs.existsSync(s.dir)) return 0
  const cutoff = Date.now() - olderThanMs
  // Camera folders hold `<quality>.tmp-…`; scene folders (one level further down) hold `base-<q>.mp4.tmp-…`.
  const parents = (dir: string) => fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => path.join(dir, e.name))
  const scenes = scenesDir(s)
  const folders = [...parents(s.dir), ...(fs.existsSync(scenes) ? parents(scenes) : [])]
  for (const parent of folders) {
    for (const child of fs.readdirSync(parent)) {
      const p = path.join(parent, child)
      if ((child.includes('.tmp-') || child.includes('.old-')) && fs.statSync(p).mtimeMs < cutoff) {
        fs.rmSync(p, { recursive: true, force: true })
        removed++
      }
    }
  }
  return removed
}
