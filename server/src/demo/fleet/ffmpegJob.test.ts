import { describe, expect, it } from 'vitest'
import { liveChildren } from '../../cameras/relay/childGuard'
import { FfmpegAborted, FfmpegError, runFfmpeg } from './ffmpegJob'

// A source that never ends, so only a kill stops it.
const forever = ['-hide_banner', '-nostdin', '-loglevel', 'error', '-re', '-f', 'lavfi', '-i', 'color=c=black:s=64x36:r=5', '-f', 'null', '-']

describe('runFfmpeg', () => {
  it('resolves when ffmpeg finishes cleanly', async () => {
    await runFfmpeg(['-hide_banner', '-nostdin', '-loglevel', 'error', '-f', 'lavfi', '-i', 'color=c=black:s=64x36:r=5:d=0.4', '-f', 'null', '-'])
  })

  it("rejects with the end of ffmpeg's own message when it fails", async () => {
    await expect(runFfmpeg(['-hide_banner', '-nostdin', '-i', '/nonexistent/input.mp4', '-f', 'null', '-'])).rejects.toThrow(/ffmpeg exited with 1: .*No such file/)
  })

  it('kills it when aborted and waits for the exit', async () => {
    const controller = new AbortController()
    const run = runFfmpeg(forever, controller.signal)
    setTimeout(() => controller.abort(), 300)
    await expect(run).rejects.toBeInstanceOf(FfmpegAborted)
    expect(liveChildren()).toBe(0)
  })

  it('stops an encode that hangs', async () => {
    const run = runFfmpeg(forever, undefined, 400)
    await expect(run).rejects.toBeInstanceOf(FfmpegError)
    await expect(run).rejects.toThrow(/still running after 0 s; stopped it/)
    expect(liveChildren()).toBe(0)
  })
})
