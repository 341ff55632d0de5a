import { describe, expect, it } from 'vitest'
import { isAtRisk, isOverdue, type LatenessFields } from './caseLateness'

const c = (over: Partial<LatenessFields> & { wholeLate?: boolean }): LatenessFields => ({
  state: over.state ?? 'in_progress',
  overdue: over.overdue ?? false,
  atRisk: over.atRisk ?? false,
  timers: { whole: { late: over.wholeLate ?? false } },
})

describe('overdue and at risk', () => {
  it('is overdue past the running step or the whole limit, only while open', () => {
    expect(isOverdue(c({ overdue: true }))).toBe(true)
    expect(isOverdue(c({ wholeLate: true }))).toBe(true)
    expect(isOverdue(c({}))).toBe(false)
    expect(isOverdue(c({ state: 'closed', overdue: true, wholeLate: true }))).toBe(false)
  })

  it('is at risk only when not already overdue', () => {
    expect(isAtRisk(c({ atRisk: true }))).toBe(true)
    expect(isAtRisk(c({ atRisk: true, wholeLate: true }))).toBe(false)
    expect(isAtRisk(c({ state: 'evaluated', atRisk: true }))).toBe(false)
  })
})
