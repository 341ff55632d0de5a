/**
 * The part of HLS (RFC 8216) a camera relay reads and writes. Parsing is strict where a mistake
 * would let an upstream steer the relay (every URI is reported so it can be checked), lenient
 * about tags it does not use, which the rewritten playlist simply leaves out.
 */

export class PlaylistError extends Error {
  override name = 'PlaylistError'
}

export interface KeyTag {
  method: string
  uri: string | null
  iv: string | null
  keyFormat: string | null
  keyFormatVersions: string | null
}

export interface UpstreamSegment {
  uri: string
  duration: number
  discontinuity: boolean
  /** Epoch ms of the first sample: from EXT-X-PROGRAM-DATE-TIME, or carried forward from the one before. */
  pdt: number | null
  key: KeyTag | null
  mapUri: string | null
  gap: boolean
}

export interface MediaPlaylist {
  kind: 'media'
  version: number
  targetDuration: number
  mediaSequence: number
  discontinuitySequence: number
  playlistType: 'EVENT' | 'VOD' | null
  independentSegments: boolean
  endList: boolean
  segments: UpstreamSegment[]
}

export interface Variant {
  uri: string
  bandwidth: number
  height: number | null
}

export interface MasterPlaylist {
  kind: 'master'
  variants: Variant[]
}

/** `KEY=value,KEY="quoted, value"` into a map. */
export function parseAttributes(list: string): Map<string, string> {
  const out = new Map<string, string>()
  for (const m of list.matchAll(/([A-Z0-9-]+)=("[^"\r\n]*"|[^",\s]*)/g)) {
    const value = m[2] ?? ''
    out.set(m[1] ?? '', value.startsWith('"') ? value.slice(1, -1) : value)
  }
  return out
}

const int = (value: string, tag: string): number => {
  if (!/^\d{1,15}$/.test(value.trim())) throw new PlaylistError(`${tag}: not a whole number`)
  return Number(value)
}

export function parsePlaylist(text: string): MediaPlaylist | MasterPlaylist {
  const lines = text.split(/\r?\n/).map((l) => l.trim())
  if (lines[0]?.replace(/^\uFEFF/, '') !== '#EXTM3U') throw new PlaylistError('not an HLS playlist (no #EXTM3U)')
  if (lines.some((l) => l.startsWith('#EXT-X-STREAM-INF'))) return parseMaster(lines)
  return parseMedia(lines)
}

function parseMaster(lines: string[]): MasterPlaylist {
  const variants: Variant[] = []
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? ''
    if (!line.startsWith('#EXT-X-STREAM-INF:')) continue
    const attrs = parseAttributes(line.slice('#EXT-X-STREAM-INF:'.length))
    let j = i + 1
    while (j < lines.length && (lines[j] === '' || lines[j]?.startsWith('#'))) j++
    const uri = lines[j]
    if (!uri) throw new PlaylistError('EXT-X-STREAM-INF without a URI')
    const res = /^(\d+)x(\d+)$/.exec(attrs.get('RESOLUTION') ?? '')
    variants.push({ uri, bandwidth: Number(attrs.get('BANDWIDTH') ?? 0) || 0, height: res ? Number(res[2]) : null })
    i = j
  }
  if (variants.length === 0) throw new PlaylistError('master playlist without variants')
  return { kind: 'master', variants }
}

