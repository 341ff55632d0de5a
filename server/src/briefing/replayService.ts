import { shiftDay } from '@shared/rules/beijingTime'
import { type CaseScope, inScope } from '@shared/rules/caseScope'
import { openDuring } from '@shared/rules/replayState'
import type { Assignee } from '@shared/schemas/case'
import { REPLAY_MAX_DAYS, type ReplayCase, type ReplayQuery, type ReplayStep, type ReplayTimeline } from '@shared/schemas/replay'
import { createError } from '../core/appError'
import { resolveRange } from '../kpi/kpiRanges'
import type { ReferenceRepository } from '../reference/referenceRepository'
import type { ReplayReads, ReplayRow } from './replayStatements'

/** Beijing midnight starting a YYYY-MM-DD day, epoch ms. */
const midnight = (day: string) => Date.parse(`${day}T00:00:00+08:00`)

type Reference = Pick<ReferenceRepository, 'communities' | 'grids'>

/** The asked scope as a case scope, refusing an id the reference data does not know. */
export function askedScope(scope: ReplayQuery['scope'], reference: Reference): CaseScope {
  if (scope === 'street') return { kind: 'all' }
  const [kind, id] = scope.split(':') as ['community' | 'grid', string]
  const known = kind === 'community' ? reference.communities().some((c) => c.id === id) : reference.grids().some((g) => g.id === id)
  if (!known) throw createError('VALIDATION_FAILED', `invalid query: scope: there is no ${kind} "${id}"`)
  return { kind, id }
}

/** What the scope rule reads of a row: its community, grid and current holder. */
function scopeFields(row: ReplayRow) {
  const assignee = row.assigneeKind && row.assigneeId ? ({ kind: row.assigneeKind, id: row.assigneeId } as Assignee) : null
  return { communityId: row.communityId, gridId: row.gridId, assignee }
}

/**
 * The replay timeline of a period: the cases open at some instant of it within both the asked
 * scope and the caller's own (a scoped account never sees past its scope, whatever it asks), with
 * their state changes up to the period's end or now.
 */
export function createReplayService(deps: { reads: ReplayReads; reference: Reference; now: () => Date }) {
  return (query: ReplayQuery, callerScope: CaseScope): ReplayTimeline => {
    const range = resolveRange(query.from, query.to, deps.now())
    if (range.days > REPLAY_MAX_DAYS) {
      throw createError('VALIDATION_FAILED', `invalid query: the period is ${range.days} days; a replay covers at most ${REPLAY_MAX_DAYS}`)
    }
    const scope = askedScope(query.scope, deps.reference)
    const startAt = midnight(range.from)
    const endAt = Math.min(midnight(shiftDay(range.to, 1)), deps.now().getTime())
    if (endAt <= startAt) throw createError('VALIDATION_FAILED', `invalid query: the period starting ${range.from} has not begun yet`)

    const cases: ReplayCase[] = []
    let current: { row: ReplayRow; steps: ReplayStep[] } | null = null
    const flush = () => {
      if (!current) return
      const fields = scopeFields(current.row)
      if (inScope(scope, fields) && inScope(callerScope, fields) && openDuring(current.steps, startAt, endAt)) {
        cases.push([current.row.caseId, current.row.lng, current.row.lat, current.steps])
      }
    }
    for (const row of deps.reads.rows(new Date(startAt).toISOString(), new Date(endAt).toISOString())) {
      if (current?.row.caseId !== row.caseId) {
        flush()
        current = { row, steps: [] }
      }
      current.steps.push([Date.parse(row.at), row.state])
    }
    flush()
    return { from: range.from, to: range.to, scope: query.scope, startAt, endAt, cases }
  }
}

export type ReplayService = ReturnType<typeof createReplayService>
