import type { EChartsOption } from 'echarts'
import { CHART_FONT, type ChartStyle } from '../kpi/chartTheme'
import { formatCount } from '../kpi/kpiFigures'

/*
 * Pure builders of the briefing's chart options. A briefing is read from 4 m: no text under
 * BRIEFING_MIN_TEXT_PX at 1920×1080 (1.4 rem there, scaling up with a larger wall's rem); nothing
 * animates, so the PDF prints what the screen shows.
 */
export const BRIEFING_MIN_TEXT_PX = 24

export function briefingTextPx(style: Pick<ChartStyle, 'fontPx'>, rem = 1.4): number {
  return Math.max(BRIEFING_MIN_TEXT_PX, Math.round(style.fontPx * rem))
}

export interface Slice {
  name: string
  value: number
}

function base(style: ChartStyle): EChartsOption {
  const px = briefingTextPx(style)
  return {
    backgroundColor: 'transparent',
    animation: false,
    color: style.palette.series,
    textStyle: { color: style.palette.text, fontFamily: CHART_FONT, fontSize: px },
  }
}

/** Intake by channel: a ring with each channel's count and share beside it. */
export function channelsOption(slices: readonly Slice[], style: ChartStyle): EChartsOption {
  const px = briefingTextPx(style)
  return {
    ...base(style),
    series: [
      {
        type: 'pie',
        radius: ['38%', '62%'],
        center: ['50%', '52%'],
        avoidLabelOverlap: true,
        label: { color: style.palette.text, fontSize: px, formatter: '{b}\n{c} 件 · {d}%' },
        labelLine: { length: 24, length2: 24 },
        data: slices.map((s) => ({ name: s.name, value: s.value })),
      },
    ],
  }
}

/** The loop's funnel, in loop order, each step with its count. */
export function funnelOption(steps: readonly Slice[], style: ChartStyle): EChartsOption {
  const px = briefingTextPx(style)
  return {
    ...base(style),
    series: [
      {
        type: 'funnel',
        sort: 'none',
        left: '6%',
        right: '6%',
        top: 8,
        bottom: 8,
        gap: 4,
        minSize: '30%',
        max: Math.max(steps[0]?.value ?? 0, 1),
        label: {
          position: 'inside',
          color: style.palette.text,
          textBorderColor: '#04101f',
          textBorderWidth: 3,
          fontWeight: 'bold',
          fontSize: px,
          formatter: (p: { name: string; value?: unknown }) => `${p.name}  ${formatCount(Number(p.value ?? 0))}`,
        },
        data: steps.map((s) => ({ name: s.name, value: s.value })),
      },
    ],
  }
}

/** Categories by reports, largest on top, each bar labelled with its count. */
export function categoryBarsOption(rows: readonly Slice[], color: string, style: ChartStyle): EChartsOption {
  const px = briefingTextPx(style)
  const ordered = [...rows].reverse()
  return {
    ...base(style),
    grid: { left: 8, right: px * 4, top: 8, bottom: 8 },
    xAxis: { type: 'value', show: false },
    yAxis: { type: 'category', data: ordered.map((r) => r.name), axisLabel: { color: style.palette.text, fontSize: px }, axisTick: { show: false } },
    series: [
      {
        type: 'bar',
        barMaxWidth: px * 1.6,
        itemStyle: { color },
        label: { show: true, position: 'right', color: style.palette.text, fontSize: px, formatter: (p: { value?: unknown }) => formatCount(Number(p.value ?? 0)) },
        data: ordered.map((r) => r.value),
      },
    ],
  }
}

export interface TrendLine {
  name: string
  daily: readonly number[]
}

/** The leading categories day by day over the period. */
export function categoryTrendOption(days: readonly string[], lines: readonly TrendLine[], style: ChartStyle): EChartsOption {
  const px = briefingTextPx(style)
  return {
    ...base(style),
    legend: { top: 0, textStyle: { color: style.palette.text, fontSize: px }, itemWidth: px, itemHeight: px * 0.6 },
    grid: { left: 8, right: 16, top: px * 2.4, bottom: 8 },
    xAxis: { type: 'category', data: days.map((d) => d.slice(5)), axisLabel: { color: style.palette.textDim, fontSize: px, hideOverlap: true } },
    yAxis: { type: 'value', minInterval: 1, axisLabel: { color: style.palette.textDim, fontSize: px }, splitLine: { lineStyle: { color: style.palette.line, type: 'dashed' } } },
    series: lines.map((l) => ({ type: 'line', name: l.name, showSymbol: false, lineStyle: { width: 3 }, data: [...l.daily] })),
  }
}