function parseMedia(lines: string[]): MediaPlaylist {
  const p: MediaPlaylist = {
    kind: 'media',
    version: 1,
    targetDuration: NaN,
    mediaSequence: 0,
    discontinuitySequence: 0,
    playlistType: null,
    independentSegments: false,
    endList: false,
    segments: [],
  }
  let duration: number | null = null
  let discontinuity = false
  let gap = false
  let pdt: number | null = null
  let key: KeyTag | null = null
  let mapUri: string | null = null
  let carried: number | null = null

  for (const line of lines.slice(1)) {
    if (line === '') continue
    if (!line.startsWith('#')) {
      if (duration === null) throw new PlaylistError('a segment URI without #EXTINF')
      const at: number | null = pdt ?? (discontinuity ? null : carried)
      p.segments.push({ uri: line, duration, discontinuity, pdt: at, key, mapUri, gap })
      carried = at === null ? null : at + duration * 1000
      duration = null
      discontinuity = gap = false
      pdt = null
      continue
    }
    const colon = line.indexOf(':')
    const tag = colon < 0 ? line : line.slice(0, colon)
    const value = colon < 0 ? '' : line.slice(colon + 1)
    switch (tag) {
      case '#EXT-X-VERSION':
        p.version = int(value, tag)
        break
      case '#EXT-X-TARGETDURATION':
        p.targetDuration = int(value, tag)
        break
      case '#EXT-X-MEDIA-SEQUENCE':
        p.mediaSequence = int(value, tag)
        break
      case '#EXT-X-DISCONTINUITY-SEQUENCE':
        p.discontinuitySequence = int(value, tag)
        break
      case '#EXT-X-PLAYLIST-TYPE':
        p.playlistType = value === 'EVENT' || value === 'VOD' ? value : null
        break
      case '#EXT-X-INDEPENDENT-SEGMENTS':
        p.independentSegments = true
        break
      case '#EXT-X-ENDLIST':
        p.endList = true
        break
      case '#EXTINF': {
        duration = Number.parseFloat(value)
        if (!Number.isFinite(duration) || duration < 0 || duration > 3600) throw new PlaylistError('#EXTINF: not a duration')
        break
      }
      case '#EXT-X-DISCONTINUITY':
        discontinuity = true
        break
      case '#EXT-X-GAP':
        gap = true
        break
      case '#EXT-X-PROGRAM-DATE-TIME': {
        const ms = Date.parse(value)
        if (Number.isNaN(ms)) throw new PlaylistError('#EXT-X-PROGRAM-DATE-TIME: not a date-time')
        pdt = ms
        break
      }
      case '#EXT-X-KEY': {
        const a = parseAttributes(value)
        const method = a.get('METHOD') ?? ''
        if (!/^(NONE|AES-128|SAMPLE-AES(-CTR)?)$/.test(method)) throw new PlaylistError('#EXT-X-KEY: unknown METHOD')
        key = method === 'NONE' ? null : { method, uri: a.get('URI') ?? null, iv: a.get('IV') ?? null, keyFormat: a.get('KEYFORMAT') ?? null, keyFormatVersions: a.get('KEYFORMATVERSIONS') ?? null }
        if (key && !key.uri) throw new PlaylistError('#EXT-X-KEY without a URI')
        if (key?.iv && !/^0x[0-9a-f]{1,32}$/i.test(key.iv)) throw new PlaylistError('#EXT-X-KEY: IV is not hexadecimal')
        break
      }
      case '#EXT-X-MAP': {
        const a = parseAttributes(value)
        if (a.has('BYTERANGE')) throw new PlaylistError('#EXT-X-MAP with BYTERANGE is not supported')
        mapUri = a.get('URI') ?? null
        if (!mapUri) throw new PlaylistError('#EXT-X-MAP without a URI')
        break
      }
      case '#EXT-X-BYTERANGE':
        // Sub-range segments are not something cameras or NVRs serve; refusing is clearer than half support.
        throw new PlaylistError('#EXT-X-BYTERANGE segments are not supported')
      default:
        // Other tags (LL-HLS parts, DATERANGE, session data …) are left out of the rewritten playlist.
        break
    }
  }
  if (!Number.isFinite(p.targetDuration) || p.targetDuration < 1) throw new PlaylistError('no #EXT-X-TARGETDURATION')
  return p
}

/** One segment of the relay's own numbering, as the rewritten playlist lists it. */
export interface RelaySegment {
  seq: number
  duration: number
  pdt: number | null
  /** Discontinuity number: a change from the segment before means #EXT-X-DISCONTINUITY. */
  cc: number
  key: (Omit<KeyTag, 'uri'> & { id: number }) | null
  mapId: number | null
  gap: boolean
}

export interface RelayPlaylistView {
  version: number
  targetDuration: number
  playlistType: 'EVENT' | 'VOD' | null
  independentSegments: boolean
  endList: boolean
  segments: RelaySegment[]
}

export interface RelayUrls {
  segment(seq: number): string
  key(id: number): string
  map(id: number): string
}

const q = (s: string) => `"${s}"`

/** Write the relay's media playlist: only its own URLs, with PDT, discontinuities and target duration kept. */
export function renderMediaPlaylist(view: RelayPlaylistView, urls: RelayUrls): string {
  const first = view.segments[0]
  const hasMap = view.segments.some((s) => s.mapId !== null)
  const out = ['#EXTM3U', `#EXT-X-VERSION:${Math.max(view.version, hasMap ? 6 : 3)}`, `#EXT-X-TARGETDURATION:${view.targetDuration}`]
  out.push(`#EXT-X-MEDIA-SEQUENCE:${first?.seq ?? 0}`)
  if (first && first.cc > 0) out.push(`#EXT-X-DISCONTINUITY-SEQUENCE:${first.cc}`)
  if (view.playlistType) out.push(`#EXT-X-PLAYLIST-TYPE:${view.playlistType}`)
  if (view.independentSegments) out.push('#EXT-X-INDEPENDENT-SEGMENTS')
  let prev: RelaySegment | null = null
  for (const s of view.segments) {
    if (prev && s.cc !== prev.cc) out.push('#EXT-X-DISCONTINUITY')
    if ((s.key?.id ?? null) !== (prev?.key?.id ?? null)) {
      if (!s.key) out.push('#EXT-X-KEY:METHOD=NONE')
      else {
        const attrs = [`METHOD=${s.key.method}`, `URI=${q(urls.key(s.key.id))}`]
        if (s.key.iv) attrs.push(`IV=${s.key.iv}`)
        if (s.key.keyFormat) attrs.push(`KEYFORMAT=${q(s.key.keyFormat)}`)
        if (s.key.keyFormatVersions) attrs.push(`KEYFORMATVERSIONS=${q(s.key.keyFormatVersions)}`)
        out.push(`#EXT-X-KEY:${attrs.join(',')}`)
      }
    }
    if (s.mapId !== null && s.mapId !== prev?.mapId) out.push(`#EXT-X-MAP:URI=${q(urls.map(s.mapId))}`)
    if (s.pdt !== null) out.push(`#EXT-X-PROGRAM-DATE-TIME:${new Date(s.pdt).toISOString()}`)
    if (s.gap) out.push('#EXT-X-GAP')
    out.push(`#EXTINF:${Number(s.duration.toFixed(6))},`, urls.segment(s.seq))
    prev = s
  }
  if (view.endList) out.push('#EXT-X-ENDLIST')
  return `${out.join('\n')}\n`
}
