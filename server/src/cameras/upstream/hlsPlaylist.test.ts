import { describe, expect, it } from 'vitest'
import { PlaylistError, type RelayPlaylistView, parseAttributes, parsePlaylist, renderMediaPlaylist } from './hlsPlaylist'
import { pickVariant } from './hlsUpstream'

const LIVE = `#EXTM3U
#EXT-X-VERSION:3
#EXT-X-TARGETDURATION:2
#EXT-X-MEDIA-SEQUENCE:120
#EXT-X-DISCONTINUITY-SEQUENCE:4
#EXT-X-PROGRAM-DATE-TIME:2026-05-01T08:00:00.000+08:00
#EXTINF:2.000,
a.ts
#EXTINF:2.000,
b.ts
#EXT-X-DISCONTINUITY
#EXT-X-KEY:METHOD=AES-128,URI="https://cam/key?k=1",IV=0x0123456789abcdef0123456789ABCDEF
#EXTINF:1.5,
c.ts
#EXT-X-PART:DURATION=0.5,URI="c.part1.ts"
`

describe('parsePlaylist', () => {
  it('reads a live media playlist, carrying program date-time forward until a discontinuity', () => {
    const p = parsePlaylist(LIVE)
    if (p.kind !== 'media') throw new Error('expected a media playlist')
    expect(p).toMatchObject({ targetDuration: 2, mediaSequence: 120, discontinuitySequence: 4, endList: false })
    expect(p.segments.map((s) => s.uri)).toEqual(['a.ts', 'b.ts', 'c.ts'])
    const t = Date.parse('2026-05-01T00:00:00Z')
    expect(p.segments.map((s) => s.pdt)).toEqual([t, t + 2000, null])
    expect(p.segments[2]).toMatchObject({ discontinuity: true, key: { method: 'AES-128', uri: 'https://cam/key?k=1' } })
  })

  it('reads a master playlist', () => {
    const p = parsePlaylist('#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=640x360,CODECS="avc1.4d401e,mp4a.40.2"\nlo.m3u8\n#EXT-X-STREAM-INF:BANDWIDTH=3000000,RESOLUTION=1920x1080\nhi.m3u8\n')
    if (p.kind !== 'master') throw new Error('expected a master playlist')
    expect(pickVariant(p.variants, 'sub').uri).toBe('lo.m3u8')
    expect(pickVariant(p.variants, 'main').uri).toBe('hi.m3u8')
    expect(parseAttributes('CODECS="a,b",BANDWIDTH=5').get('CODECS')).toBe('a,b')
  })

  it.each([
    ['no header', '#EXTINF:2,\na.ts\n'],
    ['no target duration', '#EXTM3U\n#EXTINF:2,\na.ts\n'],
    ['a URI without EXTINF', '#EXTM3U\n#EXT-X-TARGETDURATION:2\na.ts\n'],
    ['byte ranges', '#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2,\n#EXT-X-BYTERANGE:100@0\na.ts\n'],
    ['a bad date', '#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXT-X-PROGRAM-DATE-TIME:yesterday\n#EXTINF:2,\na.ts\n'],
    ['a key IV that is not hex', '#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXT-X-KEY:METHOD=AES-128,URI="k",IV=javascript\n#EXTINF:2,\na.ts\n'],
  ])('refuses %s', (_what, text) => {
    expect(() => parsePlaylist(text)).toThrow(PlaylistError)
  })
})

describe('renderMediaPlaylist', () => {
  it('writes relay URLs only, with sequence, target duration, date-time, discontinuities, keys and init sections', () => {
    const view: RelayPlaylistView = {
      version: 3,
      targetDuration: 2,
      playlistType: null,
      independentSegments: true,
      endList: false,
      segments: [
        { seq: 7, duration: 2, pdt: Date.parse('2026-05-01T00:00:00Z'), cc: 2, key: null, mapId: 1, gap: false },
        { seq: 8, duration: 2, pdt: null, cc: 3, key: { id: 4, method: 'AES-128', iv: '0x01', keyFormat: null, keyFormatVersions: null }, mapId: 1, gap: false },
      ],
    }
    const text = renderMediaPlaylist(view, { segment: (s) => `seg/${s}.m4s?q`, key: (id) => `key/${id}?q`, map: (id) => `map/${id}.mp4?q` })
    expect(text).toBe(
      [
        '#EXTM3U',
        '#EXT-X-VERSION:6',
        '#EXT-X-TARGETDURATION:2',
        '#EXT-X-MEDIA-SEQUENCE:7',
        '#EXT-X-DISCONTINUITY-SEQUENCE:2',
        '#EXT-X-INDEPENDENT-SEGMENTS',
        '#EXT-X-MAP:URI="map/1.mp4?q"',
        '#EXT-X-PROGRAM-DATE-TIME:2026-05-01T00:00:00.000Z',
        '#EXTINF:2,',
        'seg/7.m4s?q',
        '#EXT-X-DISCONTINUITY',
        '#EXT-X-KEY:METHOD=AES-128,URI="key/4?q",IV=0x01',
        '#EXTINF:2,',
        'seg/8.m4s?q',
        '',
      ].join('\n'),
    )
  })
})
