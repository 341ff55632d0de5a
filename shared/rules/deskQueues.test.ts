import { describe, expect, it } from 'vitest'
import { buildQueues, compareForQueue, QUEUES_BY_ROLE, queuesOf, type QueueCase } from './deskQueues'

const base: QueueCase = {
  state: 'pending_dispatch',
  returnedFrom: null,
  duplicateOf: null,
  overdue: false,
  atRisk: false,
  urgent: false,
  remainingMs: 3_600_000,
  createdAt: '2026-12-01T02:00:00.000Z',
  timers: { whole: { late: false } },
  bounced: false,
}
const c = (over: Partial<QueueCase>): QueueCase => ({ ...base, ...over })

describe('queuesOf', () => {
  it('puts a case in the queue of its step', () => {
    expect(queuesOf(c({ state: 'pending_filing' }))).toEqual(['pending_filing'])
    expect(queuesOf(c({ state: 'pending_dispatch' }))).toEqual(['pending_dispatch'])
    expect(queuesOf(c({ state: 'pending_check' }))).toEqual(['pending_check'])
  })

  it('adds the lists a case belongs to beside its step', () => {
    expect(queuesOf(c({ returnedFrom: 'dispatched', overdue: true, duplicateOf: 'x', bounced: true }))).toEqual(['pending_dispatch', 'returned', 'overdue', 'duplicates', 'bounced'])
    expect(queuesOf(c({ state: 'in_progress', atRisk: true }))).toEqual(['at_risk'])
  })

  it('counts a case late on the whole as overdue, not at risk', () => {
    expect(queuesOf(c({ state: 'in_progress', atRisk: true, timers: { whole: { late: true } } }))).toEqual(['overdue'])
  })

  it('leaves closed, evaluated and merged cases out of every queue', () => {
    for (const state of ['closed', 'evaluated', 'merged'] as const) expect(queuesOf(c({ state, overdue: true, bounced: true, duplicateOf: 'x' }))).toEqual([])
  })
})

describe('queue order', () => {
  it('is urgent first, then least time left (late first, untimed last), then oldest', () => {
    const cases = [
      c({ remainingMs: null, createdAt: '2026-12-01T00:00:00.000Z' }),
      c({ remainingMs: 60_000 }),
      c({ remainingMs: -5_000 }),
      c({ urgent: true, remainingMs: 999_999 }),
      c({ remainingMs: 60_000, createdAt: '2026-11-30T00:00:00.000Z' }),
    ]
    const sorted = [...cases].sort(compareForQueue)
    expect(sorted).toEqual([cases[3], cases[2], cases[4], cases[1], cases[0]])
  })

  it('builds every asked-for queue in that order, in one pass', () => {
    const a = c({ remainingMs: 10 })
    const b = c({ remainingMs: 5, overdue: true })
    const q = buildQueues([a, b], ['pending_dispatch', 'overdue'])
    expect(q.pending_dispatch).toEqual([b, a])
    expect(q.overdue).toEqual([b])
    expect(q.bounced).toEqual([])
  })
})

describe('queues by role', () => {
  it('opens intake on filing, dispatch on dispatching and the duty chief on the late', () => {
    expect(QUEUES_BY_ROLE.intake?.[0]).toBe('pending_filing')
    expect(QUEUES_BY_ROLE.dispatcher?.[0]).toBe('pending_dispatch')
    expect(QUEUES_BY_ROLE.duty_chief?.[0]).toBe('overdue')
    expect(QUEUES_BY_ROLE.duty_chief).toContain('bounced')
    expect(QUEUES_BY_ROLE.grid_worker).toBeUndefined()
  })
})
