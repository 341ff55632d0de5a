import fs from 'node:fs'

/** Resident memory of one Chromium process, split the way /proc/<pid>/status splits it. */
export interface ResidentMemory {
  rss: number
  /** Private heap and anonymous mappings: what the process itself allocated. */
  anon: number
  /** Mapped files (the binary, fonts, ICU data). */
  file: number
  /** Shared memory: media and compositor buffers handed between processes. */
  shmem: number
}

const kB = (status: string, field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) * 1024

/** Resident memory of the browser's processes by kind (`renderer`, `gpu-process`, `browser`, …), following the process tree. */
export function chromiumMemoryDetail(rootPid: number): Record<string, ResidentMemory> {
  const children = new Map<number, number[]>()
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8')
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)])
    } catch {
      // The process ended while we looked.
    }
  }
  const totals: Record<string, ResidentMemory> = {}
  const visit = (pid: number) => {
    try {
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8')
      const kind = /--type=([\w-]+)/.exec(cmd)?.[1] ?? 'browser'
      const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
      const sum = (totals[kind] ??= { rss: 0, anon: 0, file: 0, shmem: 0 })
      sum.rss += kB(status, 'VmRSS')
      sum.anon += kB(status, 'RssAnon')
      sum.file += kB(status, 'RssFile')
      sum.shmem += kB(status, 'RssShmem')
    } catch {
      // Gone.
    }
    for (const c of children.get(pid) ?? []) visit(c)
  }
  visit(rootPid)
  return totals
}
