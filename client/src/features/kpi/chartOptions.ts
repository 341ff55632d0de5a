import type { EChartsOption } from 'echarts'
import { CHART_FONT, type ChartStyle } from './chartTheme'
import { dataIndexOf, tooltipHtml, type TooltipRow } from './chartTooltip'
import { formatCount, formatRate } from './kpiFigures'

/*
 * Pure builders of the KPI charts' options: data in, option out, no ECharts runtime, so they are
 * unit-tested in Node. Every option is built whole and set with notMerge; animation is off so a
 * live update redraws in place instead of sliding bars around every second.
 */

export interface NamedValue {
  name: string
  value: number
  color?: string
}

/*
 * Grids leave room for axis labels through ECharts 6's default `outerBounds` (the whole chart),
 * not the deprecated `containLabel`; margins are in rem-derived px so a 4K wall keeps its labels.
 */
function base(style: ChartStyle): EChartsOption {
  const { palette, fontPx } = style
  return {
    backgroundColor: 'transparent',
    animation: false,
    animationDuration: 0,
    animationDurationUpdate: 0,
    color: palette.series,
    textStyle: { color: palette.text, fontFamily: CHART_FONT, fontSize: Math.round(fontPx * 0.8) },
    tooltip: {
      confine: true,
      backgroundColor: palette.panel,
      borderColor: palette.lineStrong,
      textStyle: { color: palette.text, fontSize: Math.round(fontPx * 0.8) },
      transitionDuration: 0,
    },
  }
}

const axisLabel = (style: ChartStyle) => ({ color: style.palette.textDim, fontSize: Math.round(style.fontPx * 0.72) })
const splitLine = (style: ChartStyle) => ({ lineStyle: { color: style.palette.line, type: 'dashed' as const } })

/** Tooltip formatter over our own rows (by data index), so nothing unescaped reaches the HTML. */
function tooltipFor(render: (index: number) => { title: string; rows: TooltipRow[] } | null) {
  return (params: unknown): string => {
    const index = dataIndexOf(params)
    const content = index === null ? null : render(index)
    return content ? tooltipHtml(content.title, content.rows) : ''
  }
}

function share(value: number, total: number): string {
  return total > 0 ? formatRate(value / total) : '—'
}

/**
 * A donut of shares (intake by channel, camera fleet health) with a legend that carries each
 * count. Labels around the ring had to squeeze into the panel's edges and were cut to "96…" and
 * "Unkno…"; a column beside the ring reads whole in both languages and stays put as counts change.
 */
export function donutOption(rows: readonly NamedValue[], style: ChartStyle): EChartsOption {
  const total = rows.reduce((sum, r) => sum + r.value, 0)
  const { fontPx, palette } = style
  const counts = new Map(rows.map((r) => [r.name, r.value]))
  const textPx = Math.round(fontPx * 0.72)
  return {
    ...base(style),
    tooltip: {
      ...base(style).tooltip,
      trigger: 'item',
      formatter: tooltipFor((i) => {
        const row = rows[i]
        return row ? { title: row.name, rows: [{ label: formatCount(row.value), value: share(row.value, total), color: row.color }] } : null
      }),
    },
    legend: {
      orient: 'vertical',
      left: 2,
      top: 'middle',
      icon: 'circle',
      itemWidth: Math.round(fontPx * 0.6),
      itemHeight: Math.round(fontPx * 0.6),
      itemGap: Math.round(fontPx * 0.35),
      // Every entry is shown; clicking one would hide a share from a briefing by accident.
      selectedMode: false,
      formatter: (name: string) => `{n|${name}} {v|${formatCount(counts.get(name) ?? 0)}}`,
      textStyle: {
        color: palette.textDim,
        fontSize: textPx,
        // A safety net: the names given here are short, but a long one must not run under the ring.
        width: Math.round(fontPx * 6.6),
        overflow: 'truncate',
        rich: {
          n: { color: palette.textDim, fontSize: textPx },
          v: { color: palette.text, fontSize: Math.round(fontPx * 0.8), fontWeight: 'bold', fontFamily: CHART_FONT },
        },
      },
      tooltip: { show: true },
    },
    series: [
      {
        type: 'pie',
        // The ring keeps to the right half whatever the panel's shape (a 4K panel is taller than wide).
        left: '54%',
        right: 2,
        top: 4,
        bottom: 4,
        radius: ['52%', '88%'],
        label: { show: false },
        labelLine: { show: false },
        itemStyle: { borderColor: '#050b1a', borderWidth: 2 },
        data: rows.map((r) => ({ name: r.name, value: r.value, ...(r.color ? { itemStyle: { color: r.color } } : {}) })),
      },
    ],
  }
}

