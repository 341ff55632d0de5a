import { shiftDay } from '@shared/rules/beijingTime'
import { bouncesByHandler, caseBounce } from '@shared/rules/caseBounce'
import { type CaseScope, inScope } from '@shared/rules/caseScope'
import type { Assignee } from '@shared/schemas/case'
import type { KpiBounces, KpiBouncesQuery } from '@shared/schemas/kpi'
import { resolveRange } from '../kpi/kpiRanges'
import type { ReferenceRepository } from '../reference/referenceRepository'
import type { DeskReads } from './deskStatements'

type Reference = Pick<ReferenceRepository, 'units' | 'teams' | 'worker'>

/** Beijing midnight of a YYYY-MM-DD day, as the ISO instant the store's created_at compares with. */
const startOf = (day: string) => new Date(`${day}T00:00:00+08:00`).toISOString()

/** A handler's name as the wall's rankings show it (a worker as 网格员 name, like the KPI's unit groups). */
function labeller(reference: Reference) {
  return (a: Assignee): string => {
    if (a.kind === 'unit') return reference.units().find((u) => u.id === a.id)?.name ?? a.id
    if (a.kind === 'team') return reference.teams().find((t) => t.id === a.id)?.name ?? a.id
    const w = reference.worker(a.id)
    return w ? `网格员 ${w.name}` : a.id
  }
}

/** Answers kept for scopes and ranges asked at the same event seq; a center has a few dozen scopes. */
const CACHED = 64

/**
 * The 推诿 KPI of a scope: per handler, the bounced cases reported in the range that passed through
 * it; and the open bounced cases now, for the wall's feed. Both from shared/rules/caseBounce.ts, so
 * a count here is the desk's flag. Every wall and desk re-reads it after cases change, and a read
 * of 30 days costs tens of milliseconds on the demo's data: with `seq`, an answer is reused until
 * the next change, so a room of screens costs one read per change and scope, not one per screen.
 */
export function createBounceKpi(deps: { reads: DeskReads; reference: Reference; now: () => Date; seq?: () => number }) {
  const label = labeller(deps.reference)
  const cache = new Map<string, { seq: number; answer: KpiBounces }>()
  return (query: KpiBouncesQuery, scope: CaseScope): KpiBounces => {
    const range = resolveRange(query.from, query.to, deps.now())
    const seq = deps.seq?.()
    const key = `${JSON.stringify(scope)}|${range.from}|${range.to}`
    const kept = cache.get(key)
    if (seq !== undefined && kept?.seq === seq) return kept.answer
    const answer = compute(range, scope)
    if (seq !== undefined) {
      cache.delete(key)
      cache.set(key, { seq, answer })
      if (cache.size > CACHED) cache.delete(cache.keys().next().value!)
    }
    return answer
  }

  function compute(range: { from: string; to: string }, scope: CaseScope): KpiBounces {
    const reported = deps.reads.reportedBounceSteps(startOf(range.from), startOf(shiftDay(range.to, 1)))
    const verdicts = [...reported.values()].filter((r) => inScope(scope, r.scope)).map((r) => caseBounce(r.steps))
    const steps = deps.reads.openBounceSteps()
    const open = deps.reads
      .openCases()
      .filter((c) => inScope(scope, c))
      .flatMap((c) => {
        const b = caseBounce(steps.get(c.id) ?? [])
        return b.bounced ? [{ id: c.id, path: b.path.map((a) => ({ ...a, name: label(a) })) }] : []
      })
    return {
      from: range.from,
      to: range.to,
      bounced: verdicts.filter((v) => v.bounced).length,
      byHandler: bouncesByHandler(verdicts).map((h) => ({ ...h, label: label(h.assignee) })),
      open,
    }
  }
}
