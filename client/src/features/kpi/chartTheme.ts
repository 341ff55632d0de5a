/**
 * The charts' colors and sizes, read from theme.css so the canvas matches the rest of the wall.
 * ECharts cannot use CSS variables itself; the fallbacks are theme.css's values for tests.
 */
export interface WallPalette {
  text: string
  textDim: string
  line: string
  lineStrong: string
  panel: string
  accent: string
  teal: string
  amber: string
  danger: string
  /** Series colors in order. */
  series: string[]
}

export interface ChartStyle {
  palette: WallPalette
  /** The root font size in px (1rem): the wall scales text with its size. */
  fontPx: number
  /** The chart's own height in px, or null when not known: a ranking shows as many rows as fit. */
  heightPx: number | null
}

/**
 * The smallest text a chart draws, in CSS px. Read from 4 m, 16 px is the floor on a 1920×1080 wall
 * (where 1rem is 17.3 px); a larger wall scales up from there with its rem.
 */
export const MIN_CHART_TEXT_PX = 16

/** Chart text `rem` root sizes high, never under MIN_CHART_TEXT_PX. */
export function chartTextPx(style: Pick<ChartStyle, 'fontPx'>, rem = 1): number {
  return Math.max(MIN_CHART_TEXT_PX, Math.round(style.fontPx * rem))
}

export const FALLBACK_PALETTE: WallPalette = {
  text: '#e6f1ff',
  textDim: '#8ea9cc',
  line: 'rgba(56, 189, 248, 0.3)',
  lineStrong: 'rgba(56, 225, 255, 0.75)',
  panel: 'rgba(7, 18, 40, 0.86)',
  accent: '#38e1ff',
  teal: '#2dd4bf',
  amber: '#fbbf24',
  danger: '#f43f5e',
  series: ['#38e1ff', '#2dd4bf', '#fbbf24', '#a78bfa', '#60a5fa', '#f472b6', '#34d399', '#fb923c'],
}

export const FALLBACK_STYLE: ChartStyle = { palette: FALLBACK_PALETTE, fontPx: 17, heightPx: null }

export const CHART_FONT = "'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', 'PingFang SC', system-ui, sans-serif"

export function readChartStyle(element: Element): ChartStyle {
  const css = getComputedStyle(element)
  const read = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback
  const palette: WallPalette = {
    text: read('--wall-text', FALLBACK_PALETTE.text),
    textDim: read('--wall-text-dim', FALLBACK_PALETTE.textDim),
    line: read('--wall-line', FALLBACK_PALETTE.line),
    lineStrong: read('--wall-line-strong', FALLBACK_PALETTE.lineStrong),
    panel: read('--wall-panel', FALLBACK_PALETTE.panel),
    accent: read('--wall-accent', FALLBACK_PALETTE.accent),
    teal: read('--wall-teal', FALLBACK_PALETTE.teal),
    amber: read('--wall-amber', FALLBACK_PALETTE.amber),
    danger: read('--wall-danger', FALLBACK_PALETTE.danger),
    series: FALLBACK_PALETTE.series,
  }
  palette.series = [palette.accent, palette.teal, palette.amber, ...FALLBACK_PALETTE.series.slice(3)]
  const fontPx = Number.parseFloat(getComputedStyle(document.documentElement).fontSize)
  const heightPx = element instanceof HTMLElement && element.clientHeight > 0 ? element.clientHeight : null
  return { palette, fontPx: Number.isFinite(fontPx) && fontPx > 0 ? fontPx : FALLBACK_STYLE.fontPx, heightPx }
}
