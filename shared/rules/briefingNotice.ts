import { SOURCE_LABELS } from '../labels'
import type { BriefingNotice, BriefingSummary, NoticeFilter, NoticeLang, NoticeSection, NoticeSegment } from '../schemas/briefing'
import type { CaseState } from '../schemas/case'
import { shiftDay } from './beijingTime'

/**
 * The written notice (通报) of a briefing, in the shape city notices use (Tianmen's monthly notice:
 * 一、总体情况 accepted / filed / due / closed with the rates and what rose or fell; 二、来源 by share;
 * 三、部件与事件 and the top three; 四、排名 who is ahead and behind; 五、超期与推诿). Pure: every number
 * is a figure of the summary (the KPI API's), and carries the case list query of the cases behind it.
 */

/** A ranking row as the notice reads it (shared/schemas/evaluation.ts RankingRow has these). */
export interface NoticeRankingRow {
  rank: number | null
  subject: { id: string; name: string }
  score: number | null
}

/** The ranking the notice names who is ahead and behind from: communities of the street, grids of a community. */
export interface NoticeRanking {
  level: 'grid' | 'community' | 'unit' | 'worker'
  rows: readonly NoticeRankingRow[]
}

const FILED: CaseState[] = ['pending_dispatch', 'dispatched', 'in_progress', 'suspended', 'pending_check', 'closed', 'evaluated']
const CLOSED: CaseState[] = ['closed', 'evaluated']

type Words = Record<NoticeLang, string>
const w = (zh: string, en: string): Words => ({ zh, en })

const TITLES: Record<NoticeSection['key'], Words> = {
  overall: w('一、总体情况', '1. Overall'),
  sources: w('二、案件来源', '2. Sources'),
  categories: w('三、部件与事件', '3. Components and events'),
  ranking: w('四、排名情况', '4. Rankings'),
  overdue: w('五、超期与推诿', '5. Overdue and bounced'),
}

const LEVEL_WORDS: Record<NoticeRanking['level'], Words> = {
  grid: w('网格', 'Grids '),
  community: w('社区', 'Communities '),
  unit: w('责任单位', 'Units '),
  worker: w('网格员', 'Workers '),
}

const grouped = (n: number) => n.toLocaleString('en-US')
const percent = (r: number) => `${(r * 100).toFixed(2)}%`

/** Builds one language's segments; each number carries its filter. */
class Writer {
  readonly base: NoticeFilter
  constructor(
    readonly s: BriefingSummary,
    readonly lang: NoticeLang,
  ) {
    const [kind, id] = s.scope.split(':')
    this.base = {
      from: new Date(`${s.from}T00:00:00+08:00`).toISOString(),
      to: new Date(`${shiftDay(s.to, 1)}T00:00:00+08:00`).toISOString(),
      ...(kind === 'community' ? { communityId: id } : kind === 'grid' ? { gridId: id } : {}),
    }
  }
  t(words: Words | string): NoticeSegment {
    return { kind: 'text', text: typeof words === 'string' ? words : words[this.lang] }
  }
  count(value: number, filter: NoticeFilter | null, figure?: string): NoticeSegment {
    const text = `${grouped(value)}${this.lang === 'zh' ? '件' : ''}`
    return { kind: 'number', value, text, filter: filter && { ...this.base, ...filter }, ...(figure ? { figure } : {}) }
  }
  ids(value: number, caseIds: string[], figure: string): NoticeSegment {
    return { kind: 'number', value, text: `${grouped(value)}${this.lang === 'zh' ? '件' : ''}`, filter: { caseIds: caseIds.slice(0, 200) }, figure }
  }
  rate(value: number | null, filter: NoticeFilter | null, figure?: string): NoticeSegment {
    if (value === null) return this.t(w('—（无应结案件）', '— (none due)'))
    return { kind: 'number', value, text: percent(value), filter: filter && { ...this.base, ...filter }, ...(figure ? { figure } : {}) }
  }
  /** A rate's change against an earlier period, in percentage points: rose / fell / equal. */
  rateChange(now: number | null, before: number | null, period: Words): NoticeSegment[] {
    if (now === null || before === null) return [this.t(period), this.t(w('无可比数据', ' not comparable'))]
    const pts = Math.round((now - before) * 1000) / 10
    const dir = pts > 0 ? w('上升', ' up ') : pts < 0 ? w('下降', ' down ') : w('持平', ' unchanged')
    if (pts === 0) return [this.t(period), this.t(dir)]
    const unit = w('个百分点', ' points')
    return [this.t(period), this.t(dir), { kind: 'number', value: Math.abs(pts), text: `${Math.abs(pts).toFixed(1)}${unit[this.lang]}`, filter: null }]
  }
  /** A count's change in per cent against an earlier period. */
  countChange(now: number, before: number, period: Words): NoticeSegment[] {
    if (before === 0) return [this.t(period), this.t(now === 0 ? w('持平', ' unchanged') : w('无可比数据', ' not comparable'))]
    const pct = Math.round(((now - before) / before) * 1000) / 10
    const dir = pct > 0 ? w('上升', ' up ') : pct < 0 ? w('下降', ' down ') : w('持平', ' unchanged')
    if (pct === 0) return [this.t(period), this.t(dir)]
    return [this.t(period), this.t(dir), { kind: 'number', value: Math.abs(pct), text: `${Math.abs(pct).toFixed(1)}%`, filter: null }]
  }
}

