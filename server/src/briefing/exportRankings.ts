import ExcelJS from 'exceljs'
import { INDICATOR_LABELS } from '@shared/rules/evaluation'
import type { Ranking, RankingLevel } from '@shared/schemas/evaluation'

/**
 * The ranking as a table to take away: one row per subject, every one the ranking lists (every grid
 * or community of the area, even with no case), headers in Chinese and English. The XLSX has a sheet
 * per level, the one asked for first, so one download carries the whole 考核; the CSV is the level
 * asked for, UTF-8 with a BOM, which Excel needs to read Chinese.
 */

const LEVEL_NAMES: Record<RankingLevel, { zh: string; en: string }> = {
  grid: { zh: '网格', en: 'Grid' },
  community: { zh: '社区', en: 'Community' },
  unit: { zh: '责任单位', en: 'Unit' },
  worker: { zh: '网格员', en: 'Grid worker' },
}

const KIND_NAMES = { all: '全部 All', component: '部件 Components', event: '事件 Events' } as const

/** Header cells, then one array of cells per row. Rates are percentages with one decimal, or empty. */
export function rankingTable(ranking: Ranking): { header: string[]; rows: (string | number)[][] } {
  const keys = ranking.method.indicators.map((i) => i.key)
  const level = LEVEL_NAMES[ranking.level]
  const header = [
    '名次 Rank',
    `编号 ${level.en} ID`,
    `${level.zh} ${level.en}`,
    '得分 Score',
    '样本（件） Cases',
    ...keys.flatMap((k) => [`${INDICATOR_LABELS[k].zh} ${INDICATOR_LABELS[k].en} %`, `${INDICATOR_LABELS[k].zh}分子/分母 Counts`]),
    '扣分说明 Deductions',
  ]
  const rows = ranking.rows.map((row) => {
    const byKey = new Map(row.indicators.map((i) => [i.key, i]))
    return [
      row.rank ?? '',
      row.subject.id,
      row.subject.name,
      row.score ?? '',
      row.sample,
      ...keys.flatMap((k) => {
        const i = byKey.get(k)
        return i && i.rate !== null ? [Math.round(i.rate * 1000) / 10, `${i.numerator}/${i.denominator}`] : ['', `${i?.numerator ?? 0}/${i?.denominator ?? 0}`]
      }),
      row.deductions.join('；'),
    ]
  })
  return { header, rows }
}

function title(ranking: Ranking): string {
  return `${LEVEL_NAMES[ranking.level].zh}考核排名 ${ranking.from} 至 ${ranking.to} · ${KIND_NAMES[ranking.kind]} · ${ranking.method.name} v${ranking.method.version}`
}

/** One sheet per ranking, in the order given (the level asked for first), each named after its level. */
export async function rankingXlsx(rankings: readonly Ranking[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  workbook.created = new Date(rankings[0]?.asOf ?? Date.now())
  for (const ranking of rankings) {
    const sheet = workbook.addWorksheet(`${LEVEL_NAMES[ranking.level].zh} ${LEVEL_NAMES[ranking.level].en}`)
    const { header, rows } = rankingTable(ranking)
    sheet.addRow([title(ranking)]).font = { bold: true }
    sheet.addRow(header).font = { bold: true }
    for (const r of rows) sheet.addRow(r)
    sheet.views = [{ state: 'frozen', ySplit: 2 }]
    sheet.columns.forEach((col, i) => (col.width = i === 2 ? 24 : i === header.length - 1 ? 60 : 14))
  }
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

/** RFC 4180: quote a cell with a comma, quote, or line break, doubling its quotes. */
function csvCell(value: string | number): string {
  const s = String(value)
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

export function rankingCsv(ranking: Ranking): Buffer {
  const { header, rows } = rankingTable(ranking)
  const lines = [header, ...rows].map((cells) => cells.map(csvCell).join(','))
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8')
}
