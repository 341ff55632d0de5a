import fs from 'node:fs'
import path from 'node:path'
import { type CameraLook, type FleetCamera, lookFor } from './cameraLook'
import { osdFilters, type OsdTexts, osdTexts } from './cameraOsd'
import {
  type ClipManifest,
  clipDir,
  type FleetSettings,
  publishClip,
  type Quality,
  readManifest,
  readSegmentList,
  RENDITIONS,
  SAFE_ID,
} from './clipStore'
import { runFfmpeg } from './ffmpegJob'
import type { OsdFont } from './osdFont'
import { hashText } from './sceneCatalog'
import type { SceneLibrary } from './sceneLibrary'

/** Bump when the clip encoding changes in a way the recipe below does not capture. */
const CLIP_VERSION = 2

export interface ClipEncoderDeps {
  settings: FleetSettings
  scenes: SceneLibrary
  font: OsdFont
}

/** The ffmpeg arguments for one camera's loop in one quality (an array: no shell ever sees them). */
export function clipArgs(o: {
  /** The scene's loop at this quality's size. */
  baseFile: string
  look: CameraLook
  quality: Quality
  settings: FleetSettings
  fontFile: string | null
  osdFiles: OsdTexts
  outDir: string
}): string[] {
  const r = RENDITIONS[o.quality]
  const { fps, segmentSeconds, loopSeconds } = o.settings
  const gop = fps * segmentSeconds
  const frames = loopSeconds * fps
  const picture = [
    // Start the camera's loop at its own moment of the scene: play the scene twice and cut one
    // loop's worth of frames from the offset. Cut by frame count and re-stamp by frame count,
    // because this ffmpeg (4.x) mis-stamps and then drops frames when -stream_loop meets -ss.
    `trim=start_frame=${o.look.offsetFrames}:end_frame=${o.look.offsetFrames + frames}`,
    `setpts=N/(${fps}*TB)`,
    ...(o.look.mirror ? ['hflip'] : []),
    `eq=brightness=${o.look.brightness.toFixed(3)}:saturation=${o.look.saturation.toFixed(2)}`,
    ...osdFilters(o.fontFile, o.osdFiles, r),
    'format=yuv420p',
  ]
  return [
    ...['-hide_banner', '-nostdin', '-loglevel', 'error', '-y'],
    ...['-stream_loop', '1', '-i', o.baseFile],
    ...['-vf', picture.join(','), '-an', '-frames:v', String(frames), '-r', String(fps)],
    // superfast: a quarter less CPU than veryfast for no visible loss on these pictures at these rates.
    ...['-c:v', 'libx264', '-preset', 'superfast', '-profile:v', 'main', '-level', '3.1', '-pix_fmt', 'yuv420p', '-bf', '0'],
    ...['-b:v', `${r.bitrate}k`, '-maxrate', `${r.maxrate}k`, '-bufsize', `${r.bufsize}k`],
    // GOP = segment: a keyframe exactly every segment and nowhere else, so each segment starts
    // with one and playback can begin at any segment of the live window.
    ...['-g', String(gop), '-keyint_min', String(gop), '-sc_threshold', '0', '-x264-params', 'scenecut=0:open-gop=0'],
    ...['-force_key_frames', `expr:gte(t,n_forced*${segmentSeconds})`, '-threads', '1'],
    ...['-f', 'segment', '-segment_format', 'mpegts', '-segment_time', String(segmentSeconds), '-reset_timestamps', '0'],
    ...['-segment_list', path.join(o.outDir, 'segments.csv'), '-segment_list_type', 'csv'],
    path.join(o.outDir, 'seg-%d.ts'),
  ]
}

export function createClipEncoder(deps: ClipEncoderDeps) {
  const { settings, scenes, font } = deps

  /** Everything that shapes a clip: the scene it is cut from, the OSD text and every ffmpeg argument. */
  function recipe(camera: FleetCamera, quality: Quality): string {
    const look = lookFor(camera, settings.loopSeconds, settings.fps)
    const osdFiles: OsdTexts = { name: 'NAME', clock: 'CLOCK', tag: 'TAG' }
    const args = clipArgs({ baseFile: `scene:${scenes.recipe(look.scene)}`, look, quality, settings, fontFile: font.file, osdFiles, outDir: 'OUT' })
    const h = hashText(JSON.stringify({ v: CLIP_VERSION, args, osd: osdTexts(camera, font, settings.loopSeconds) }))
    return h.toString(16).padStart(8, '0')
  }

  return {
    /** The finished clip if it exists and was made the way it would be made now. */
    current(camera: FleetCamera, quality: Quality): ClipManifest | null {
      const m = readManifest(clipDir(settings, camera.id, quality))
      return m && m.recipe === recipe(camera, quality) && m.loopSeconds === settings.loopSeconds ? m : null
    },

    /** Encode one camera's loop in one quality, replacing any older clip atomically. */
    async encode(camera: FleetCamera, quality: Quality, signal?: AbortSignal): Promise<ClipManifest> {
      if (!SAFE_ID.test(camera.id)) throw new Error(`camera id ${JSON.stringify(camera.id)} cannot name a folder`)
      const look = lookFor(camera, settings.loopSeconds, settings.fps)
      const base = await scenes.ensure(look.scene, quality, signal)
      // Timed from here: the scene's own render, shared by many cameras, is not this clip's cost.
      const started = performance.now()
      const finalDir = clipDir(settings, camera.id, quality)
      fs.mkdirSync(path.dirname(finalDir), { recursive: true })
      const tmp = fs.mkdtempSync(`${finalDir}.tmp-`)
      try {
        const texts = osdTexts(camera, font, settings.loopSeconds)
        const osdFiles: OsdTexts = { name: path.join(tmp, 'osd-name.txt'), clock: path.join(tmp, 'osd-clock.txt'), tag: path.join(tmp, 'osd-tag.txt') }
        for (const key of ['name', 'clock', 'tag'] as const) fs.writeFileSync(osdFiles[key], texts[key])
        await runFfmpeg(clipArgs({ baseFile: base.file, look, quality, settings, fontFile: font.file, osdFiles, outDir: tmp }), signal)
        const segments = readSegmentList(tmp, fs.readFileSync(path.join(tmp, 'segments.csv'), 'utf8'))
        const expected = settings.loopSeconds / settings.segmentSeconds
        if (segments.length !== expected) throw new Error(`expected ${expected} segments, ffmpeg wrote ${segments.length}`)
        for (const f of ['segments.csv', 'osd-name.txt', 'osd-clock.txt', 'osd-tag.txt']) fs.rmSync(path.join(tmp, f), { force: true })
        const manifest: ClipManifest = {
          cameraId: camera.id,
          quality,
          recipe: recipe(camera, quality),
          segmentSeconds: settings.segmentSeconds,
          loopSeconds: settings.loopSeconds,
          segments,
          encodeMs: Math.round(performance.now() - started),
          encodedAt: new Date().toISOString(),
        }
        fs.writeFileSync(path.join(tmp, 'manifest.json'), JSON.stringify(manifest, null, 1))
        publishClip(tmp, finalDir)
        return manifest
      } catch (err) {
        fs.rmSync(tmp, { recursive: true, force: true })
        throw err
      }
    },
  }
}

export type ClipEncoder = ReturnType<typeof createClipEncoder>
