import { describe, expect, it } from 'vitest'
import { rebaseDiscontinuitySequence, type RebaseState } from './playlistRebase'

const playlist = (ds: string, msn = 897915382) =>
  `#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:${msn}\n#EXT-X-DISCONTINUITY-SEQUENCE:${ds}\n#EXTINF:2,\nseg/${msn}.ts\n#EXT-X-DISCONTINUITY\n#EXTINF:2,\nseg/${msn + 1}.ts\n`

describe('rebaseDiscontinuitySequence', () => {
  it('counts from the first value this player saw, keeping every later step', () => {
    const state: RebaseState = { base: null }
    expect(rebaseDiscontinuitySequence(playlist('224478846'), state)).toBe(playlist('0'))
    expect(rebaseDiscontinuitySequence(playlist('224478846', 897915383), state)).toBe(playlist('0', 897915383))
    expect(rebaseDiscontinuitySequence(playlist('224478847', 897915386), state)).toBe(playlist('1', 897915386))
  })

  it('leaves a source that counts from 0, or has no such tag, untouched', () => {
    const state: RebaseState = { base: null }
    expect(rebaseDiscontinuitySequence(playlist('0'), state)).toBe(playlist('0'))
    expect(rebaseDiscontinuitySequence(playlist('3'), state)).toBe(playlist('3'))
    const plain = '#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2,\na.ts\n'
    expect(rebaseDiscontinuitySequence(plain, { base: null })).toBe(plain)
  })

  it('counts in ones beyond 2^53 and never goes below 0 when a source restarts its count', () => {
    const state: RebaseState = { base: null }
    expect(rebaseDiscontinuitySequence(playlist('18446744073709551614'), state)).toBe(playlist('0'))
    expect(rebaseDiscontinuitySequence(playlist('18446744073709551615'), state)).toBe(playlist('1'))
    expect(rebaseDiscontinuitySequence(playlist('5'), state)).toBe(playlist('0'))
  })
})
