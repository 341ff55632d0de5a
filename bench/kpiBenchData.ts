import { interiorPoint } from '@shared/geometry'
import type { Case, CaseState, CaseTimer, CaseTimers } from '@shared/schemas/case'
import type { ReferenceData } from '@shared/schemas/reference'
import type { Random } from '../server/src/demo/gulou/random'
import { type KpiCase, type KpiFacts, NO_UNIT, newFacts } from '../server/src/kpi/kpiCounters'

/**
 * Synthetic final states of many cases for the KPI bench: each one a complete, schema-shaped
 * Case snapshot (timers included, so the plain GROUP BY reads realistic JSON) with the event
 * facts the projector would have folded. Open cases only among the last days, as in life.
 */

const MIN = 60_000
const HOUR = 60 * MIN

export interface BenchCase {
  c: Case
  facts: KpiFacts
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())

function timer(allowedMs: number, start: number | null, stop: number | null, late: boolean): CaseTimer {
  return {
    limit: { kind: 'working_days', amount: Math.max(1, Math.round(allowedMs / (8 * HOUR))) },
    allowedMs,
    startedAt: iso(start),
    pausedMs: 0,
    pausedSince: null,
    stoppedAt: iso(stop),
    deadline: start === null ? null : iso(start + allowedMs),
    remainingMs: late ? -HOUR : HOUR,
    atRisk: false,
    late,
  }
}

/** Closed 86%, evaluated among them most; not accepted 5%; merged 0.5%; the rest open when recent. */
function finalState(rng: Random, recent: boolean): CaseState {
  const r = rng.next()
  if (r < 0.05) return 'not_accepted'
  if (r < 0.055) return 'merged'
  if (!recent || r < 0.4) return rng.chance(0.75) ? 'evaluated' : 'closed'
  const open: CaseState[] = ['pending_filing', 'pending_dispatch', 'dispatched', 'in_progress', 'in_progress', 'pending_check', 'suspended']
  return rng.pick(open)
}

export function benchCase(i: number, createdMs: number, nowMs: number, data: ReferenceData, rng: Random): BenchCase {
  const grid = data.grids[rng.int(0, data.grids.length - 1)]!
  const category = data.categories[rng.int(0, data.categories.length - 1)]!
  const source = rng.pick(['terminal', 'terminal', 'terminal', 'hotline', 'hotline', 'camera', 'patrol', 'walk_in', 'district'] as const)
  const state = finalState(rng, nowMs - createdMs < 10 * 24 * HOUR)
  const [lng, lat] = interiorPoint(grid.boundary)
  const reached = (s: CaseState[]) => s.includes(state)
  const filed = reached(['pending_dispatch', 'dispatched', 'in_progress', 'suspended', 'pending_check', 'closed', 'evaluated'])
  const dispatched = reached(['dispatched', 'in_progress', 'suspended', 'pending_check', 'closed', 'evaluated'])
  const handled = reached(['pending_check', 'closed', 'evaluated'])
  const closed = reached(['closed', 'evaluated'])
  const filedAt = filed || state === 'not_accepted' ? createdMs + rng.int(5, 240) * MIN : null
  const dispatchedAt = dispatched ? filedAt! + rng.int(5, 120) * MIN : null
  const handledAt = handled ? dispatchedAt! + rng.int(1, 72) * HOUR : null
  const closedAt = closed ? handledAt! + rng.int(1, 24) * HOUR : null
  const handlingLate = dispatched && rng.chance(0.07)
  const closedLate = closed && rng.chance(0.03)
  const wholeLate = closedLate || (!closed && filed && rng.chance(0.2))
  const unitR = rng.next()
  const team = data.teams.find((t) => t.gridIds.includes(grid.id))
  const assignee = !dispatched
    ? null
    : unitR < 0.85 || !team
      ? { kind: 'unit' as const, id: category.unitId }
      : unitR < 0.97
        ? { kind: 'team' as const, id: team.id }
        : { kind: 'worker' as const, id: data.workers[rng.int(0, data.workers.length - 1)]!.id }
  const timers: CaseTimers = {
    intake: timer(4 * HOUR, createdMs, filedAt, false),
    dispatch: timer(HOUR, filedAt, dispatchedAt, false),
    handling: timer(16 * HOUR, dispatchedAt, handledAt, handlingLate),
    check: timer(8 * HOUR, handledAt, closedAt, false),
    whole: timer(29 * HOUR, createdMs, closedAt, wholeLate),
  }
  const hotline = source === 'hotline'
  const satisfaction = hotline && closed ? rng.pick(['satisfied', 'satisfied', 'satisfied', 'fairly_satisfied', 'unsatisfied'] as const) : null
  const updated = closedAt ?? handledAt ?? dispatchedAt ?? filedAt ?? createdMs
  const c: Case = {
    id: `b${String(i).padStart(9, '0')}`,
    code: `GL-B-${String(i).padStart(7, '0')}`,
    source,
    categoryCode: category.code,
    title: `${category.name}（${grid.name}）`,
    description: `${grid.name}：${category.name}，巡查发现，请处理。`,
    location: { lng, lat },
    address: grid.name,
    gridId: grid.id,
    communityId: grid.communityId,
    reporterName: hotline ? '王女士' : null,
    reporterPhone: hotline ? '139****1234' : null,
    urgent: category.urgent,
    state,
    version: 8,
    assignee,
    returnedFrom: null,
    pendingRequest: null,
    extensions: rng.chance(0.07) ? 1 : 0,
    reworks: handled && rng.chance(0.08) ? 1 : 0,
    satisfaction: satisfaction === 'unsatisfied' ? 'satisfied' : satisfaction,
    evaluationScore: state === 'evaluated' ? rng.int(3, 5) : null,
    duplicateOf: state === 'merged' ? 'b000000000' : null,
    mergedReports: [],
    createdAt: iso(createdMs)!,
    updatedAt: iso(updated)!,
    timers,
    timersAsOf: iso(updated)!,
    deadline: null,
    remainingMs: null,
    atRisk: false,
    overdue: !closed && filed && wholeLate,
    closedAt: iso(closedAt),
    closedLate,
  }
  const facts: KpiFacts = {
    ...newFacts(),
    filedAt: iso(filedAt),
    dispatchedAt: iso(dispatchedAt),
    handledAt: iso(handledAt),
    unit: assignee ? `${assignee.kind}:${assignee.id}` : NO_UNIT,
    dispatches: dispatched ? 1 + (rng.chance(0.05) ? 1 : 0) : 0,
    followUps: satisfaction ? (satisfaction === 'unsatisfied' ? 2 : 1) : 0,
    satisfiedCalls: satisfaction ? 1 : 0,
  }
  facts.returns = facts.dispatches - (dispatched ? 1 : 0)
  return { c, facts }
}

export const asKpiCase = (c: Case): KpiCase => c
