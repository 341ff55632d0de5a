import type { MediaPlaylist, RelayPlaylistView, RelaySegment } from '../upstream/hlsPlaylist'

/** Segments behind the playlist window kept (in the table and the cache) for a player one reload late. */
const KEEP_BEHIND = 3

interface Row {
  seg: RelaySegment
  uri: string
}

export interface SegmentTableOptions {
  maxSegments: number
  /** A segment fell behind the window: nobody can ask for it any more, so free its cached body. */
  evictSegment(seq: number): void
  /** A key or init map no segment in the window uses any more. */
  dropAsset(kind: 'key' | 'map', id: number): void
}

/**
 * The relay's numbering of one upstream: segments are numbered by the relay (the upstream's media
 * sequence plus an offset) so URLs never carry an upstream path, and an upstream that restarts its
 * numbering (a rebooted camera, a restarted ffmpeg) is renumbered after what the players already
 * have, with a discontinuity, instead of sending them backwards. Keys and init maps get ids the same way.
 */
export function createSegmentTable(o: SegmentTableOptions) {
  const rows = new Map<number, Row>()
  const assets = new Map<string, { id: number; kind: 'key' | 'map' }>()
  const assetById = new Map<number, { uri: string; kind: 'key' | 'map' }>()
  let nextAssetId = 1
  let view: RelayPlaylistView | null = null
  let seqOffset = 0
  let ccOffset = 0
  let maxSeq = -1
  let maxCc = 0

  const assetId = (uri: string, kind: 'key' | 'map') => {
    let a = assets.get(uri)
    if (!a) {
      a = { id: nextAssetId++, kind }
      assets.set(uri, a)
      assetById.set(a.id, { uri, kind })
    }
    return a.id
  }

  /** True when the new playlist cannot be the continuation of what was numbered so far. */
  function restarted(p: MediaPlaylist): boolean {
    if (maxSeq < 0) return false
    let overlap = false
    for (let i = 0; i < p.segments.length; i++) {
      const row = rows.get(p.mediaSequence + i + seqOffset)
      if (!row) continue
      if (row.uri !== p.segments[i]?.uri) return true
      overlap = true
    }
    return !overlap && p.mediaSequence + seqOffset <= maxSeq
  }

  function apply(p: MediaPlaylist): number[] {
    const skip = Math.max(0, p.segments.length - o.maxSegments)
    let cc = p.discontinuitySequence
    const ccs = p.segments.map((s) => (cc += s.discontinuity ? 1 : 0))
    if (restarted(p)) {
      seqOffset = maxSeq + 1 - p.mediaSequence
      ccOffset = maxCc + 1 - (ccs[0] ?? 0)
    }
    const fresh: number[] = []
    const segments: RelaySegment[] = []
    p.segments.forEach((s, i) => {
      if (i < skip) return
      const seq = p.mediaSequence + i + seqOffset
      let row = rows.get(seq)
      if (!row) {
        const key = s.key ? { method: s.key.method, iv: s.key.iv, keyFormat: s.key.keyFormat, keyFormatVersions: s.key.keyFormatVersions, id: assetId(s.key.uri as string, 'key') } : null
        const seg: RelaySegment = { seq, duration: s.duration, pdt: s.pdt, cc: (ccs[i] ?? 0) + ccOffset, key, mapId: s.mapUri ? assetId(s.mapUri, 'map') : null, gap: s.gap }
        row = { seg, uri: s.uri }
        rows.set(seq, row)
        fresh.push(seq)
      }
      segments.push(row.seg)
      maxSeq = Math.max(maxSeq, seq)
      maxCc = Math.max(maxCc, row.seg.cc)
    })
    const last = segments[segments.length - 1]
    // A stale copy from an upstream cache must not take the players backwards.
    if (view && last && last.seq < (view.segments[view.segments.length - 1]?.seq ?? -1)) return []
    view = {
      version: p.version,
      targetDuration: p.targetDuration,
      playlistType: skip > 0 && p.playlistType === 'EVENT' ? null : p.playlistType,
      independentSegments: p.independentSegments,
      endList: p.endList,
      segments,
    }
    prune()
    return fresh
  }

  function prune(): void {
    const floor = (view?.segments[0]?.seq ?? 0) - KEEP_BEHIND
    for (const seq of rows.keys()) {
      if (seq >= floor) continue
      rows.delete(seq)
      // Nobody can ask for it any more (segment() needs a row): free it now, not at LRU time.
      o.evictSegment(seq)
    }
    const used = new Set<number>()
    for (const r of rows.values()) {
      if (r.seg.key) used.add(r.seg.key.id)
      if (r.seg.mapId !== null) used.add(r.seg.mapId)
    }
    for (const [id, a] of assetById) {
      if (used.has(id)) continue
      assetById.delete(id)
      assets.delete(a.uri)
      o.dropAsset(a.kind, id)
    }
  }

  return {
    /** Numbers a freshly loaded playlist; answers the seqs seen for the first time. */
    apply,
    view: () => view,
    maxSeq: () => maxSeq,
    uriOf: (seq: number) => rows.get(seq)?.uri ?? null,
    asset: (id: number) => assetById.get(id) ?? null,
  }
}

export type SegmentTable = ReturnType<typeof createSegmentTable>
