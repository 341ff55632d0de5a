import type { CdpConnection } from './kioskChromium'

/**
 * Chromium's own account of where a process's memory is (memory-infra): one explicitly triggered
 * dump through the DevTools protocol, read back as allocator sizes per process. RSS says that a
 * renderer grew; this says whether it was V8, Blink's heaps, PartitionAlloc, Skia, media or the
 * compositor, which is what decides the fix.
 */
export type AllocatorSizes = Map<string, number>

const Category = 'disabled-by-default-memory-infra'

interface TraceEvent {
  ph: string
  pid: number
  args?: { dumps?: { allocators?: Record<string, { attrs?: Record<string, { units?: string; value?: string }> }> } }
}

/** Sizes of the top three levels of allocator names (`v8/main`, `partition_alloc/partitions/buffer`, …) per process id, over a browser-target socket. */
export async function memoryDump(browser: CdpConnection): Promise<Map<number, AllocatorSizes>> {
  const events: TraceEvent[] = []
  browser.on('Tracing.dataCollected', (e) => void events.push(...(e['value'] as TraceEvent[])))
  const complete = new Promise<void>((resolve) => browser.on('Tracing.tracingComplete', () => resolve()))
  await browser.send('Tracing.start', { traceConfig: { includedCategories: [Category], excludedCategories: ['*'], memoryDumpConfig: { triggers: [] } }, transferMode: 'ReportEvents' })
  const dumped = await browser.send<{ success: boolean }>('Tracing.requestMemoryDump', { deterministic: true, levelOfDetail: 'detailed' })
  await browser.send('Tracing.end')
  await complete
  if (!dumped.success) throw new Error('Chromium refused the memory dump')
  return allocatorSizes(events)
}

function allocatorSizes(events: TraceEvent[]): Map<number, AllocatorSizes> {
  const byPid = new Map<number, AllocatorSizes>()
  for (const event of events) {
    const allocators = event.ph === 'v' ? event.args?.dumps?.allocators : undefined
    if (!allocators) continue
    const sizes = byPid.get(event.pid) ?? new Map<string, number>()
    byPid.set(event.pid, sizes)
    for (const [name, dump] of Object.entries(allocators)) {
      const depth = name.split('/').length
      // Three levels: enough to tell V8's isolates or PartitionAlloc's partitions apart; not per-object ids.
      if (depth > 3 || name.split('/').some((part) => /^(0x)?[0-9a-f]{8,}$/i.test(part))) continue
      const size = dump.attrs?.['size']
      if (size?.units !== 'bytes' || size.value === undefined) continue
      sizes.set(name, (sizes.get(name) ?? 0) + parseInt(size.value, 16))
    }
  }
  return byPid
}

/** The allocators that changed most between two dumps of one process, largest change first. */
export function allocatorGrowth(before: AllocatorSizes | undefined, after: AllocatorSizes | undefined, top = 16): { name: string; before: number; after: number }[] {
  if (!before || !after) return []
  const names = new Set([...before.keys(), ...after.keys()])
  return [...names]
    .map((name) => ({ name, before: before.get(name) ?? 0, after: after.get(name) ?? 0 }))
    .sort((a, b) => Math.abs(b.after - b.before) - Math.abs(a.after - a.before))
    .slice(0, top)
}