/** The closed loop, in loop order (not sorted by size). */
export function funnelOption(steps: readonly NamedValue[], style: ChartStyle): EChartsOption {
  const first = steps[0]?.value ?? 0
  return {
    ...base(style),
    tooltip: {
      ...base(style).tooltip,
      trigger: 'item',
      formatter: tooltipFor((i) => {
        const step = steps[i]
        return step ? { title: step.name, rows: [{ label: formatCount(step.value), value: share(step.value, first) }] } : null
      }),
    },
    series: [
      {
        type: 'funnel',
        sort: 'none',
        left: '8%',
        right: '8%',
        top: 8,
        bottom: 8,
        gap: 3,
        minSize: '18%',
        max: Math.max(first, 1),
        itemStyle: { borderWidth: 0 },
        label: { position: 'inside', color: '#04101f', fontWeight: 'bold', fontSize: Math.round(style.fontPx * 0.78), formatter: '{b}  {c}' },
        data: steps.map((s) => ({ name: s.name, value: s.value })),
      },
    ],
  }
}

export interface RateRow {
  name: string
  rate: number | null
}

/** Green at 90% and above, amber from 75%, red below: the targets a leaders' briefing uses. */
export function rateColor(rate: number | null, style: ChartStyle): string {
  if (rate === null) return style.palette.textDim
  if (rate >= 0.9) return style.palette.teal
  if (rate >= 0.75) return style.palette.amber
  return style.palette.danger
}

/**
 * Each rate reads as "name … value" over a full-width bar. With the name beside the bar, a narrow
 * panel (or the English names) left the bars a few pixels and cut the values to "100.".
 */
export function ratesOption(rows: readonly RateRow[], style: ChartStyle): EChartsOption {
  const { fontPx, palette } = style
  const barPx = Math.round(fontPx * 0.5)
  const textPx = Math.round(fontPx * 0.8)
  // Category labels drawn inside the grid, lifted to sit just above their bar.
  const aboveBar = { inside: true, margin: 0, verticalAlign: 'bottom' as const, padding: [0, 0, Math.round(barPx / 2) + 3, 0], fontSize: textPx }
  const bareAxis = { axisLine: { show: false }, axisTick: { show: false } }
  return {
    ...base(style),
    grid: { left: 4, right: 4, top: 4, bottom: 2 },
    tooltip: {
      ...base(style).tooltip,
      trigger: 'item',
      formatter: tooltipFor((i) => {
        const row = rows[i]
        return row ? { title: row.name, rows: [{ label: '', value: formatRate(row.rate) }] } : null
      }),
    },
    xAxis: { type: 'value', min: 0, max: 100, axisLabel: { show: false }, splitLine: { show: false } },
    yAxis: [
      { type: 'category', inverse: true, data: rows.map((r) => r.name), axisLabel: { ...aboveBar, align: 'left', color: palette.text }, ...bareAxis },
      {
        type: 'category',
        inverse: true,
        position: 'right',
        data: rows.map((r) => formatRate(r.rate)),
        axisLabel: { ...aboveBar, align: 'right', fontWeight: 'bold', fontSize: Math.round(fontPx * 0.9), color: (_?: unknown, i?: number) => rateColor(rows[i ?? -1]?.rate ?? null, style) },
        ...bareAxis,
      },
    ],
    series: [
      {
        type: 'bar',
        yAxisIndex: 0,
        barWidth: barPx,
        showBackground: true,
        backgroundStyle: { color: 'rgba(56, 189, 248, 0.1)' },
        data: rows.map((r) => ({ value: r.rate === null ? 0 : r.rate * 100, itemStyle: { color: rateColor(r.rate, style) } })),
      },
    ],
  }
}

export interface TrendSeries {
  name: string
  values: readonly number[]
  color: string
}

