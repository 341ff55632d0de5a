import fs from 'node:fs'

/**
 * CPU seconds (user + system) of a process, its children that have exited and were waited for
 * (ffmpeg encodes: cutime/cstime), and its children still running, from /proc (Linux only).
 */
export function processTreeCpuSeconds(pid: number): number {
  const ticks = 100 // USER_HZ on Linux
  const read = (p: number): { own: number; reaped: number } | null => {
    try {
      // The command name may hold spaces: the fields start after its closing parenthesis.
      const fields = fs.readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1]!.split(' ')
      const n = (i: number) => Number(fields[i - 3])
      return { own: n(14) + n(15), reaped: n(16) + n(17) }
    } catch {
      return null
    }
  }
  const childrenOf = (p: number): number[] => {
    try {
      return fs.readdirSync(`/proc/${p}/task`).flatMap((t) => fs.readFileSync(`/proc/${p}/task/${t}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number))
    } catch {
      return []
    }
  }
  let total = 0
  const visit = (p: number, withReaped: boolean) => {
    const s = read(p)
    if (!s) return
    total += s.own + (withReaped ? s.reaped : 0)
    for (const c of childrenOf(p)) visit(c, true)
  }
  visit(pid, true)
  return total / ticks
}
