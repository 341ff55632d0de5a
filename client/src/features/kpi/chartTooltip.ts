/**
 * ECharts draws tooltips as HTML, and category and grid names come from data: every piece of
 * text that goes into a tooltip passes through escapeHtml. Labels on the canvas need no escaping.
 */
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (ch) => ENTITIES[ch] ?? ch)
}

/** Only colors we produced reach the style attribute; anything else is dropped. */
const SAFE_COLOR = /^(#[0-9a-fA-F]{3,8}|rgba?\([\d\s.,%]+\))$/

export interface TooltipRow {
  label: string
  value: string
  color?: string
}

export function tooltipHtml(title: string, rows: readonly TooltipRow[]): string {
  const lines = rows.map((row) => {
    const marker =
      row.color && SAFE_COLOR.test(row.color)
        ? `<span style="display:inline-block;width:0.6em;height:0.6em;margin-right:0.4em;border-radius:50%;background:${row.color}"></span>`
        : ''
    return `<div>${marker}${escapeHtml(row.label)}<b style="float:right;margin-left:1.2em">${escapeHtml(row.value)}</b></div>`
  })
  return `<div style="font-weight:700;margin-bottom:0.2em">${escapeHtml(title)}</div>${lines.join('')}`
}

/** The data index a tooltip is about: item tooltips pass one params object, axis tooltips an array. */
export function dataIndexOf(params: unknown): number | null {
  const first: unknown = Array.isArray(params) ? params[0] : params
  if (first && typeof first === 'object' && 'dataIndex' in first) {
    const index = (first as { dataIndex: unknown }).dataIndex
    return typeof index === 'number' ? index : null
  }
  return null
}