/** Days (YYYY-MM-DD) on the x axis, one line per series. */
export function trendOption(days: readonly string[], series: readonly TrendSeries[], style: ChartStyle): EChartsOption {
  return {
    ...base(style),
    grid: { left: 8, right: 16, top: style.fontPx * 2, bottom: 8 },
    legend: { top: 0, right: 8, textStyle: { color: style.palette.textDim, fontSize: Math.round(style.fontPx * 0.72) }, itemWidth: style.fontPx, itemHeight: style.fontPx * 0.6 },
    tooltip: {
      ...base(style).tooltip,
      trigger: 'axis',
      formatter: tooltipFor((i) => {
        const day = days[i]
        if (day === undefined) return null
        return { title: day, rows: series.map((s) => ({ label: s.name, value: formatCount(s.values[i] ?? 0), color: s.color })) }
      }),
    },
    xAxis: {
      type: 'category',
      boundaryGap: false,
      data: days.map((d) => d.slice(5)),
      axisLabel: axisLabel(style),
      axisLine: { lineStyle: { color: style.palette.line } },
    },
    yAxis: { type: 'value', minInterval: 1, axisLabel: axisLabel(style), splitLine: splitLine(style) },
    series: series.map((s, i) => ({
      type: 'line' as const,
      name: s.name,
      data: [...s.values],
      showSymbol: false,
      lineStyle: { width: 2.5, color: s.color },
      itemStyle: { color: s.color },
      ...(i === 0 ? { areaStyle: { color: s.color, opacity: 0.12 } } : {}),
    })),
  }
}

/** Horizontal bars, largest on top: top categories. */
export function rankingOption(rows: readonly NamedValue[], style: ChartStyle): EChartsOption {
  return {
    ...base(style),
    grid: { left: 8, right: style.fontPx * 3, top: 8, bottom: 8 },
    tooltip: {
      ...base(style).tooltip,
      trigger: 'item',
      formatter: tooltipFor((i) => {
        const row = rows[i]
        return row ? { title: row.name, rows: [{ label: '', value: formatCount(row.value) }] } : null
      }),
    },
    xAxis: { type: 'value', axisLabel: { show: false }, splitLine: { show: false } },
    yAxis: {
      type: 'category',
      inverse: true,
      data: rows.map((r) => r.name),
      axisLabel: { ...axisLabel(style), color: style.palette.text, width: style.fontPx * 8, overflow: 'truncate' },
      axisLine: { show: false },
      axisTick: { show: false },
    },
    series: [
      {
        type: 'bar',
        barWidth: '55%',
        label: { show: true, position: 'right', color: style.palette.text, fontSize: Math.round(style.fontPx * 0.8) },
        itemStyle: { color: style.palette.accent },
        data: rows.map((r) => r.value),
      },
    ],
  }
}

export interface GridRow {
  name: string
  reports: number
  overdue: number
  onTimeClosure: number | null
}

export interface GridLabels {
  reports: string
  overdue: string
  onTimeClosure: string
}

/** Grids by intake, with their overdue cases drawn over the same bar. */
export function gridRankingOption(rows: readonly GridRow[], labels: GridLabels, style: ChartStyle): EChartsOption {
  const { palette } = style
  return {
    ...base(style),
    grid: { left: 8, right: style.fontPx * 3, top: style.fontPx * 1.8, bottom: 8 },
    legend: { top: 0, right: 8, textStyle: { color: palette.textDim, fontSize: Math.round(style.fontPx * 0.72) }, itemWidth: style.fontPx, itemHeight: style.fontPx * 0.6 },
    tooltip: {
      ...base(style).tooltip,
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: tooltipFor((i) => {
        const row = rows[i]
        if (!row) return null
        return {
          title: row.name,
          rows: [
            { label: labels.reports, value: formatCount(row.reports), color: palette.accent },
            { label: labels.overdue, value: formatCount(row.overdue), color: palette.danger },
            { label: labels.onTimeClosure, value: formatRate(row.onTimeClosure) },
          ],
        }
      }),
    },
    xAxis: { type: 'value', axisLabel: { show: false }, splitLine: { show: false } },
    yAxis: {
      type: 'category',
      inverse: true,
      data: rows.map((r) => r.name),
      axisLabel: { ...axisLabel(style), color: palette.text, width: style.fontPx * 7, overflow: 'truncate' },
      axisLine: { show: false },
      axisTick: { show: false },
    },
    series: [
      {
        type: 'bar',
        name: labels.reports,
        barWidth: '55%',
        itemStyle: { color: palette.accent },
        label: { show: true, position: 'right', color: palette.text, fontSize: Math.round(style.fontPx * 0.75) },
        data: rows.map((r) => r.reports),
      },
      {
        type: 'bar',
        name: labels.overdue,
        barWidth: '55%',
        barGap: '-100%',
        itemStyle: { color: palette.danger },
        data: rows.map((r) => r.overdue),
      },
    ],
  }
}
