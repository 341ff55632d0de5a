import { describe, expect, it } from 'vitest'
import { distanceMeters } from '@shared/geometry'
import type { Grid, Worker } from '@shared/schemas/reference'
import { createRandom } from '../gulou/random'
import { PATROL_WORKERS, pickWalkers, stepWalker } from './simPatrol'

const square = (id: string, lng: number): Grid =>
  ({ id, boundary: { type: 'Polygon', coordinates: [[[lng, 40.37], [lng + 0.01, 40.37], [lng + 0.01, 40.38], [lng, 40.38], [lng, 40.37]]] } }) as unknown as Grid
const grids = Array.from({ length: 64 }, (_, i) => square(`G${i}`, 116.8 + i * 0.01))
const workersOf = (gridId: string): Worker[] =>
  Array.from({ length: 5 }, (_, i) => ({ id: `${gridId}-W${i}`, name: `w${i}`, gridId, role: 'full_time', terminalId: i === 1 ? null : `T-${gridId}-${i}` }))
const reference = { grids: () => grids, workers: ({ gridId }: { gridId?: string }) => ({ items: workersOf(gridId!), nextCursor: null, total: 5 }) }

describe('the demo patrol', () => {
  it('takes a modest set of workers holding a terminal, two per grid', () => {
    const walkers = pickWalkers(reference, createRandom(1))
    expect(walkers).toHaveLength(PATROL_WORKERS)
    expect(walkers.every((w) => !w.workerId.endsWith('-W1'))).toBe(true)
    expect(new Set(walkers.map((w) => w.workerId)).size).toBe(PATROL_WORKERS)
  })

  it('walks at a walking pace and stays near home', () => {
    const rng = createRandom(7)
    let w = pickWalkers(reference, rng)[0]!
    for (let i = 0; i < 500; i++) {
      const next = stepWalker(w, rng)
      expect(distanceMeters(w.at, next.at)).toBeLessThan(46)
      w = next
      expect(distanceMeters(w.at, w.home)).toBeLessThan(400)
    }
  })
})
