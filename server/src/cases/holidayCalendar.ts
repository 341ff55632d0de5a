import fs from 'node:fs'
import { HolidayCalendar } from '@shared/timeLimits'
import { describeIssues } from '../core/appError'

/** Inclusive run of dates, for writing the State Council's notices the way they read. */
function days(from: string, to: string): string[] {
  const out: string[] = []
  for (let d = Date.parse(`${from}T00:00:00Z`); d <= Date.parse(`${to}T00:00:00Z`); d += 86_400_000) {
    out.push(new Date(d).toISOString().slice(0, 10))
  }
  return out
}

/**
 * The built-in calendar, used when HOLIDAYS_FILE is not set.
 *
 * 2026: 国务院办公厅关于2026年部分节假日安排的通知 (4 Nov 2025), days off and make-up days as published.
 * 2027: the notice comes out in November 2026, so only the statutory days are listed (元旦 1 Jan,
 * 春节 除夕-初三 5-8 Feb, 清明 5 Apr, 劳动节 1-2 May, 端午 9 Jun, 中秋 15 Sep, 国庆 1-3 Oct), with no
 * 调休; once the notice is out, point HOLIDAYS_FILE at a file with the full arrangement.
 */
export const DEFAULT_HOLIDAYS: HolidayCalendar = {
  holidays: [
    ...days('2026-01-01', '2026-01-03'),
    ...days('2026-02-15', '2026-02-23'),
    ...days('2026-04-04', '2026-04-06'),
    ...days('2026-05-01', '2026-05-05'),
    ...days('2026-06-19', '2026-06-21'),
    ...days('2026-09-25', '2026-09-27'),
    ...days('2026-10-01', '2026-10-07'),
    '2027-01-01',
    ...days('2027-02-05', '2027-02-08'),
    '2027-04-05',
    ...days('2027-05-01', '2027-05-02'),
    '2027-06-09',
    '2027-09-15',
    ...days('2027-10-01', '2027-10-03'),
  ],
  workdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
}

const realDate = (d: string) => new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) === d

/** The file's shape: `{ "holidays": ["2026-10-01", …], "workdays": ["2026-10-10", …] }`. */
const HolidayFile = HolidayCalendar.superRefine((cal, ctx) => {
  for (const [key, list] of [['holidays', cal.holidays], ['workdays', cal.workdays]] as const) {
    list.forEach((d, i) => {
      if (!realDate(d)) ctx.addIssue({ code: 'custom', path: [key, i], message: `${d} is not a calendar date` })
    })
  }
  const off = new Set(cal.holidays)
  for (const d of cal.workdays) {
    if (off.has(d)) {
      ctx.addIssue({ code: 'custom', path: ['workdays'], message: `${d} is listed both as a holiday and as a working day` })
    }
  }
})

/** Read and validate a holiday file; the message names the file and what is wrong with it. */
export function readHolidayFile(file: string): HolidayCalendar {
  let raw: unknown
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'))
  } catch (err) {
    throw new Error(`cannot read ${file} as JSON: ${(err as Error).message}`)
  }
  const parsed = HolidayFile.safeParse(raw)
  if (!parsed.success) throw new Error(`${file}: ${describeIssues(parsed.error)}`)
  return parsed.data
}

/** Whether the calendar lists any day off in `year`: one that lists none was not updated for it. */
export function calendarCoversYear(cal: HolidayCalendar, year: number): boolean {
  return cal.holidays.some((d) => d.startsWith(`${year}-`))
}
