import fs from 'node:fs'
import path from 'node:path'
import type { Logger } from '../../core/logger'
import { type FleetSettings, type Quality, RENDITIONS, scenesDir } from './clipStore'
import { runFfmpeg } from './ffmpegJob'
import { type SceneRef, draftScene, hashText, sceneKey } from './sceneCatalog'
import { backgroundGraph, motionGraph } from './sceneFilter'

export interface SceneBase {
  /**
   * A seamless loop of the scene, `loopSeconds` long, with no on-screen display, at each
   * rendition's size: sub clips then decode 640×360, a quarter of the work of scaling 720p.
   */
  files: Record<Quality, string>
  /** Changes whenever the drawing, the loop length or the encoding changes. */
  recipe: string
}

/** Bump when the base encoding changes in a way the drawn scene does not show. */
const BASE_VERSION = 1

/**
 * The shared loops every camera clip is cut from. A scene is rendered once (a still background,
 * then moving sprites over it) the first time a camera needs it, and kept on disk; concurrent
 * requests for one scene wait for the same render.
 */
export function createSceneLibrary(settings: FleetSettings, fontFile: string | null, log?: Logger) {
  const pending = new Map<string, Promise<SceneBase>>()

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

  async function render(ref: SceneRef, signal?: AbortSignal): Promise<SceneBase> {
    const { draft, recipe } = recipeOf(ref)
    const finalDir = path.join(scenesDir(settings), `${sceneKey(ref)}-${recipe}`)
    const files = { sub: path.join(finalDir, 'base-sub.mp4'), main: path.join(finalDir, 'base-main.mp4') }
    if (fs.existsSync(files.sub) && fs.existsSync(files.main)) return { files, recipe }
    const started = performance.now()
    fs.mkdirSync(scenesDir(settings), { recursive: true })
    const tmp = fs.mkdtempSync(path.join(scenesDir(settings), `${sceneKey(ref)}.tmp-`))
    try {
      let n = 0
      const graph = backgroundGraph(draft, {
        fontFile,
        writeText(text) {
          const p = path.join(tmp, `sign-${n++}.txt`)
          fs.writeFileSync(p, text)
          return p
        },
      })
      const still = path.join(tmp, 'background.png')
      await runFfmpeg(['-hide_banner', '-nostdin', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', graph, '-frames:v', '1', still], signal)
      const frames = String(settings.loopSeconds * settings.fps)
      const sub = RENDITIONS.sub
      // Near-lossless: every camera clip is cut from these, so their quality sets the ceiling.
      const output = (label: string, file: string) => [
        ...['-map', `[${label}]`, '-frames:v', frames, '-r', String(settings.fps)],
        ...['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '15', '-g', String(settings.fps * 4), '-pix_fmt', 'yuv420p', '-threads', '1'],
        path.join(tmp, file),
      ]
      await runFfmpeg(
        [
          ...['-hide_banner', '-nostdin', '-loglevel', 'error', '-y'],
          ...['-i', still],
          '-filter_complex',
          `${motionGraph(draft, settings.loopSeconds, settings.fps)};[scene]split=2[main][big];[big]scale=${sub.width}:${sub.height}:flags=bicubic[sub]`,
          ...output('main', path.basename(files.main)),
          ...output('sub', path.basename(files.sub)),
        ],
        signal,
      )
      if (fs.existsSync(finalDir)) fs.rmSync(finalDir, { recursive: true, force: true })
      fs.renameSync(tmp, finalDir)
      const ms = Math.round(performance.now() - started)
      log?.info({ scene: sceneKey(ref), ms }, `camera fleet: drew the ${sceneKey(ref)} street scene in ${(ms / 1000).toFixed(1)} s (shared by every camera that watches it)`)
      return { files, recipe }
    } catch (err) {
      fs.rmSync(tmp, { recursive: true, force: true })
      throw err
    }
  }

  return {
    /** The recipe a scene's base has (or will have), without rendering it. */
    recipe: (ref: SceneRef) => recipeOf(ref).recipe,
    /** The rendered base of a scene, rendering it first if need be. */
    ensure(ref: SceneRef, signal?: AbortSignal): Promise<SceneBase> {
      const key = sceneKey(ref)
      let p = pending.get(key)
      if (!p) {
        p = render(ref, signal).finally(() => pending.delete(key))
        pending.set(key, p)
      }
      return p
    },
  }
}

export type SceneLibrary = ReturnType<typeof createSceneLibrary>
