import { describe, expect, it } from 'vitest'
import { takeDisplayTokenFromUrl } from './displayTokenFromUrl'

describe('display token in the URL fragment', () => {
  it('takes the token and strips it from the address bar', () => {
    const replaced: string[] = []
    const history = { replaceState: (_s: unknown, _t: string, url?: string | URL | null) => void replaced.push(String(url)) }
    const token = 'A'.repeat(43)
    expect(takeDisplayTokenFromUrl({ hash: `#display-token=${token}`, pathname: '/wall/main', search: '?x=1' }, history)).toBe(token)
    expect(replaced).toEqual(['/wall/main?x=1'])
  })
  it('ignores anything else and leaves the URL alone', () => {
    const replaced: string[] = []
    const history = { replaceState: () => void replaced.push('x') }
    expect(takeDisplayTokenFromUrl({ hash: '#display-token=short', pathname: '/', search: '' }, history)).toBeNull()
    expect(takeDisplayTokenFromUrl({ hash: '#other', pathname: '/', search: '' }, history)).toBeNull()
    expect(replaced).toEqual([])
  })
})
