import { describe, expect, it } from 'vitest'
import { type LiveWindowInput, liveWindow, renderPlaylist, segmentAvailable } from './livePlaylist'

// 2 s segments, a 60 s loop (30 segments), 6 in the window; 2026-05-12T06:00:00Z is a whole minute.
const T0 = Date.UTC(2026, 4, 12, 6, 0, 0)
const at = (ms: number, more: Partial<LiveWindowInput> = {}): LiveWindowInput => ({ asOfMs: ms, segmentSeconds: 2, loopSegments: 30, windowSize: 6, ...more })

describe('liveWindow', () => {
  it('lists the last complete segments, numbered from the epoch', () => {
    const w = liveWindow(at(T0 + 500))
    const last = T0 / 2000 - 1
    expect(w.segments.map((s) => s.sequence)).toEqual([last - 5, last - 4, last - 3, last - 2, last - 1, last])
    expect(w.mediaSequence).toBe(last - 5)
  })

  it('advances the media sequence by one every segment duration, and only then', () => {
    const a = liveWindow(at(T0 + 100)).mediaSequence
    expect(liveWindow(at(T0 + 1999)).mediaSequence).toBe(a)
    expect(liveWindow(at(T0 + 2000)).mediaSequence).toBe(a + 1)
    expect(liveWindow(at(T0 + 60_000)).mediaSequence).toBe(a + 30)
  })

  it('dates each segment at sequence × duration, 2 s apart, ending before now', () => {
    const now = T0 + 7_300
    const w = liveWindow(at(now))
    const times = w.segments.map((s) => Date.parse(s.programDateTime))
    times.forEach((t, i) => {
      expect(t).toBe(w.segments[i]!.sequence * 2000)
      if (i) expect(t - times[i - 1]!).toBe(2000)
    })
    expect(times.at(-1)! + 2000).toBeLessThanOrEqual(now)
    expect(now - (times.at(-1)! + 2000)).toBeLessThan(2000)
  })

  it('plays loop segment sequence mod K and marks the wrap as a discontinuity', () => {
    // The window ending at T0 + 4 s holds loop indices 27, 28, 29, 0, 1 … the wrap sits inside it.
    const w = liveWindow(at(T0 + 6_000))
    expect(w.segments.map((s) => s.loopIndex)).toEqual([27, 28, 29, 0, 1, 2])
    expect(w.segments.map((s) => s.discontinuity)).toEqual([false, false, false, true, false, false])
  })

  it('keeps the discontinuity sequence consistent as the wrap slides out of the window', () => {
    // Discontinuity sequence number of each segment, as a client computes it, must never change.
    const seen = new Map<number, number>()
    for (let ms = T0 - 20_000; ms < T0 + 80_000; ms += 2000) {
      const w = liveWindow(at(ms))
      let dsn = w.discontinuitySequence
      for (const s of w.segments) {
        if (s.discontinuity) dsn++
        if (seen.has(s.sequence)) expect(dsn).toBe(seen.get(s.sequence))
        seen.set(s.sequence, dsn)
      }
      expect(w.segments[0]!.discontinuity).toBe(false)
    }
    // The segments seen span two wraps of the 60 s loop (at T0 and T0 + 60 s): three numbers.
    expect(new Set(seen.values()).size).toBe(3)
    expect(seen.get(T0 / 2000)! - seen.get(T0 / 2000 - 1)!).toBe(1)
  })

  it('holds windowSize segments at every size asked for', () => {
    for (const windowSize of [3, 6, 10]) expect(liveWindow(at(T0 + 12_345, { windowSize })).segments).toHaveLength(windowSize)
  })

  it('freezes when drawn at a past moment (a stalled camera)', () => {
    const frozen = T0 + 10_000
    expect(liveWindow(at(frozen))).toEqual(liveWindow(at(frozen)))
    expect(liveWindow(at(frozen)).mediaSequence).toBeLessThan(liveWindow(at(frozen + 30_000)).mediaSequence)
  })
})

describe('renderPlaylist', () => {
  it('writes a live media playlist: target duration, sequences, PDT and EXTINF per segment, no ENDLIST', () => {
    const text = renderPlaylist(liveWindow(at(T0 + 6_000)), 2)
    const lines = text.trim().split('\n')
    expect(lines.slice(0, 3)).toEqual(['#EXTM3U', '#EXT-X-VERSION:3', '#EXT-X-TARGETDURATION:2'])
    expect(text).toContain(`#EXT-X-MEDIA-SEQUENCE:${T0 / 2000 - 3}`)
    expect(text).toContain(`#EXT-X-DISCONTINUITY-SEQUENCE:${Math.floor((T0 / 2000 - 3) / 30)}`)
    expect(text).not.toContain('ENDLIST')
    expect(lines.filter((l) => l.startsWith('#EXTINF:2.000,'))).toHaveLength(6)
    expect(lines.filter((l) => l === '#EXT-X-DISCONTINUITY')).toHaveLength(1)
    // The discontinuity tag comes right before the PDT of the first segment of the new loop.
    const wrap = lines.indexOf('#EXT-X-DISCONTINUITY')
    expect(lines[wrap + 1]).toBe(`#EXT-X-PROGRAM-DATE-TIME:${new Date(T0).toISOString()}`)
    expect(lines[wrap + 3]).toBe(`seg/${T0 / 2000}.ts`)
  })
})

describe('segmentAvailable', () => {
  it('serves the window and recently expired segments, never the future', () => {
    const o = at(T0 + 500)
    const last = T0 / 2000 - 1
    expect(segmentAvailable(last, o)).toBe(true)
    expect(segmentAvailable(last - 5, o)).toBe(true)
    expect(segmentAvailable(last - 12, o)).toBe(true)
    expect(segmentAvailable(last - 13, o)).toBe(false)
    expect(segmentAvailable(last + 1, o)).toBe(false)
    expect(segmentAvailable(Number.MAX_SAFE_INTEGER + 2, o)).toBe(false)
  })
})