const HUAN = w('环比', 'vs the previous period')
const TONG = w('同比', 'vs a year before')
const SEP = w('，', ', ')
const END = w('。', '.')

function overall(o: Writer): NoticeSegment[][] {
  const { total, previous, yearBefore } = o.s
  const c = total.counts
  const first = [
    o.t(w(`${o.s.from} 至 ${o.s.to}，${o.s.scopeName}共受理案件`, `From ${o.s.from} to ${o.s.to}, ${o.s.scopeName} accepted `)),
    o.count(c.reports, {}, 'reports'),
    ...o.countChange(c.reports, previous.figures.counts.reports, w('（环比', ' (vs the previous period')),
    o.t(w('），立案', '); filed ')),
    o.count(c.filed, { state: FILED }, 'filed'),
    o.t(w('，应结案', ', due to close ')),
    o.count(c.closeDue, null, 'closeDue'),
    o.t(w('，结案', ', closed ')),
    o.count(c.closed, { state: CLOSED }, 'closed'),
    o.t(END),
  ]
  const second = [
    o.t(w('结案率', 'Closure rate ')),
    o.rate(total.rates.closure, { state: CLOSED }, 'closure'),
    o.t(SEP),
    ...o.rateChange(total.rates.closure, previous.figures.rates.closure, HUAN),
    o.t(SEP),
    ...o.rateChange(total.rates.closure, yearBefore.figures.rates.closure, TONG),
    o.t(w('；按期结案率', '; on-time closure ')),
    o.rate(total.rates.onTimeClosure, null, 'onTimeClosure'),
    o.t(SEP),
    ...o.rateChange(total.rates.onTimeClosure, previous.figures.rates.onTimeClosure, HUAN),
    o.t(SEP),
    ...o.rateChange(total.rates.onTimeClosure, yearBefore.figures.rates.onTimeClosure, TONG),
    o.t(END),
  ]
  return [first, second]
}

function sources(o: Writer): NoticeSegment[][] {
  const ranked = o.s.byChannel.filter((ch) => ch.reports > 0).sort((a, b) => b.reports - a.reports)
  if (!ranked.length) return [[o.t(w('本期无案件。', 'No cases in the period.'))]]
  const parts = ranked.flatMap((ch, i) => [
    o.t(i === 0 ? '' : w('；', '; ')),
    o.t(`${SOURCE_LABELS[ch.source][o.lang]}${o.lang === 'zh' ? '' : ' '}`),
    o.count(ch.reports, { source: ch.source }),
    o.t(w('，占', ' (')),
    o.rate(ch.share, { source: ch.source }),
    o.t(w('', ')')),
  ])
  return [[o.t(w('按来源：', 'By source: ')), ...parts, o.t(END)]]
}

function categories(o: Writer): NoticeSegment[][] {
  const { byKind, topCategories } = o.s
  const first = [
    o.t(w('部件类', 'Components ')),
    o.count(byKind.component, null, 'byKind.component'),
    o.t(w('，事件类', ', events ')),
    o.count(byKind.event, null, 'byKind.event'),
    o.t(END),
  ]
  const top = (list: BriefingSummary['topCategories']['component'], label: Words) =>
    list.length === 0
      ? []
      : [
          [
            o.t(label),
            ...list.slice(0, 3).flatMap((c, i) => [o.t(i === 0 ? '' : w('、', ', ')), o.t(`${c.name}${o.lang === 'zh' ? '' : ' '}`), o.count(c.reports, { categoryCode: c.code })]),
            o.t(END),
          ],
        ]
  return [first, ...top(topCategories.component, w('部件前三：', 'Top components: ')), ...top(topCategories.event, w('事件前三：', 'Top events: '))]
}

