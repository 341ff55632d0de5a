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
  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PORT: '' }).port).toBe(8080)
  })
})
