import type { EChartsOption } from 'echarts'
import { BarChart, FunnelChart, LineChart, PieChart } from 'echarts/charts'
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components'
import { init, use, type ECharts } from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'
import { onBeforeUnmount, onMounted, watch, type Ref } from 'vue'
import { createCoalescer } from '../../realtime/coalesce'
import { FALLBACK_STYLE, readChartStyle, type ChartStyle } from './chartTheme'

// Only what the KPI charts draw, to keep the rest of ECharts out of the bundle.
use([BarChart, FunnelChart, LineChart, PieChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer])

/** Live data may change ten times a second; a chart redraws at most this often. */
export const CHART_REDRAW_MS = 1000

/** Enough redraws for a bench to read between two looks, few enough that a wall left on for weeks does not grow it. */
const CHART_TIMINGS_KEPT = 500

export interface ChartDiagnostics {
  /** Main-thread ms of recent `setOption` calls, oldest first; a reader may empty it. */
  updates: number[]
}

declare global {
  interface Window {
    __chartDiagnostics?: ChartDiagnostics
  }
}

function recordChartUpdate(ms: number): void {
  const diagnostics = (window.__chartDiagnostics ??= { updates: [] })
  diagnostics.updates.push(ms)
  if (diagnostics.updates.length > CHART_TIMINGS_KEPT) diagnostics.updates.splice(0, diagnostics.updates.length - CHART_TIMINGS_KEPT)
}

/**
 * Owns one ECharts instance on a plain element: creates it on mount, redraws when `option`
 * changes (coalesced), follows the element's size, and disposes of it on unmount. The instance
 * lives in this closure, never in reactive state: Vue must not proxy it.
 */
export function useChart(container: Readonly<Ref<HTMLElement | null>>, option: () => (style: ChartStyle) => EChartsOption): void {
  let chart: ECharts | null = null
  let observer: ResizeObserver | null = null
  let style: ChartStyle = FALLBACK_STYLE

  const draw = () => {
    if (!chart) return
    const started = performance.now()
    chart.setOption(option()(style), { notMerge: true, lazyUpdate: true })
    recordChartUpdate(performance.now() - started)
  }
  const redraw = createCoalescer(draw, CHART_REDRAW_MS)

  onMounted(() => {
    const element = container.value
    if (!element) return
    style = readChartStyle(element)
    chart = init(element, null, { renderer: 'canvas' })
    redraw.request()
    observer = new ResizeObserver(() => {
      if (!chart) return
      chart.resize({ animation: { duration: 0 } })
      // The wall's rem follows the viewport: rebuild the option when the text size changed.
      const next = readChartStyle(element)
      if (next.fontPx !== style.fontPx) {
        style = next
        redraw.flush()
      }
    })
    observer.observe(element)
  })

  watch(option, () => redraw.request())

  onBeforeUnmount(() => {
    redraw.cancel()
    observer?.disconnect()
    observer = null
    chart?.dispose()
    chart = null
  })
}
