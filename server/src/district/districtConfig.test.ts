import { describe, expect, it } from 'vitest'
import { loadConfig } from '../config'

const token = 'tok_0123456789abcdef0123'

describe('the district level config', () => {
  it('links nothing by default', () => {
    expect(loadConfig({}).district).toEqual({ upstream: null, streets: [] })
  })

  it('reads a street its district and token, and a district its streets', () => {
    expect(loadConfig({ DISTRICT_URL: 'https://district.example/', DISTRICT_TOKEN: token }).district.upstream).toEqual({ url: 'https://district.example', token })
    const streets = [{ id: 'gulou', name: '鼓楼街道', url: 'http://10.0.0.2:8080', token }]
    expect(loadConfig({ STREETS: JSON.stringify(streets) }).district.streets).toEqual(streets)
  })

  it('refuses a half link, bad JSON, an unknown field or a repeated id, never echoing a token', () => {
    expect(() => loadConfig({ DISTRICT_URL: 'https://district.example' })).toThrow(/DISTRICT_URL and DISTRICT_TOKEN go together/)
    expect(() => loadConfig({ DISTRICT_URL: 'ftp://district.example', DISTRICT_TOKEN: token })).toThrow(/DISTRICT_URL/)
    const bad = [`[{"id":"gulou"`, JSON.stringify([{ id: 'a', name: 'A', url: 'http://a', token, extra: 1 }]), JSON.stringify([{ id: 'a', name: 'A', url: 'http://a', token }, { id: 'a', name: 'B', url: 'http://b', token }])]
    for (const STREETS of bad) {
      expect(() => loadConfig({ STREETS })).toThrow(/STREETS=\(hidden\)/)
    }
    expect(() => loadConfig({ DISTRICT_URL: 'https://d.example', DISTRICT_TOKEN: 'short' })).toThrow(/DISTRICT_TOKEN=\(hidden\)/)
  })
})