function ranking(o: Writer, given: NoticeRanking | null): NoticeSegment[][] {
  const ranked = (given?.rows ?? []).filter((r) => r.rank !== null && r.score !== null).sort((a, b) => a.rank! - b.rank!)
  if (ranked.length >= 2) {
    const score = (r: NoticeRankingRow) => (o.lang === 'zh' ? `（${r.score!.toFixed(1)}分）` : `(${r.score!.toFixed(1)})`)
    const name = (r: NoticeRankingRow) => [o.t(r.subject.name), o.t(score(r))]
    const n = Math.min(3, Math.floor(ranked.length / 2))
    const level = LEVEL_WORDS[given!.level][o.lang]
    return [
      [o.t(level), o.t(w('考核排名靠前：', 'ahead: ')), ...ranked.slice(0, n).flatMap((r, i) => [o.t(i ? w('、', ', ') : ''), ...name(r)]), o.t(END)],
      [o.t(level), o.t(w('考核排名靠后：', 'behind: ')), ...ranked.slice(-n).reverse().flatMap((r, i) => [o.t(i ? w('、', ', ') : ''), ...name(r)]), o.t(END)],
    ]
  }
  // No ranking to hand: the summary's own grid figures, most reports and most open overdue.
  const grids = o.s.hotspots.grids
  if (!grids.length) return [[o.t(w('本期无网格数据。', 'No grid figures in the period.'))]]
  const busiest = grids.slice(0, 3).flatMap((g, i) => [o.t(i ? w('、', ', ') : ''), o.t(`${g.name}${o.lang === 'zh' ? '' : ' '}`), o.count(g.reports, { gridId: g.id })])
  const late = [...grids].filter((g) => g.openOverdue > 0).sort((a, b) => b.openOverdue - a.openOverdue).slice(0, 3)
  const lateSegs = late.length
    ? [o.t(w('；超期未结最多：', '; most open overdue: ')), ...late.flatMap((g, i) => [o.t(i ? w('、', ', ') : ''), o.t(`${g.name}${o.lang === 'zh' ? '' : ' '}`), o.count(g.openOverdue, { gridId: g.id, overdue: true })])]
    : [o.t(w('；各网格无超期未结案件', '; no grid has open overdue cases'))]
  return [[o.t(w('案件量居前的网格：', 'Grids with most cases: ')), ...busiest, ...lateSegs, o.t(END)]]
}

function overdue(o: Writer): NoticeSegment[][] {
  const { total, overdue: od, bounced } = o.s
  const open = od.count <= 200 ? o.ids(od.count, od.cases.map((c) => c.id), 'openOverdue') : o.count(od.count, { overdue: true }, 'openOverdue')
  return [
    [
      o.t(w('目前仍有', 'Still open past their limit: ')),
      open,
      o.t(w('超期未结案件', ' cases')),
      o.t(w('（已超期结案', ' (closed late: ')),
      o.count(total.counts.closedLate, null, 'closedLate'),
      o.t(w('）。', ').')),
    ],
    [
      o.t(w('本期推诿案件', 'Bounced cases reported in the period: ')),
      o.count(bounced.bounced, null, 'bounced'),
      o.t(w('，目前在办的推诿案件', '; bounced and open now: ')),
      o.ids(bounced.open.length, bounced.open.map((b) => b.id), 'openBounced'),
      o.t(END),
    ],
  ]
}

export function briefingNotice(summary: BriefingSummary, lang: NoticeLang, rankingOf: NoticeRanking | null = null): BriefingNotice {
  const o = new Writer(summary, lang)
  const sections: NoticeSection[] = [
    { key: 'overall', title: TITLES.overall[lang], paragraphs: overall(o) },
    { key: 'sources', title: TITLES.sources[lang], paragraphs: sources(o) },
    { key: 'categories', title: TITLES.categories[lang], paragraphs: categories(o) },
    { key: 'ranking', title: TITLES.ranking[lang], paragraphs: ranking(o, rankingOf) },
    { key: 'overdue', title: TITLES.overdue[lang], paragraphs: overdue(o) },
  ]
  const title = lang === 'zh' ? `${summary.scopeName}城市管理案件通报（${summary.from} 至 ${summary.to}）` : `Case notice, ${summary.scopeName}, ${summary.from} to ${summary.to}`
  return { from: summary.from, to: summary.to, scope: summary.scope, lang, title, sections }
}

/** The notice as plain text (the copy button's), sections on their own lines. */
export function noticeText(notice: BriefingNotice): string {
  const para = (p: NoticeSegment[]) => p.map((s) => s.text).join('')
  return [notice.title, ...notice.sections.flatMap((s) => [s.title, ...s.paragraphs.map(para)])].join('\n')
}
