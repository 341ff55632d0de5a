import { describe, expect, it } from 'vitest'
import { donutOption, funnelOption, gridRankingOption, rankingOption, rateColor, ratesOption, trendOption } from './chartOptions'
import { FALLBACK_STYLE } from './chartTheme'
import { dataIndexOf, escapeHtml, tooltipHtml } from './chartTooltip'

const EVIL = '<img src=x onerror="alert(1)">'
const style = FALLBACK_STYLE

/** Calls an option's tooltip formatter the way ECharts would. */
function tooltipOf(option: ReturnType<typeof donutOption>, params: unknown): string {
  const tooltip = option.tooltip as { formatter: (p: unknown) => string }
  return tooltip.formatter(params)
}

describe('chart tooltips', () => {
  it('escapes every piece of text', () => {
    expect(escapeHtml(`${EVIL}&'`)).toBe('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;&#39;')
    const html = tooltipHtml(EVIL, [{ label: EVIL, value: '<b>1</b>', color: 'red;background:url(x)' }])
    expect(html).not.toContain('<img')
    expect(html).not.toContain('<b>1</b>')
    expect(html).not.toContain('url(x)')
  })

  it('reads the data index from item and axis params', () => {
    expect(dataIndexOf({ dataIndex: 2 })).toBe(2)
    expect(dataIndexOf([{ dataIndex: 4 }])).toBe(4)
    expect(dataIndexOf(null)).toBeNull()
  })

  it('never lets a category or grid name from the data become markup', () => {
    const ranking = rankingOption([{ name: EVIL, value: 3 }], style)
    const grids = gridRankingOption([{ name: EVIL, reports: 9, overdue: 1, onTimeClosure: 0.5 }], { reports: 'r', overdue: 'o', onTimeClosure: 'c' }, style)
    const donut = donutOption([{ name: EVIL, value: 1 }], style)
    for (const [option, params] of [
      [ranking, { dataIndex: 0 }],
      [grids, [{ dataIndex: 0 }]],
      [donut, { dataIndex: 0 }],
    ] as const) {
      const html = tooltipOf(option, params)
      expect(html).toContain('&lt;img')
      expect(html).not.toContain('<img')
    }
    expect(tooltipOf(ranking, { dataIndex: 9 })).toBe('')
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

  it('label the trend by month and day and list every series in its tooltip', () => {
    const option = trendOption(
      ['2026-03-01', '2026-03-02'],
      [
        { name: '受理', values: [5, 7], color: '#38e1ff' },
        { name: '结案', values: [3, 4], color: '#2dd4bf' },
      ],
      style,
    )
    expect((option.xAxis as { data: string[] }).data).toEqual(['03-01', '03-02'])
    const html = tooltipOf(option, [{ dataIndex: 1 }])
    expect(html).toContain('2026-03-02')
    expect(html).toContain('受理')
    expect(html).toContain('>7<')
  })
})
