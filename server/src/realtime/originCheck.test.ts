import { describe, expect, it } from 'vitest'
import { isAllowedOrigin } from './originCheck'

describe('socket handshake origin', () => {
  it('allows our own origin and configured ones', () => {
    expect(isAllowedOrigin('http://wall.local:8080', 'wall.local:8080', [])).toBe(true)
    expect(isAllowedOrigin('https://ops.example', 'wall.local:8080', ['https://ops.example'])).toBe(true)
  })
  it('refuses another site, a look-alike port, and junk', () => {
    expect(isAllowedOrigin('http://evil.example', 'wall.local:8080', [])).toBe(false)
    expect(isAllowedOrigin('http://wall.local:8081', 'wall.local:8080', [])).toBe(false)
    expect(isAllowedOrigin('null', 'wall.local:8080', [])).toBe(false)
    expect(isAllowedOrigin('file://x', 'x', [])).toBe(false)
    expect(isAllowedOrigin('http://wall.local:8080', undefined, [])).toBe(false)
  })
  it('lets a client without an Origin (not a browser) go on to authenticate', () => {
    expect(isAllowedOrigin(undefined, 'wall.local:8080', [])).toBe(true)
  })
})
