/**
 * ECharts puts an HTML tooltip on screen from what the formatter returns. A string goes in as
 * innerHTML, and every style="" in it is refused by the wall's CSP (style-src 'self', no
 * 'unsafe-inline'): the tooltip came up unstyled with a console error each time. So the formatter
 * returns elements built here instead. Text goes in as textContent, so a category or grid name from
 * the data can never become markup; the one colour is set through the CSSOM, which the CSP allows.
 * The classes are styled in chartTooltip.css.
 */

export interface TooltipRow {
  label: string
  value: string
  color?: string
}

export interface TooltipContent {
  title: string
  rows: TooltipRow[]
}

/** The DOM calls a tooltip needs; the unit tests hand in a stand-in. */
export type TooltipDocument = Pick<Document, 'createElement'>

function part(doc: TooltipDocument, className: string, text?: string): HTMLElement {
  const el = doc.createElement(className.endsWith('value') ? 'b' : 'span')
  el.className = className
  if (text !== undefined) el.textContent = text
  return el
}

export function tooltipElement(content: TooltipContent, doc: TooltipDocument = document): HTMLElement {
  const root = doc.createElement('div')
  root.className = 'chart-tooltip'
  root.append(part(doc, 'chart-tooltip__title', content.title))
  for (const row of content.rows) {
    const line = doc.createElement('div')
    line.className = 'chart-tooltip__row'
    const label = part(doc, 'chart-tooltip__label', row.label)
    if (row.color) {
      const marker = part(doc, 'chart-tooltip__marker')
      // The CSSOM ignores anything that is not a colour; no string is ever parsed as CSS text.
      marker.style.backgroundColor = row.color
      label.prepend(marker)
    }
    line.append(label, part(doc, 'chart-tooltip__value', row.value))
    root.append(line)
  }
  return root
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
