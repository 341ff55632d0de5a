import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Case } from '@shared/schemas/case'
import type { SimProgress } from '@shared/schemas/sim'
import { createCaseLocator } from '../../cases/caseLocator'
import { DEFAULT_HOLIDAYS } from '../../cases/holidayCalendar'
import { generateGulou } from '../gulou/generateGulou'
import { createRandom } from '../gulou/random'
import { createLogger } from '../../core/logger'
import { createSqliteReferenceRepository } from '../../reference/referenceRepository'
import { type Db, openDatabase } from '../../store/database'
import { type BackfillResult, arrivals, backfill } from './simBackfill'
import { buildSimWorld } from './simWorld'
import { BEIJING_OFFSET_MS, beijingDay } from '@shared/rules/beijingTime'

const DAY = 86_400_000
const beijingHour = (ms: number) => new Date(ms + BEIJING_OFFSET_MS).getUTCHours()
const END = new Date('2026-06-15T06:30:00.000Z') // 14:30 in Beijing, a Monday

describe('arrivals over 90 days', () => {
  const times = arrivals(createRandom(1), 90, 270, END)
  const perDay = new Map<string, number>()
  for (const t of times) perDay.set(beijingDay(t), (perDay.get(beijingDay(t)) ?? 0) + 1)
  const whole = [...perDay].filter(([day]) => day !== beijingDay(END.getTime()))

  it('come at about 270 a day, every day, weekends quieter', () => {
    expect(whole).toHaveLength(90)
    const mean = whole.reduce((a, [, n]) => a + n, 0) / whole.length
    expect(mean).toBeGreaterThan(270 * 0.95)
    expect(mean).toBeLessThan(270 * 1.05)
    for (const [, n] of whole) {
      expect(n).toBeGreaterThan(190)
      expect(n).toBeLessThan(330)
    }
    const weekday = (day: string) => new Date(`${day}T00:00:00Z`).getUTCDay()
    const avg = (list: [string, number][]) => list.reduce((a, [, n]) => a + n, 0) / list.length
    expect(avg(whole.filter(([d]) => [0, 6].includes(weekday(d))))).toBeLessThan(avg(whole.filter(([d]) => ![0, 6].includes(weekday(d)))))
  })

  it('are spread over each day, busiest in office hours, and stop at the end', () => {
    expect(times.every((t, i) => i === 0 || t >= times[i - 1]!)).toBe(true)
    expect(times[times.length - 1]!).toBeLessThan(END.getTime())
    expect(times[0]!).toBeGreaterThanOrEqual(END.getTime() - 91 * DAY)
    const byHour = new Array<number>(24).fill(0)
    for (const t of times) byHour[beijingHour(t)]!++
    expect(byHour.every((n) => n > 0)).toBe(true)
    expect(byHour[9]!).toBeGreaterThan(byHour[3]! * 5)
  })
})

describe('back-fill through the case service', () => {
  let dir: string
  let db: Db
  let result: BackfillResult
  const progress: SimProgress[] = []

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backfill-'))
    db = openDatabase(path.join(dir, 'wall.db'))
    const reference = createSqliteReferenceRepository(db)
    reference.replaceAll(generateGulou(), 'test')
    const world = buildSimWorld(reference, createCaseLocator(reference))
    result = await backfill({
      db,
      reference,
      world,
      calendar: DEFAULT_HOLIDAYS,
      log: createLogger('silent'),
      rng: createRandom(2),
      // A week: handling limits run to days on working-day clocks, so three days over a weekend
      // leave too little history complete to say anything about it.
      days: 7,
      perDay: 270,
      end: END,
      onProgress: (p) => progress.push(p),
      batchSize: 500,
    })
  }, 60_000)
  afterAll(() => {
    db.close()
    fs.rmSync(dir, { recursive: true, force: true })
  })

  it('writes about 270 valid cases a day with their whole loops, in order', () => {
    const rows = db.prepare('SELECT data FROM cases').pluck().all() as string[]
    const cases = rows.map((r) => Case.parse(JSON.parse(r)))
    expect(cases.length).toBe(result.cases)
    const perDay = new Map<string, number>()
    for (const c of cases) perDay.set(beijingDay(Date.parse(c.createdAt)), (perDay.get(beijingDay(Date.parse(c.createdAt))) ?? 0) + 1)
    for (const day of ['2026-06-12', '2026-06-13', '2026-06-14']) {
      expect(perDay.get(day)).toBeGreaterThan(190)
      expect(perDay.get(day)).toBeLessThan(330)
    }
    // Most history is complete by now; the last hours' cases are still being worked on.
    const states = new Map<string, number>()
    for (const c of cases) states.set(c.state, (states.get(c.state) ?? 0) + 1)
    expect((states.get('closed') ?? 0) + (states.get('evaluated') ?? 0)).toBeGreaterThan(cases.length * 0.5)
    expect(states.get('not_accepted') ?? 0).toBeGreaterThan(0)
    expect(result.changes).toBeGreaterThan(cases.length * 5)
  })

  it('stamps each change with its simulated time, in seq order, never after the end', () => {
    const events = db.prepare('SELECT seq, at FROM events ORDER BY seq').all() as { seq: number; at: string }[]
    expect(events.length).toBe(result.changes)
    expect(events.every((e, i) => e.seq === i + 1)).toBe(true)
    expect(events.every((e, i) => i === 0 || e.at >= events[i - 1]!.at)).toBe(true)
    expect(events[events.length - 1]!.at <= END.toISOString()).toBe(true)
    const hours = new Set(events.map((e) => e.at.slice(0, 13)))
    expect(hours.size).toBeGreaterThan(60)
  })

  it('reports its progress up to 100%', () => {
    expect(progress.length).toBeGreaterThan(2)
    expect(progress[progress.length - 1]).toMatchObject({ phase: 'backfill', percent: 100, casesDone: result.cases })
  })
})

describe('back-fill beside a serving event loop', () => {
  it('lets other work run between slices of main-thread time, not only between fixed batches', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backfill-slices-'))
    const db = openDatabase(path.join(dir, 'wall.db'))
    try {
      const reference = createSqliteReferenceRepository(db)
      reference.replaceAll(generateGulou(), 'test')
      const world = buildSimWorld(reference, createCaseLocator(reference))
      // Stands in for the requests a server answers meanwhile: it counts the turns it was given.
      let turns = 0
      let running = true
      const other = () => {
        turns++
        if (running) setImmediate(other)
      }
      setImmediate(other)
      // A slice of 0 ms ends after every 16 changes: the count of turns then follows from the work
      // done, whatever the speed of the machine.
      const result = await backfill({ db, reference, world, calendar: DEFAULT_HOLIDAYS, log: createLogger('silent'), rng: createRandom(3), days: 1, perDay: 270, end: END, sliceMs: 0 })
      running = false
      expect(result.changes).toBeGreaterThan(1000)
      expect(turns).toBeGreaterThanOrEqual(Math.floor(result.changes / 32))
    } finally {
      db.close()
      fs.rmSync(dir, { recursive: true, force: true })
    }
  }, 60_000)
})
