import type { EChartsOption } from 'echarts'
import { CHART_FONT, chartTextPx, type ChartStyle } from './chartTheme'
import { dataIndexOf, tooltipElement, type TooltipContent } from './chartTooltip'
import { formatCount, formatRate } from './kpiFigures'

/*
 * Pure builders of the KPI charts' options: data in, option out, no ECharts runtime, so they are
 * unit-tested in Node. Every option is built whole and set with notMerge; animation is off so a
 * live update redraws in place instead of sliding bars around every second. Every text size goes
 * through chartTextPx: nothing a chart writes is under 16 px on a 1920×1080 wall (read from 4 m).
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
  const { palette } = style
  return {
    backgroundColor: 'transparent',
    animation: false,
    animationDuration: 0,
    animationDurationUpdate: 0,
    color: palette.series,
    textStyle: { color: palette.text, fontFamily: CHART_FONT, fontSize: chartTextPx(style) },
    tooltip: {
      confine: true,
      backgroundColor: palette.panel,
      borderColor: palette.lineStrong,
      textStyle: { color: palette.text, fontSize: chartTextPx(style) },
      transitionDuration: 0,
    },
  }
}

const axisLabel = (style: ChartStyle) => ({ color: style.palette.textDim, fontSize: chartTextPx(style, 0.95) })
const splitLine = (style: ChartStyle) => ({ lineStyle: { color: style.palette.line, type: 'dashed' as const } })

/** Tooltip formatter over our own rows (by data index): elements, never an HTML string (chartTooltip.ts). */
function tooltipFor(render: (index: number) => TooltipContent | null) {
  return (params: unknown): HTMLElement | string => {
    const index = dataIndexOf(params)
    const content = index === null ? null : render(index)
    return content ? tooltipElement(content) : ''
  }
}

/** The room a column of counts needs beside its bars: its widest figure, digits about 0.6 em wide. */
function valueRoomPx(values: readonly number[], textPx: number): number {
  const widest = Math.max(1, ...values.map((v) => formatCount(v).length))
  return Math.ceil(widest * textPx * 0.62) + 10
}

/**
 * The rows of a ranking that fit its height with their labels whole: at 16 px a label needs about
 * 1.35 lines of room, and ECharts would otherwise drop every other label to make them fit.
 */
export function rowsThatFit<T>(rows: readonly T[], style: ChartStyle, reservedPx: number): readonly T[] {
  if (style.heightPx === null) return rows
  const rowPx = chartTextPx(style) * 1.35
  return rows.slice(0, Math.max(1, Math.floor((style.heightPx - reservedPx) / rowPx)))
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
  const textPx = chartTextPx(style, 0.95)
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
      itemWidth: Math.round(textPx * 0.6),
      itemHeight: Math.round(textPx * 0.6),
      itemGap: Math.round(fontPx * 0.35),
      // Every entry is shown; clicking one would hide a share from a briefing by accident.
      selectedMode: false,
      formatter: (name: string) => `{n|${name}} {v|${formatCount(counts.get(name) ?? 0)}}`,
      textStyle: {
        color: palette.textDim,
        fontSize: textPx,
        // A safety net: the names given here are short, but a long one must not run under the ring.
        width: Math.round(textPx * 7.2),
        overflow: 'truncate',
        rich: {
          n: { color: palette.textDim, fontSize: textPx },
          v: { color: palette.text, fontSize: chartTextPx(style, 1.05), fontWeight: 'bold', fontFamily: CHART_FONT },
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
        minSize: '34%',
        max: Math.max(first, 1),
        itemStyle: { borderWidth: 0 },
        // Light text with a dark edge: it reads on the bright steps and where it runs past a narrow one.
        label: {
          position: 'inside',
          color: style.palette.text,
          textBorderColor: '#04101f',
          textBorderWidth: 3,
          fontWeight: 'bold',
          fontSize: chartTextPx(style),
          formatter: '{b}  {c}',
        },
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
  const textPx = chartTextPx(style)
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
        axisLabel: { ...aboveBar, align: 'right', fontWeight: 'bold', fontSize: chartTextPx(style, 1.05), color: (_?: unknown, i?: number) => rateColor(rows[i ?? -1]?.rate ?? null, style) },
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
    grid: { left: 8, right: 16, top: chartTextPx(style) * 1.9, bottom: 8 },
    legend: legendOf(style),
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

/** A legend in one line across the top, in the smallest chart text. */
function legendOf(style: ChartStyle) {
  const textPx = chartTextPx(style, 0.95)
  return { top: 0, right: 8, textStyle: { color: style.palette.textDim, fontSize: textPx }, itemWidth: textPx, itemHeight: Math.round(textPx * 0.6) }
}

/**
 * A ranking's category axis: every row labelled (interval 0: ECharts would otherwise skip every
 * other label when rows are close), names cut only past a generous width, the full name in the tooltip.
 */
function rankingAxis(names: readonly string[], style: ChartStyle) {
  const textPx = chartTextPx(style, 0.95)
  return {
    type: 'category' as const,
    inverse: true,
    data: [...names],
    axisLabel: { ...axisLabel(style), color: style.palette.text, interval: 0, width: textPx * 9.5, overflow: 'truncate' as const },
    axisLine: { show: false },
    axisTick: { show: false },
  }
}

/** The count at a bar's end, whole: the grid keeps room for the widest one (valueRoomPx). */
function barValueLabel(style: ChartStyle) {
  return {
    show: true,
    position: 'right' as const,
    color: style.palette.text,
    fontSize: chartTextPx(style, 0.95),
    formatter: (p: { value?: unknown }) => formatCount(typeof p.value === 'number' ? p.value : 0),
  }
}

/** Horizontal bars, largest on top: top categories, as many as fit. */
export function rankingOption(allRows: readonly NamedValue[], style: ChartStyle): EChartsOption {
  const rows = rowsThatFit(allRows, style, 16)
  return {
    ...base(style),
    grid: { left: 8, right: valueRoomPx(rows.map((r) => r.value), chartTextPx(style, 0.95)), top: 8, bottom: 8 },
    tooltip: {
      ...base(style).tooltip,
      trigger: 'item',
      formatter: tooltipFor((i) => {
        const row = rows[i]
        return row ? { title: row.name, rows: [{ label: '', value: formatCount(row.value) }] } : null
      }),
    },
    xAxis: { type: 'value', axisLabel: { show: false }, splitLine: { show: false } },
    yAxis: rankingAxis(rows.map((r) => r.name), style),
    series: [
      {
        type: 'bar',
        barWidth: '55%',
        label: barValueLabel(style),
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

/** Grids by intake, as many as fit, with their overdue cases drawn over the same bar. */
export function gridRankingOption(allRows: readonly GridRow[], labels: GridLabels, style: ChartStyle): EChartsOption {
  const { palette } = style
  const top = Math.round(chartTextPx(style) * 1.7)
  const rows = rowsThatFit(allRows, style, top + 8)
  return {
    ...base(style),
    grid: { left: 8, right: valueRoomPx(rows.map((r) => r.reports), chartTextPx(style, 0.95)), top, bottom: 8 },
    legend: legendOf(style),
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
    yAxis: rankingAxis(rows.map((r) => r.name), style),
    series: [
      {
        type: 'bar',
        name: labels.reports,
        barWidth: '55%',
        itemStyle: { color: palette.accent },
        label: barValueLabel(style),
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
