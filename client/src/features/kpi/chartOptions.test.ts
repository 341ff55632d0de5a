import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { EChartsOption } from 'echarts'
import { donutOption, funnelOption, gridRankingOption, rankingOption, rateColor, ratesOption, rowsThatFit, trendOption } from './chartOptions'
import { FALLBACK_STYLE, MIN_CHART_TEXT_PX, chartTextPx, type ChartStyle } from './chartTheme'
import { dataIndexOf, tooltipElement } from './chartTooltip'

const EVIL = '<img src=x onerror="alert(1)">'
const style = FALLBACK_STYLE

/** A stand-in for the few DOM calls a tooltip makes; it has no innerHTML, so markup cannot get in. */
interface FakeElement {
  tagName: string
  className: string
  textContent: string
  style: Record<string, string>
  children: FakeElement[]
  append(...nodes: FakeElement[]): void
  prepend(...nodes: FakeElement[]): void
}
const fakeDocument = {
  createElement(tagName: string): FakeElement {
    return {
      tagName,
      className: '',
      textContent: '',
      style: {},
      children: [],
      append(...nodes) {
        this.children.push(...nodes)
      },
      prepend(...nodes) {
        this.children.unshift(...nodes)
      },
    }
  },
}
const asFake = (el: unknown) => el as FakeElement
/** Every piece of text in a fake tooltip, depth first. */
const textsOf = (el: FakeElement): string[] => [el.textContent, ...el.children.flatMap(textsOf)].filter((t) => t !== '')

/** Calls an option's tooltip formatter the way ECharts would. */
function tooltipOf(option: EChartsOption, params: unknown): FakeElement | string {
  const tooltip = option.tooltip as { formatter: (p: unknown) => unknown }
  const out = tooltip.formatter(params)
  return typeof out === 'string' ? out : asFake(out)
}

describe('chart tooltips', () => {
  beforeEach(() => vi.stubGlobal('document', fakeDocument))
  afterEach(() => vi.unstubAllGlobals())

  it('are elements with text, never an HTML string: nothing from the data becomes markup, and no style attribute breaks the CSP', () => {
    const el = asFake(tooltipElement({ title: EVIL, rows: [{ label: EVIL, value: '<b>1</b>', color: '#38e1ff' }] }, fakeDocument as unknown as Document))
    expect(el.className).toBe('chart-tooltip')
    expect(textsOf(el)).toEqual([EVIL, EVIL, '<b>1</b>'])
    const marker = el.children[1]!.children[0]!.children[0]!
    expect(marker.className).toBe('chart-tooltip__marker')
    // Set through the CSSOM (style.backgroundColor), which style-src does not govern.
    expect(marker.style).toEqual({ backgroundColor: '#38e1ff' })
  })

  it('reads the data index from item and axis params', () => {
    expect(dataIndexOf({ dataIndex: 2 })).toBe(2)
    expect(dataIndexOf([{ dataIndex: 4 }])).toBe(4)
    expect(dataIndexOf(null)).toBeNull()
  })

  it('carry a category or grid name from the data as text', () => {
    const ranking = rankingOption([{ name: EVIL, value: 3 }], style)
    const grids = gridRankingOption([{ name: EVIL, reports: 9, overdue: 1, onTimeClosure: 0.5 }], { reports: 'r', overdue: 'o', onTimeClosure: 'c' }, style)
    const donut = donutOption([{ name: EVIL, value: 1 }], style)
    for (const [option, params] of [
      [ranking, { dataIndex: 0 }],
      [grids, [{ dataIndex: 0 }]],
      [donut, { dataIndex: 0 }],
    ] as const) {
      const el = tooltipOf(option, params)
      expect(typeof el).toBe('object')
      expect(textsOf(el as FakeElement)[0]).toBe(EVIL)
    }
    expect(tooltipOf(ranking, { dataIndex: 9 })).toBe('')
  })

  it('list every series of the trend on its day', () => {
    const option = trendOption(
      ['2026-03-01', '2026-03-02'],
      [
        { name: '受理', values: [5, 7], color: '#38e1ff' },
        { name: '结案', values: [3, 4], color: '#2dd4bf' },
      ],
      style,
    )
    expect(textsOf(tooltipOf(option, [{ dataIndex: 1 }]) as FakeElement)).toEqual(['2026-03-02', '受理', '7', '结案', '4'])
  })
})

