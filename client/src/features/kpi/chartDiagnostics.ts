import type { ECharts } from 'echarts/core'

/**
 * A read-only window into the KPI charts for the benches, the browser tests and a duty engineer at
 * the browser console: how long redraws take, and what text each chart actually drew. ECharts draws
 * on a canvas, so "is every label there, whole, at least 16 px, not on top of another" can only be
 * answered from its own scene graph, after layout.
 */

/** One piece of text on a chart's canvas, in CSS px of the page. */
export interface DrawnText {
  text: string
  fontPx: number
  box: { left: number; top: number; right: number; bottom: number }
}

export interface ChartDiagnostics {
  /** Main-thread ms of recent `setOption` calls, oldest first; a reader may empty it. */
  updates: number[]
  /** Names of the charts on screen (the KPI panel keys). */
  charts(): string[]
  /** The text a chart drew, or null for a chart not on screen. */
  texts(name: string): DrawnText[] | null
}

declare global {
  interface Window {
    __chartDiagnostics?: ChartDiagnostics
  }
}

/** Enough redraws for a bench to read between two looks, few enough that a wall left on for weeks does not grow it. */
const CHART_TIMINGS_KEPT = 500

const onScreen = new Map<string, ECharts>()

function diagnostics(): ChartDiagnostics {
  return (window.__chartDiagnostics ??= {
    updates: [],
    charts: () => [...onScreen.keys()],
    texts: (name) => {
      const chart = onScreen.get(name)
      return chart ? drawnTexts(chart) : null
    },
  })
}

export function recordChartUpdate(ms: number): void {
  const { updates } = diagnostics()
  updates.push(ms)
  if (updates.length > CHART_TIMINGS_KEPT) updates.splice(0, updates.length - CHART_TIMINGS_KEPT)
}

/** Makes a chart readable by name while it is on screen; returns the undo. */
export function registerChart(name: string, chart: ECharts): () => void {
  diagnostics()
  onScreen.set(name, chart)
  return () => {
    if (onScreen.get(name) === chart) onScreen.delete(name)
  }
}

/** Every visible text span ECharts laid out (labels, legend, axis), boxed where it was drawn. */
function drawnTexts(chart: ECharts): DrawnText[] {
  const origin = chart.getDom().getBoundingClientRect()
  return chart
    .getZr()
    .storage.getDisplayList(true)
    .flatMap((el): DrawnText[] => {
      const style = el.style as { text?: unknown; font?: unknown }
      if (el.type !== 'tspan' || typeof style.text !== 'string' || style.text.trim() === '') return []
      const rect = el.getBoundingRect().clone()
      if (el.transform) rect.applyTransform(el.transform)
      const size = /(\d+(?:\.\d+)?)px/.exec(typeof style.font === 'string' ? style.font : '')
      return [
        {
          text: style.text,
          fontPx: size ? Number(size[1]) : 0,
          box: { left: origin.left + rect.x, top: origin.top + rect.y, right: origin.left + rect.x + rect.width, bottom: origin.top + rect.y + rect.height },
        },
      ]
    })
}
