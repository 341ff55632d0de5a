import type { EChartsOption } from 'echarts'
import { BarChart, FunnelChart, LineChart, PieChart } from 'echarts/charts'
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components'
import { init, use, type ECharts } from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'
import { onBeforeUnmount, onMounted, watch, type Ref } from 'vue'
import { createCoalescer } from '../../realtime/coalesce'
import { registerChart, recordChartUpdate } from './chartDiagnostics'
import { FALLBACK_STYLE, readChartStyle, type ChartStyle } from './chartTheme'
import './chartTooltip.css'

// Only what the KPI charts draw, to keep the rest of ECharts out of the bundle.
use([BarChart, FunnelChart, LineChart, PieChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer])

/** Live data may change ten times a second; a chart redraws at most this often. */
export const CHART_REDRAW_MS = 1000

/**
 * Owns one ECharts instance on a plain element: creates it on mount, redraws when `option`
 * changes (coalesced), follows the element's size, and disposes of it on unmount. The instance
 * lives in this closure, never in reactive state: Vue must not proxy it. `name` is how the
 * diagnostics (chartDiagnostics.ts) know it.
 */
export function useChart(container: Readonly<Ref<HTMLElement | null>>, option: () => (style: ChartStyle) => EChartsOption, name: string): void {
  let chart: ECharts | null = null
  let observer: ResizeObserver | null = null
  let unregister: (() => void) | null = null
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
    unregister = registerChart(name, chart)
    redraw.request()
    observer = new ResizeObserver(() => {
      if (!chart) return
      chart.resize({ animation: { duration: 0 } })
      // The wall's rem follows the viewport, and a ranking shows the rows that fit: rebuild the
      // option when the text size or the height changed.
      const next = readChartStyle(element)
      if (next.fontPx !== style.fontPx || next.heightPx !== style.heightPx) {
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
    unregister?.()
    chart?.dispose()
    chart = null
  })
}
