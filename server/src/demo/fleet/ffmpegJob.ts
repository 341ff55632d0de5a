import { spawn } from 'node:child_process'
import os from 'node:os'
import ffmpegInstaller from '@ffmpeg-installer/ffmpeg'
import { guardChild, parentDeathPrefix } from '../../cameras/relay/childGuard'

export const FFMPEG_PATH: string = ffmpegInstaller.path

/** An encode still running after this long is hung, not slow (the longest take ~1 min on a busy machine). */
const HUNG_AFTER_MS = 10 * 60_000

/** Background encodes yield the CPU to the wall server, the relay and the browsers. */
const BACKGROUND_NICENESS = 10

export class FfmpegError extends Error {
  override name = 'FfmpegError'
}

export class FfmpegAborted extends Error {
  override name = 'FfmpegAborted'
}

/**
 * Run ffmpeg once with an argument array (never a shell) at low priority. Resolves when it exits
 * cleanly; rejects with the end of its stderr otherwise. Aborting the signal kills it (SIGTERM,
 * SIGKILL after 2 s) and waits for the exit, so no encode outlives the origin; the relay's child
 * guard also kills it if the server itself dies.
 */
export function runFfmpeg(args: readonly string[], signal?: AbortSignal, timeoutMs = HUNG_AFTER_MS): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new FfmpegAborted('encode cancelled before it started'))
      return
    }
    const prefix = parentDeathPrefix()
    const [command, ...rest] = prefix.length ? [...prefix, FFMPEG_PATH, ...args] : [FFMPEG_PATH, ...args]
    const child = spawn(command!, rest, { stdio: ['ignore', 'ignore', 'pipe'] })
    guardChild(child)
    if (child.pid !== undefined) {
      try {
        os.setPriority(child.pid, BACKGROUND_NICENESS)
      } catch {
        // The child may already be gone; its exit is reported below.
      }
    }
    let stderr = ''
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000)
    })
    let killTimer: NodeJS.Timeout | undefined
    let hung = false
    const onAbort = () => {
      child.kill('SIGTERM')
      killTimer = setTimeout(() => child.kill('SIGKILL'), 2000)
      killTimer.unref()
    }
    signal?.addEventListener('abort', onAbort, { once: true })
    const hangTimer = setTimeout(() => {
      hung = true
      onAbort()
    }, timeoutMs)
    hangTimer.unref()
    child.once('error', (err) => {
      signal?.removeEventListener('abort', onAbort)
      clearTimeout(hangTimer)
      reject(new FfmpegError(`could not start ffmpeg: ${err.message}`))
    })
    child.once('close', (code, sig) => {
      signal?.removeEventListener('abort', onAbort)
      clearTimeout(hangTimer)
      if (killTimer) clearTimeout(killTimer)
      if (signal?.aborted) reject(new FfmpegAborted('encode cancelled'))
      else if (hung) reject(new FfmpegError(`ffmpeg still running after ${Math.round(timeoutMs / 1000)} s; stopped it`))
      else if (code === 0) resolve()
      else reject(new FfmpegError(`ffmpeg exited with ${code ?? sig}: ${stderr.trim().split('\n').slice(-6).join(' | ')}`))
    })
  })
}
