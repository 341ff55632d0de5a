import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { createApp } from '../app'
import { createLogger } from '../core/logger'
import { loadTestConfig } from '../testing/testConfig'
import { DEFAULT_HOLIDAYS, calendarCoversYear } from './holidayCalendar'

describe('the holiday calendar', () => {
  it('covers a year only if it lists a day off in it', () => {
    expect(calendarCoversYear(DEFAULT_HOLIDAYS, 2026)).toBe(true)
    expect(calendarCoversYear(DEFAULT_HOLIDAYS, 2027)).toBe(true)
    expect(calendarCoversYear(DEFAULT_HOLIDAYS, 2028)).toBe(false)
    expect(calendarCoversYear({ holidays: [], workdays: ['2028-02-01'] }, 2028)).toBe(false)
  })

  it('makes start-up warn when it does not cover the current year (by the case clock)', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wall-calendar-'))
    const startWith = async (now: Date) => {
      const lines: string[] = []
      const sink = new Writable({ write: (chunk: Buffer, _e, done) => void (lines.push(chunk.toString()), done()) })
      const config = loadTestConfig({ LOG_LEVEL: 'warn', DATA_DIR: dataDir, SIM: '0', DEMO_ACCOUNTS: '0' })
      const wall = createApp({ config, logger: createLogger('warn', sink), now: () => now, print: () => undefined })
      await wall.close()
      return lines.filter((l) => l.includes('holiday calendar'))
    }
    try {
      expect(await startWith(new Date('2026-06-01T04:00:00Z'))).toEqual([])
      const warned = await startWith(new Date('2029-06-01T04:00:00Z'))
      expect(warned).toHaveLength(1)
      expect(warned[0]).toMatch(/lists no day off in 2029.*HOLIDAYS_FILE/)
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
