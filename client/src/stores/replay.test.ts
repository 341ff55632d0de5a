import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { ReplayTimeline } from '@shared/schemas/replay'
import { REPLAY_SPEEDS, useReplayStore } from './replay'

const START = Date.parse('2026-11-10T00:00:00+08:00')
const HOUR = 3_600_000
const timeline: ReplayTimeline = {
  from: '2026-11-10',
  to: '2026-11-10',
  scope: 'grid:g-01',
  startAt: START,
  endAt: START + 24 * HOUR,
  cases: [['c1', 116.39, 39.93, [[START + HOUR, 'pending_filing']]]],
}

let asked: string[]

beforeEach(() => {
  setActivePinia(createPinia())
  asked = []
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL) => {
      const url = new URL(String(input), 'http://wall.test')
      asked.push(`${url.pathname}${url.search}`)
      if (url.searchParams.get('from') === '2026-01-01') {
        return new Response(JSON.stringify({ error: { code: 'VALIDATION_FAILED', message: 'the period is 40 days; a replay covers at most 31' } }), { status: 422 })
      }
      return new Response(JSON.stringify(timeline))
    }),
  )
})
afterEach(() => vi.unstubAllGlobals())

describe('the replay store', () => {
  it('reads the period and scope asked once, and starts at the period start, paused', async () => {
    const replay = useReplayStore()
    await replay.open('2026-11-10', '2026-11-10', 'grid:g-01')
    expect(asked).toEqual(['/api/v1/replay?from=2026-11-10&to=2026-11-10&scope=grid%3Ag-01'])
    expect(replay.state).toBe('ready')
    expect(replay.at).toBe(START)
    expect(replay.playing).toBe(false)
  })

  it('plays at the chosen speed, stops at the end, and plays again from the start', async () => {
    const replay = useReplayStore()
    await replay.open('2026-11-10', '2026-11-10', 'street')
    replay.advance(1000)
    expect(replay.at).toBe(START)
    replay.speed = REPLAY_SPEEDS[0]
    replay.toggle()
    replay.advance(500)
    expect(replay.at).toBe(START + HOUR / 2)
    replay.speed = REPLAY_SPEEDS[2]
    replay.advance(2000)
    expect(replay.at).toBe(timeline.endAt)
    expect(replay.playing).toBe(false)
    replay.toggle()
    expect(replay.at).toBe(START)
    expect(replay.playing).toBe(true)
  })

  it('keeps a seek inside the period', async () => {
    const replay = useReplayStore()
    await replay.open('2026-11-10', '2026-11-10', 'street')
    replay.seek(START - HOUR)
    expect(replay.at).toBe(START)
    replay.seek(timeline.endAt + HOUR)
    expect(replay.at).toBe(timeline.endAt)
  })

  it('says why the server refused a period, and has nothing to play, not even the period before', async () => {
    const replay = useReplayStore()
    await replay.open('2026-11-10', '2026-11-10', 'street')
    await replay.open('2026-01-01', '2026-02-09', 'street')
    expect(replay.state).toBe('error')
    expect(replay.timeline).toBeNull()
    expect(replay.error).toMatch(/at most 31/)
    replay.toggle()
    expect(replay.playing).toBe(false)
  })
})
