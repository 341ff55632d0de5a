import fs from 'node:fs'
import path from 'node:path'
import type { Logger } from '../../core/logger'
import { type FleetSettings, type Quality, RENDITIONS, scenesDir } from './clipStore'
import { runFfmpeg } from './ffmpegJob'
import { type SceneRef, draftScene, hashText, sceneKey } from './sceneCatalog'
import { backgroundGraph, motionGraph } from './sceneFilter'

export interface SceneBase {
  /**
   * A seamless loop of the scene, `loopSeconds` long, with no on-screen display, at one
   * rendition's size: sub clips then decode 640×360, a quarter of the work of scaling 720p.
   */
  file: string
  /** Changes whenever the drawing, the loop length or the encoding changes. */
  recipe: string
}

/** Bump when the base encoding changes in a way the drawn scene does not show. */
const BASE_VERSION = 4

/**
 * The shared loops every camera clip is cut from. A scene's still background is painted once, and
 * each quality's loop is drawn over it the first time a camera needs that quality: tiles need only
 * the sub stream, so the first start draws 640×360 loops (about 4 s each on this machine) and a
 * 720p loop only when someone opens a camera's main stream. Everything is kept on disk; concurrent
 * requests for one base wait for the same render.
 */
export function createSceneLibrary(settings: FleetSettings, fontFile: string | null, log?: Logger) {
  const pending = new Map<string, Promise<string>>()
  const drafts = new Map<string, { draft: ReturnType<typeof draftScene>; recipe: string }>()

  function recipeOf(ref: SceneRef): { draft: ReturnType<typeof draftScene>; recipe: string } {
    let known = drafts.get(sceneKey(ref))
    if (!known) {
      const draft = draftScene(ref, settings.loopSeconds)
      const recipe = hashText(JSON.stringify({ v: BASE_VERSION, draft, fps: settings.fps, loop: settings.loopSeconds, text: Boolean(fontFile) }))
      known = { draft, recipe: recipe.toString(16).padStart(8, '0') }
      drafts.set(sceneKey(ref), known)
    }
    return known
  }

  const sceneDir = (ref: SceneRef) => path.join(scenesDir(settings), `${sceneKey(ref)}-${recipeOf(ref).recipe}`)

  /** Written under a temporary name and renamed, so a file that exists is whole. */
  async function produce(file: string, make: (tmp: string) => Promise<void>): Promise<void> {
    if (fs.existsSync(file)) return
    fs.mkdirSync(path.dirname(file), { recursive: true })
    const tmp = fs.mkdtempSync(`${file}.tmp-`)
    try {
      await make(tmp)
      fs.renameSync(path.join(tmp, path.basename(file)), file)
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true })
    }
  }

  function still(ref: SceneRef, signal?: AbortSignal): Promise<string> {
    const file = path.join(sceneDir(ref), 'background.png')
    return once(file, () =>
      produce(file, async (tmp) => {
        let n = 0
        const graph = backgroundGraph(recipeOf(ref).draft, {
          fontFile,
          writeText(text) {
            const p = path.join(tmp, `sign-${n++}.txt`)
            fs.writeFileSync(p, text)
            return p
          },
        })
        await runFfmpeg(['-hide_banner', '-nostdin', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', graph, '-frames:v', '1', path.join(tmp, 'background.png')], signal)
      }),
    )
  }

  function base(ref: SceneRef, quality: Quality, signal?: AbortSignal): Promise<string> {
    const file = path.join(sceneDir(ref), `base-${quality}.mp4`)
    return once(file, async () => {
      if (fs.existsSync(file)) return
      const background = await still(ref, signal)
      const started = performance.now()
      const r = RENDITIONS[quality]
      await produce(file, (tmp) =>
        runFfmpeg(
          [
            ...['-hide_banner', '-nostdin', '-loglevel', 'error', '-y', '-i', background],
            ...['-filter_complex', motionGraph(recipeOf(ref).draft, settings.loopSeconds, settings.fps, r), '-map', '[scene]'],
            ...['-frames:v', String(settings.loopSeconds * settings.fps), '-r', String(settings.fps)],
            // Near-lossless: every camera clip is cut from these, so their quality sets the ceiling.
            ...['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '15', '-g', String(settings.fps * 4), '-pix_fmt', 'yuv420p', '-threads', '1'],
            path.join(tmp, path.basename(file)),
          ],
          signal,
        ),
      )
      const ms = Math.round(performance.now() - started)
      log?.info({ scene: sceneKey(ref), quality, ms }, `camera fleet: drew the ${sceneKey(ref)} street scene (${quality}) in ${(ms / 1000).toFixed(1)} s, shared by every camera that watches it`)
    })
  }

  /** One render per file at a time: later callers wait for the first. */
  function once(file: string, work: () => Promise<void>): Promise<string> {
    let p = pending.get(file)
    if (!p) {
      p = work()
        .then(() => file)
        .finally(() => pending.delete(file))
      pending.set(file, p)
    }
    return p
  }

  return {
    /** The recipe a scene's base has (or will have), without rendering it. */
    recipe: (ref: SceneRef) => recipeOf(ref).recipe,
    /** The rendered base of a scene in one quality, rendering it (and its still) first if need be. */
    async ensure(ref: SceneRef, quality: Quality, signal?: AbortSignal): Promise<SceneBase> {
      return { file: await base(ref, quality, signal), recipe: recipeOf(ref).recipe }
    },
  }
}

export type SceneLibrary = ReturnType<typeof createSceneLibrary>
