import { type ChildProcess, spawnSync } from 'node:child_process'

/**
 * No orphaned ffmpeg, however the server ends:
 * - close() stops every child and waits for its exit (the normal path);
 * - a process 'exit' (uncaught exception, process.exit) SIGKILLs whatever is still alive;
 * - a SIGKILLed or crashed server cannot run any code, so each child is started under
 *   `setpriv --pdeathsig KILL`, which asks the kernel to kill it when its parent dies.
 */
const live = new Set<ChildProcess>()

function killAll(): void {
  for (const child of live) {
    try {
      child.kill('SIGKILL')
    } catch {
      // already gone
    }
  }
}

export function guardChild(child: ChildProcess): void {
  if (live.size === 0) process.on('exit', killAll)
  live.add(child)
  child.once('exit', () => {
    live.delete(child)
    if (live.size === 0) process.off('exit', killAll)
  })
}

export const liveChildren = (): number => live.size

let deathSignal: string[] | null = null

/** `setpriv --pdeathsig KILL --` when util-linux's setpriv supports it here, else nothing (the exit hook still runs). */
export function parentDeathPrefix(): string[] {
  if (deathSignal === null) {
    const probe = spawnSync('setpriv', ['--pdeathsig', 'KILL', '--', 'true'], { stdio: 'ignore', timeout: 5000 })
    deathSignal = probe.status === 0 ? ['setpriv', '--pdeathsig', 'KILL', '--'] : []
  }
  return deathSignal
}
