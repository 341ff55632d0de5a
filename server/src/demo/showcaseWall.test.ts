import { describe, expect, it } from 'vitest'
import { applyWallCommand, initialWallState, type WallCommand, type WallState } from '@shared/wall/wallState'
import { createLogger } from '../core/logger'
import type { ClipState } from './fleet/encodeQueue'
import { prepareShowcaseWall, showcaseCameras } from './showcaseWall'
import { waitForClips } from './startDemo'

const at = new Date('2026-12-04T02:00:00.000Z')
const cameras = [
  ...Array.from({ length: 20 }, (_, i) => ({ id: `R${i}`, name: `新西路-路段-${i}` })),
  ...Array.from({ length: 14 }, (_, i) => ({ id: `G${i}`, name: `鼓楼东大街-路段-${i}` })),
]

function fakeWalls(initial: WallState) {
  let state = initial
  return {
    get state() {
      return state
    },
    list: () => [state],
    command: (_name: string, c: WallCommand) => (state = applyWallCommand(state, c, at)),
  }
}

describe('the showcase wall', () => {
  it('opens the untouched main wall on 16 cameras of the main road, topped up, none offline by design', () => {
    const ids = showcaseCameras(cameras, new Set(['G3']))
    expect(ids).toHaveLength(16)
    expect(ids.slice(0, 13).every((id) => id.startsWith('G'))).toBe(true)
    expect(ids).not.toContain('G3')
    const walls = fakeWalls(initialWallState('main', at))
    const preferred: string[][] = []
    prepareShowcaseWall({ walls, cameras, offline: new Set(['G3']), prefer: (x) => preferred.push([...x]), log: createLogger('silent') })
    expect(walls.state.layout).toBe('16')
    expect(walls.state.tiles).toEqual(ids)
    expect(preferred).toEqual([ids])
  })

  it('leaves a wall someone has set up as it is, and still has its cameras encoded first', () => {
    const mine = applyWallCommand(initialWallState('main', at), { type: 'setTile', tile: 1, cameraId: 'R5' }, at)
    const walls = fakeWalls(mine)
    const preferred: string[][] = []
    prepareShowcaseWall({ walls, cameras, offline: new Set(), prefer: (x) => preferred.push([...x]), log: createLogger('silent') })
    expect(walls.state).toBe(mine)
    expect(preferred).toEqual([['R5']])
  })
})

describe('waiting for the walls\' clips', () => {
  it('resolves once every clip is made or failed, and gives up after its timeout', async () => {
    const states = new Map<string, ClipState>([['A', 'encoding'], ['B', 'queued']])
    const fleet = { state: (id: string) => states.get(id) ?? 'idle' }
    let done = false
    const waiting = waitForClips(fleet, ['A', 'B'], 10_000, 5).then(() => (done = true))
    await new Promise((r) => setTimeout(r, 30))
    expect(done).toBe(false)
    states.set('A', 'ready')
    states.set('B', 'failed')
    await waiting
    expect(done).toBe(true)
    const started = Date.now()
    await waitForClips({ state: () => 'queued' as const }, ['C'], 50, 5)
    expect(Date.now() - started).toBeGreaterThanOrEqual(45)
  })
})
