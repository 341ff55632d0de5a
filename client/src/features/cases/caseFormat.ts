import { SOURCE_LABELS, STATE_LABELS, type Label } from '@shared/labels'
import { beijingDay } from '@shared/rules/beijingTime'
import type { Case, CaseSource, CaseState } from '@shared/schemas/case'
import type { Locale } from '../../i18n'

/** The center runs on Beijing time whatever the wall PC's own time zone is (the day itself: shared/rules/beijingTime). */
const TIME_ZONE = 'Asia/Shanghai'
const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

export const labelOf = (label: Label, locale: Locale): string => (locale === 'en' ? label.en : label.zh)
export const stateLabel = (state: CaseState, locale: Locale): string => labelOf(STATE_LABELS[state], locale)
export const sourceLabel = (source: CaseSource, locale: Locale): string => labelOf(SOURCE_LABELS[source], locale)

/**
 * A duration as a wall reads it from afar: the two largest units, rounded down (never promise
 * more time than there is). Unit words live here rather than in the message files, like Intl's.
 */
export function formatDuration(ms: number, locale: Locale): string {
  const zh = locale !== 'en'
  const abs = Math.max(0, ms)
  if (abs < MINUTE) return zh ? '不足1分钟' : '<1 min'
  const days = Math.floor(abs / DAY)
  const hours = Math.floor((abs % DAY) / HOUR)
  const minutes = Math.floor((abs % HOUR) / MINUTE)
  if (days > 0) {
    if (zh) return hours > 0 ? `${days}天${hours}小时` : `${days}天`
    return hours > 0 ? `${days} d ${hours} h` : `${days} d`
  }
  if (hours > 0) {
    if (zh) return minutes > 0 ? `${hours}小时${minutes}分` : `${hours}小时`
    return minutes > 0 ? `${hours} h ${minutes} min` : `${hours} h`
  }
  return zh ? `${minutes}分钟` : `${minutes} min`
}

export type TimeLeftKind = 'left' | 'overdue' | 'paused' | 'none'
/** ok: in time; risk: less than 20% of the limit left; late: past the deadline. */
export type TimeLeftLevel = 'ok' | 'risk' | 'late' | 'none'

export interface TimeLeft {
  kind: TimeLeftKind
  /** Time left (left, paused) or past the deadline (overdue); null when no step is timed. */
  ms: number | null
  level: TimeLeftLevel
}

/**
 * Time left on the running step. The deadline is an instant, so the wall can count down between
 * server updates; a paused (suspended) step has no deadline and shows its frozen remainder.
 */
export function timeLeft(c: Case, now: number): TimeLeft {
  if (c.deadline !== null) {
    const ms = Date.parse(c.deadline) - now
    if (ms <= 0 || c.overdue) return { kind: 'overdue', ms: Math.max(0, -ms), level: 'late' }
    return { kind: 'left', ms, level: c.atRisk ? 'risk' : 'ok' }
  }
  if (c.remainingMs !== null) {
    if (c.remainingMs < 0 || c.overdue) return { kind: 'overdue', ms: Math.abs(Math.min(0, c.remainingMs)), level: 'late' }
    return { kind: 'paused', ms: c.remainingMs, level: c.atRisk ? 'risk' : 'ok' }
  }
  return { kind: 'none', ms: null, level: 'none' }
}

const clockFormat = new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
const clockSecondsFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
})

/** HH:mm (Beijing) for today, "M月D日 HH:mm" / "MM-DD HH:mm" for another day. */
export function formatReportedAt(iso: string, now: number, locale: Locale): string {
  const at = new Date(iso)
  const clock = clockFormat.format(at)
  const day = beijingDay(at)
  if (day === beijingDay(now)) return clock
  const [, month, date] = day.split('-')
  return locale === 'en' ? `${month}-${date} ${clock}` : `${Number(month)}月${Number(date)}日 ${clock}`
}

/** HH:mm:ss (Beijing), e.g. for "offline since". */
export function formatClock(at: number): string {
  return clockSecondsFormat.format(new Date(at))
}

/** What one feed row shows, all of it plain text. */
export interface CaseRow {
  id: string
  code: string
  title: string
  address: string
  source: string
  reportedAt: string
  state: string
  urgent: boolean
  timeLeft: TimeLeft
  /** The duration part of the time-left cell; the component wraps it in "剩 … / 超 …". */
  timeLeftText: string
}

export function caseRow(c: Case, now: number, locale: Locale): CaseRow {
  const left = timeLeft(c, now)
  return {
    id: c.id,
    code: c.code,
    title: c.title,
    address: c.address,
    source: sourceLabel(c.source, locale),
    reportedAt: formatReportedAt(c.createdAt, now, locale),
    state: stateLabel(c.state, locale),
    urgent: c.urgent,
    timeLeft: left,
    timeLeftText: left.ms === null ? '' : formatDuration(left.ms, locale),
  }
}
