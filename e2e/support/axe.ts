import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'
import type { AxeResults, Result } from 'axe-core'

/**
 * axe-core in the page under test, from node_modules (nothing is fetched). The wall's CSP allows no
 * inline script, so the source is evaluated through DevTools (page.evaluate), which the CSP does not
 * govern, rather than added as a <script> the page would refuse.
 */
const require = createRequire(import.meta.url)
let source: Promise<string> | null = null

/** What axe says, one line per node of each serious or critical violation. */
export interface AxeFinding {
  rule: string
  impact: string
  target: string
  summary: string
}

export async function runAxe(page: Page): Promise<AxeFinding[]> {
  source ??= readFile(require.resolve('axe-core/axe.min.js'), 'utf8')
  const code = await source
  await page.evaluate(code)
  const results = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<AxeResults> } }).axe
    // label-content-name-mismatch is "experimental" in axe 4 and off by default: the outside testers ran it.
    return axe.run(document, { resultTypes: ['violations'], rules: { 'label-content-name-mismatch': { enabled: true } } })
  })
  return results.violations.filter(isSevere).flatMap((v) =>
    v.nodes.map((n) => ({ rule: v.id, impact: v.impact ?? '', target: n.target.join(' '), summary: (n.failureSummary ?? '').split('\n').slice(0, 2).join(' ') })),
  )
}

function isSevere(v: Result): boolean {
  return v.impact === 'serious' || v.impact === 'critical'
}

/**
 * Text whose colour on its own solid background is under WCAG AA (4.5:1, or 3:1 from 24 px, or 18.7 px
 * bold). axe leaves most of the wall "to review": its panels are gradients, so it cannot tell their
 * background. A text on a solid fill (a badge, a button, a dialog) has no such excuse; this looks at
 * those, with the element's opacity (and its ancestors') mixed in. Text on a gradient is skipped.
 */
export function lowContrastTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const rgba = (css: string) => {
      const [r = 0, g = 0, b = 0, a = 1] = (css.match(/[\d.]+/g) ?? []).map(Number)
      return { r, g, b, a }
    }
    const channel = (v: number) => (v / 255 <= 0.03928 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4)
    const luminance = (c: { r: number; g: number; b: number }) => 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b)
    const found: string[] = []
    for (const el of document.querySelectorAll<HTMLElement>('body *')) {
      const ownText = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim() !== '')
      if (!ownText || !el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) continue
      const style = getComputedStyle(el)
      const fg = rgba(style.color)
      if (fg.a === 0) continue
      let opacity = 1
      let bg: { r: number; g: number; b: number; a: number } | null = null
      for (let e: HTMLElement | null = el; e; e = e.parentElement) {
        const s = getComputedStyle(e)
        opacity *= Number(s.opacity)
        const fill = rgba(s.backgroundColor)
        if (fill.a >= 0.95) {
          bg = fill
          break
        }
        if (s.backgroundImage !== 'none' || fill.a > 0) break
      }
      if (!bg) continue
      const a = fg.a * opacity
      const seen = { r: fg.r * a + bg.r * (1 - a), g: fg.g * a + bg.g * (1 - a), b: fg.b * a + bg.b * (1 - a) }
      const [hi, lo] = [luminance(seen), luminance(bg)].sort((x, y) => y - x) as [number, number]
      const ratio = (hi + 0.05) / (lo + 0.05)
      const px = Number.parseFloat(style.fontSize)
      const large = px >= 24 || (px >= 18.66 && Number(style.fontWeight) >= 700)
      if (ratio < (large ? 3 : 4.5)) found.push(`${ratio.toFixed(2)}:1 "${(el.textContent ?? '').trim().slice(0, 24)}" (${el.className || el.tagName}, ${style.color} on ${style.backgroundColor || 'parent'})`)
    }
    return found
  })
}
