import { chromiumMemoryDetail, type ResidentMemory } from './chromiumProcess'
import type { KioskPage } from './kioskChromium'

/** One reading of a page's memory: its browser's processes from /proc, its JS heap and DOM from DevTools. */
export interface MemorySample {
  at: number
  renderer: number
  all: number
  detail: Record<string, ResidentMemory>
  js: number
  /** DOM nodes and JS event listeners: a leak of elements or handlers shows here before in RSS. */
  nodes: number
  listeners: number
}

export const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`

export async function sampleMemory(pid: number, page: KioskPage): Promise<MemorySample> {
  // Collect garbage first, so the heap is what is retained, not what awaits collection.
  await page.send('HeapProfiler.collectGarbage')
  const detail = chromiumMemoryDetail(pid)
  const js = (await page.send<{ metrics: { name: string; value: number }[] }>('Performance.getMetrics')).metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? NaN
  const dom = await page.send<{ nodes: number; jsEventListeners: number }>('Memory.getDOMCounters')
  return { at: Date.now(), renderer: detail['renderer']?.rss ?? 0, all: Object.values(detail).reduce((a, b) => a + b.rss, 0), detail, js, nodes: dom.nodes, listeners: dom.jsEventListeners }
}

const split = (r: ResidentMemory | undefined) => (r ? `anon ${mib(r.anon)}, shmem ${mib(r.shmem)}, file ${mib(r.file)}` : 'none')

export const describeMemory = (m: MemorySample) =>
  `renderer RSS ${mib(m.renderer)} (${split(m.detail['renderer'])}), GPU process ${mib(m.detail['gpu-process']?.rss ?? 0)}, all Chromium ${mib(m.all)}, JS heap ${mib(m.js)}, ${m.nodes} DOM nodes, ${m.listeners} listeners`