/** Every fontSize anywhere in an option, with where it was found. */
function fontSizes(value: unknown, path = ''): { path: string; size: unknown }[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => fontSizes(v, `${path}[${i}]`))
  if (!value || typeof value !== 'object') return []
  return Object.entries(value).flatMap(([key, v]) => (key === 'fontSize' ? [{ path: `${path}.${key}`, size: v }] : fontSizes(v, `${path}.${key}`)))
}

describe('chart text', () => {
  // 1rem on a 1920×1080 wall (1.6vmin), and the clamp's floor on a small screen.
  const wall1080: ChartStyle = { ...style, fontPx: 17.28 }
  const small: ChartStyle = { ...style, fontPx: 14 }
  const options = (s: ChartStyle) => ({
    donut: donutOption([{ name: 'a', value: 1 }], s),
    funnel: funnelOption([{ name: 'a', value: 1 }], s),
    rates: ratesOption([{ name: 'a', rate: 0.5 }], s),
    trend: trendOption(['2026-03-01'], [{ name: 'a', values: [1], color: '#fff' }], s),
    ranking: rankingOption([{ name: 'a', value: 1 }], s),
    grids: gridRankingOption([{ name: 'a', reports: 1, overdue: 0, onTimeClosure: null }], { reports: 'r', overdue: 'o', onTimeClosure: 'c' }, s),
  })

  it('is never under 16 px, on a 1920×1080 wall or a smaller screen', () => {
    for (const s of [wall1080, small]) {
      for (const [name, option] of Object.entries(options(s))) {
        const sizes = fontSizes(option)
        expect(sizes.length, name).toBeGreaterThan(0)
        for (const { path, size } of sizes) expect(size, `${name}${path}`).toBeGreaterThanOrEqual(MIN_CHART_TEXT_PX)
      }
    }
  })

  it('grows with the wall: twice the rem on a 3840×2160 wall', () => {
    expect(chartTextPx({ fontPx: 34.56 })).toBe(35)
    expect(chartTextPx({ fontPx: 17.28 }, 0.95)).toBe(16)
  })
})

describe('the rankings', () => {
  const names = Array.from({ length: 10 }, (_, i) => `水源路社区第${i + 1}网格`)
  const gridRows = names.map((name, i) => ({ name, reports: 12_345 - i, overdue: i, onTimeClosure: 0.9 }))
  const labels = { reports: 'r', overdue: 'o', onTimeClosure: 'c' }
  type Axis = { data: string[]; axisLabel: { interval: number; fontSize: number } }
  type Bar = { data: number[]; label?: { show: boolean; formatter: (p: { value: number }) => string } }

  it('label every bar (interval 0) with its whole count, and keep room beside the bars for the widest count', () => {
    for (const option of [rankingOption(gridRows.map((r) => ({ name: r.name, value: r.reports })), style), gridRankingOption(gridRows, labels, style)]) {
      const axis = option.yAxis as Axis
      expect(axis.data).toEqual(names)
      expect(axis.axisLabel.interval).toBe(0)
      const [bars] = option.series as Bar[]
      expect(bars?.label?.show).toBe(true)
      expect(bars?.label?.formatter({ value: 12_345 })).toBe('12,345')
      // "12,345" is six characters: at 16 px they need about 60 px; the grid keeps more than that.
      const right = (option.grid as { right: number }).right
      expect(right).toBeGreaterThanOrEqual(Math.ceil(6 * chartTextPx(style, 0.95) * 0.6))
    }
  })

  it('show as many rows as fit the chart, largest first, rather than squeeze their labels', () => {
    const short: ChartStyle = { ...style, heightPx: 180 }
    const option = gridRankingOption(gridRows, labels, short)
    const shown = (option.yAxis as Axis).data
    const rowPx = (180 - (option.grid as { top: number }).top - 8) / shown.length
    expect(shown).toEqual(names.slice(0, shown.length))
    expect(shown.length).toBeLessThan(10)
    expect(rowPx).toBeGreaterThanOrEqual(chartTextPx(style) * 1.35)
    expect((option.series as Bar[])[0]?.data).toEqual(gridRows.slice(0, shown.length).map((r) => r.reports))
    // Height unknown (or room for all): every row.
    expect(rowsThatFit(names, style, 0)).toEqual(names)
    expect(rowsThatFit(names, { ...style, heightPx: 10 }, 0)).toEqual(names.slice(0, 1))
  })
})

