import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from './config'

describe('loadConfig', () => {
  it('runs the demo on port 8080 with no configuration', () => {
    const c = loadConfig({})
    expect(c).toMatchObject({ port: 8080, host: '0.0.0.0', demo: true, mapStyleUrl: null, referenceDir: null })
    expect(c.dataDir).toBe(path.resolve('./data'))
  })
  it('reads every variable it knows', () => {
    const c = loadConfig({ PORT: '9000', HOST: '127.0.0.1', DATA_DIR: '/tmp/x', DEMO: 'off', MAP_STYLE_URL: 'http://tiles.intranet/style.json' })
    expect(c).toMatchObject({ port: 9000, host: '127.0.0.1', dataDir: '/tmp/x', demo: false, mapStyleUrl: 'http://tiles.intranet/style.json' })
  })
  it.each([
    ['PORT', 'eighty', /PORT="eighty": expected a port number/],
    ['PORT', '70000', /PORT="70000": expected 0-65535/],
    ['DEMO', 'maybe', /DEMO="maybe": expected 1\/0/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL="loud"/],
    ['MAP_STYLE_URL', 'not a url', /MAP_STYLE_URL="not a url": expected an http\(s\) URL/],
  ])('refuses %s=%s with one message naming it', (key, value, message) => {
    expect(() => loadConfig({ [key]: value })).toThrow(ConfigError)
    expect(() => loadConfig({ [key]: value })).toThrow(message)
  })
  it('has a built-in holiday calendar and reads HOLIDAYS_FILE, refusing a bad one by name', () => {
    expect(loadConfig({}).holidays.holidays).toContain('2026-10-01')
    expect(loadConfig({}).holidays.workdays).toContain('2026-10-10')
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'holidays-'))
    const write = (name: string, text: string) => {
      fs.writeFileSync(path.join(dir, name), text)
      return path.join(dir, name)
    }
    try {
      const good = write('good.json', JSON.stringify({ holidays: ['2028-01-01'], workdays: ['2028-01-08'] }))
      expect(loadConfig({ HOLIDAYS_FILE: good }).holidays).toEqual({ holidays: ['2028-01-01'], workdays: ['2028-01-08'] })
      expect(() => loadConfig({ HOLIDAYS_FILE: write('a.json', '{ not json') })).toThrow(/HOLIDAYS_FILE=.*cannot read .* as JSON/)
      expect(() => loadConfig({ HOLIDAYS_FILE: write('b.json', '{"holidays":["2028-02-30"]}') })).toThrow(/holidays\.0: 2028-02-30 is not a calendar date/)
      expect(() => loadConfig({ HOLIDAYS_FILE: write('c.json', '{"holidays":["1 May"]}') })).toThrow(/a date is YYYY-MM-DD/)
      expect(() => loadConfig({ HOLIDAYS_FILE: write('d.json', '{"holidays":["2028-05-01"],"workdays":["2028-05-01"]}') })).toThrow(/both/)
      expect(() => loadConfig({ HOLIDAYS_FILE: path.join(dir, 'missing.json') })).toThrow(ConfigError)
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
  it('reads the deadline tick interval', () => {
    expect(loadConfig({}).deadlineTickMs).toBe(15_000)
    expect(loadConfig({ DEADLINE_TICK_MS: '1000' }).deadlineTickMs).toBe(1000)
    expect(() => loadConfig({ DEADLINE_TICK_MS: '5' })).toThrow(/DEADLINE_TICK_MS/)
  })
  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PORT: '' }).port).toBe(8080)
  })
  it('reads the walls that exist from start-up: main unless WALLS names others', () => {
    expect(loadConfig({}).walls).toEqual(['main'])
    expect(loadConfig({ WALLS: 'main, left,main,' }).walls).toEqual(['main', 'left'])
    expect(() => loadConfig({ WALLS: 'Main Wall' })).toThrow(/WALLS="Main Wall".*lower-case/)
    expect(() => loadConfig({ WALLS: ',' })).toThrow(/WALLS/)
  })
})
