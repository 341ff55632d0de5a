import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../config'

describe('relay and health configuration', () => {
  it('has defaults for a demo: 30 s idle, 4 h links, a 60 s health pass with 8 probes in flight', () => {
    const c = loadConfig({})
    expect(c.relay).toMatchObject({ idleMs: 30_000, linkTtlMs: 4 * 3600 * 1000, allowedHosts: [], maxSegments: 30 })
    expect(c.health).toMatchObject({ passMs: 60_000, concurrency: 8 })
  })

  it('keeps the prober off under a test runner unless asked, and on otherwise', () => {
    expect(loadConfig({}).health.probe).toBe(false)
    expect(loadConfig({ HEALTH_PROBE: '1' }).health.probe).toBe(true)
    expect(loadConfig({ VITEST: '', NODE_ENV: 'production' }).health.probe).toBe(true)
  })

  it('reads allowed hosts and refuses anything that is not a host', () => {
    expect(loadConfig({ RELAY_ALLOWED_HOSTS: 'cdn.example.com, NVR-1:8080,*.cams.local,[::1]:9000' }).relay.allowedHosts).toEqual([
      'cdn.example.com',
      'nvr-1:8080',
      '*.cams.local',
      '[::1]:9000',
    ])
    expect(() => loadConfig({ RELAY_ALLOWED_HOSTS: 'http://cdn.example.com/x' })).toThrow(/RELAY_ALLOWED_HOSTS=.*host, host:port or \*\.domain/)
    expect(() => loadConfig({ RELAY_IDLE_MS: '10' })).toThrow(/RELAY_IDLE_MS="10": expected at least 500 milliseconds/)
    expect(() => loadConfig({ HEALTH_CONCURRENCY: 'many' })).toThrow(/HEALTH_CONCURRENCY/)
    expect(() => loadConfig({ HEALTH_PROBE: 'maybe' })).toThrow(/HEALTH_PROBE="maybe": expected 1\/0/)
  })
})
