import { describe, expect, it } from 'vitest'
import { distanceMeters } from '@shared/geometry'
import type { Case } from '@shared/schemas/case'
import { CreateCaseBody } from '@shared/schemas/caseApi'
import { createCaseLocator } from '../../cases/caseLocator'
import { generateGulou } from '../gulou/generateGulou'
import { createRandom } from '../gulou/random'
import { createSqliteReferenceRepository } from '../../reference/referenceRepository'
import { openDatabase } from '../../store/database'
import { decide, newReport } from './simPolicy'
import { type SimWorld, buildSimWorld } from './simWorld'

const data = generateGulou()
const reference = createSqliteReferenceRepository(openDatabase(':memory:'))
reference.replaceAll(data, 'test')
const locate = createCaseLocator(reference)
const world: SimWorld = buildSimWorld(reference, locate)

describe('simulated reports', () => {
  const rng = createRandom(3)
  const reports = Array.from({ length: 3000 }, () => newReport(world, rng))

  it('are valid requests from places inside the grids; a grid worker reports from their own grid', () => {
    const workerGrid = new Map(data.workers.map((w) => [w.id, w.gridId]))
    for (const r of reports) {
      expect(CreateCaseBody.safeParse(r.body).success).toBe(true)
      const at = locate(r.body.location)
      expect(at.ok).toBe(true)
      if (r.body.source === 'terminal') expect(at.ok && at.gridId).toBe(workerGrid.get(r.actor.id))
    }
  })

  it('crowd around markets and main streets, in the channel mix of the report', () => {
    const nearMarket = reports.filter((r) => data.markets.some((m) => distanceMeters(m.location, r.body.location) < 200)).length
    expect(nearMarket / reports.length).toBeGreaterThan(0.25)
    const share = (s: string) => reports.filter((r) => r.body.source === s).length / reports.length
    expect(share('terminal')).toBeGreaterThan(0.4)
    expect(share('hotline')).toBeGreaterThan(0.18)
    expect(share('district')).toBeGreaterThan(0.02)
    // Hotline callers bring residents' requests; cameras see the street.
    const kinds = (s: string) => new Set(reports.filter((r) => r.body.source === s).map((r) => world.category(r.body.categoryCode).kind))
    expect(kinds('camera').has('service')).toBe(false)
    expect(kinds('hotline').has('governance')).toBe(true)
  })
})

describe('simulated decisions', () => {
  const base = { state: 'pending_filing', source: 'hotline', gridId: data.grids[0]!.id, categoryCode: data.categories[0]!.code, version: 1, deadline: null, duplicateOf: null, returnedFrom: null, pendingRequest: null, extensions: 0, reworks: 0, satisfaction: null, assignee: null, code: 'GL-1' } as unknown as Case
  const ctx = () => ({ world, rng: createRandom(9), now: Date.now(), attempt: 0 })

  it('decides a flagged duplicate at intake, and keeps it separate once a merge failed', () => {
    const flagged = { ...base, duplicateOf: 'x' }
    expect(['merge', 'keep_separate']).toContain(decide(flagged, ctx())!.action)
    expect(decide(flagged, { ...ctx(), attempt: 1 })!.action).toBe('keep_separate')
  })

  it('calls hotline callers back after closing, answers pending requests, and stops at the end', () => {
    expect(decide({ ...base, state: 'closed' }, ctx())!.action).toBe('follow_up')
    expect(decide({ ...base, state: 'in_progress', pendingRequest: 'extension', assignee: { kind: 'unit', id: 'U01' } }, ctx())!.actor.role).toBe('dispatcher')
    for (const state of ['evaluated', 'not_accepted', 'merged'] as const) expect(decide({ ...base, state }, ctx())).toBeNull()
  })

  it('misses a running deadline on purpose only when it says so', () => {
    const now = Date.now()
    const running = { ...base, state: 'in_progress', assignee: { kind: 'unit', id: 'U01' }, deadline: new Date(now + 3_600_000).toISOString() } as Case
    const rng = createRandom(11)
    for (let i = 0; i < 500; i++) {
      const step = decide(running, { world, rng, now, attempt: 0 })!
      if (step.action !== 'feedback') continue
      expect(step.late ? step.delayMs > 3_600_000 : step.delayMs < 3_600_000).toBe(true)
    }
  })
})
