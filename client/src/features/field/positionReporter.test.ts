import { describe, expect, it } from 'vitest'
import type { PositionReport } from '@shared/schemas/position'
import { startPositionReporter } from './positionReporter'

function harness() {
  let onPosition: PositionCallback = () => undefined
  const posts: PositionReport[] = []
  const state = { online: true, t: 1_000_000, tick: () => {} }
  const reporter = startPositionReporter({
    geolocation: { watchPosition: (ok) => ((onPosition = ok), 1), clearWatch: () => undefined },
    post: async (r) => void posts.push(r),
    online: () => state.online,
    now: () => state.t,
    setInterval: (fn) => ((state.tick = fn), 1),
    clearInterval: () => undefined,
  })
  const fix = (lng: number) => onPosition({ coords: { longitude: lng, latitude: 40.37, accuracy: 12.4 }, timestamp: state.t } as GeolocationPosition)
  return { reporter, posts, state, fix }
}

describe('positions while on duty', () => {
  it('sends the first fix at once, then one every beat, and never while offline or stale', async () => {
    const h = harness()
    h.fix(116.8)
    await Promise.resolve()
    expect(h.posts).toHaveLength(1)
    expect(h.posts[0]).toMatchObject({ accuracyM: 12, onDuty: true })
    h.state.online = false
    h.state.tick()
    await Promise.resolve()
    expect(h.posts).toHaveLength(1)
    h.state.online = true
    h.state.t += 5 * 60_000
    h.state.tick()
    await Promise.resolve()
    expect(h.posts).toHaveLength(1)
    h.fix(116.81)
    h.state.tick()
    await Promise.resolve()
    expect(h.posts).toHaveLength(2)
    await h.reporter.stop()
    expect(h.posts.at(-1)?.onDuty).toBe(false)
  })
})