describe('chart options', () => {
  const all = [
    donutOption([{ name: 'a', value: 1 }], style),
    funnelOption([{ name: 'a', value: 1 }], style),
    ratesOption([{ name: 'a', rate: 0.5 }], style),
    trendOption(['2026-03-01'], [{ name: 'a', values: [1], color: '#fff' }], style),
    rankingOption([{ name: 'a', value: 1 }], style),
    gridRankingOption([], { reports: 'r', overdue: 'o', onTimeClosure: 'c' }, style),
  ]

  it('never animate, so live updates redraw in place', () => {
    for (const option of all) {
      expect(option.animation).toBe(false)
      expect(option.animationDurationUpdate).toBe(0)
    }
  })

  it('list each share of a donut with its count beside the ring, whole in either language', () => {
    const option = donutOption(
      [
        { name: '96156 hotline', value: 105 },
        { name: 'District referral', value: 1234 },
      ],
      style,
    )
    const legend = option.legend as { formatter: (name: string) => string; selectedMode: boolean }
    expect(legend.formatter('District referral')).toBe('{n|District referral} {v|1,234}')
    expect(legend.formatter('96156 hotline')).toBe('{n|96156 hotline} {v|105}')
    expect(legend.selectedMode).toBe(false)
    expect((option.series as Array<{ label: { show: boolean } }>)[0]?.label.show).toBe(false)
  })

  it('keep the loop in loop order and scale it to the reports', () => {
    const option = funnelOption(
      [
        { name: '上报', value: 100 },
        { name: '结案', value: 120 },
      ],
      style,
    )
    const series = (option.series as Array<{ sort: string; max: number }>)[0]
    expect(series).toMatchObject({ sort: 'none', max: 100 })
  })

  it('show rates as percentages, colored by target, and a missing rate as a dash', () => {
    const option = ratesOption(
      [
        { name: 'closure', rate: 0.96 },
        { name: 'satisfaction', rate: null },
      ],
      style,
    )
    const series = (option.series as Array<{ data: Array<{ value: number }> }>)[0]
    expect(series?.data.map((d) => d.value)).toEqual([96, 0])
    const [names, values] = option.yAxis as Array<{ data: string[]; axisLabel: { inside: boolean; color: unknown } }>
    expect(names?.data).toEqual(['closure', 'satisfaction'])
    // The values sit above the bar's right end, in the bar's colour, never cut by the panel.
    expect(values?.data).toEqual(['96.0%', '—'])
    expect(values?.axisLabel.inside).toBe(true)
    const valueColor = values?.axisLabel.color as (v: string, i: number) => string
    expect([valueColor('96.0%', 0), valueColor('—', 1)]).toEqual([style.palette.teal, style.palette.textDim])
    expect([0.95, 0.8, 0.5, null].map((r) => rateColor(r, style))).toEqual([
      style.palette.teal,
      style.palette.amber,
      style.palette.danger,
      style.palette.textDim,
    ])
  })

  it('label the trend by month and day', () => {
    const option = trendOption(['2026-03-01', '2026-03-02'], [{ name: '受理', values: [5, 7], color: '#38e1ff' }], style)
    expect((option.xAxis as { data: string[] }).data).toEqual(['03-01', '03-02'])
  })
})
