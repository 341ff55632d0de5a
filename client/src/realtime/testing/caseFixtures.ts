import type { Case, CaseTimer } from '@shared/schemas/case'
import type { CaseChanged } from '@shared/schemas/caseApi'

const T0 = '2026-03-02T02:00:00.000Z'

function timer(overrides: Partial<CaseTimer> = {}): CaseTimer {
  return {
    limit: { kind: 'working_hours', amount: 4 },
    allowedMs: 4 * 3_600_000,
    startedAt: null,
    pausedMs: 0,
    pausedSince: null,
    stoppedAt: null,
    deadline: null,
    remainingMs: 4 * 3_600_000,
    atRisk: false,
    late: false,
    ...overrides,
  }
}

/** A valid open case (it passes the shared schema); tests override what they look at. */
export function makeCase(id: string, overrides: Partial<Case> = {}): Case {
  return {
    id,
    code: `GL-20260302-${id.padStart(4, '0').slice(-4)}`,
    source: 'terminal',
    categoryCode: '0501',
    title: `案件 ${id}`,
    description: '',
    location: { lng: 116.84, lat: 40.38 },
    address: '鼓楼东大街 1 号',
    gridId: 'g01',
    communityId: 'c01',
    reporterName: null,
    reporterPhone: null,
    urgent: false,
    state: 'pending_filing',
    version: 1,
    assignee: null,
    returnedFrom: null,
    pendingRequest: null,
    extensions: 0,
    reworks: 0,
    satisfaction: null,
    evaluationScore: null,
    duplicateOf: null,
    mergedReports: [],
    createdAt: T0,
    updatedAt: T0,
    timers: { intake: timer(), dispatch: timer(), handling: timer(), check: timer(), whole: timer() },
    timersAsOf: T0,
    deadline: null,
    remainingMs: null,
    atRisk: false,
    overdue: false,
    closedAt: null,
    closedLate: false,
    ...overrides,
  }
}

export function changed(seq: number, c: Case): CaseChanged {
  return { seq, case: c }
}
