import { availableActions } from '@shared/caseMachine'
import type { Assignee, Case } from '@shared/schemas/case'
import type { SuggestionCandidate } from '@shared/schemas/deskApi'
import type { Team, Unit } from '@shared/schemas/reference'
import type { Role } from '@shared/roles'
import type { Locale } from '../../i18n'

/** Whether this role may dispatch this case now, by the same state machine the server applies. */
export function canDispatch(c: Case | undefined, role: Role | undefined): boolean {
  return c !== undefined && role !== undefined && availableActions(c, role).includes('dispatch')
}

export interface DispatchChoice {
  /** `kind:id`, the value of the dialog's select. */
  value: string
  assignee: Assignee
  name: string
  /** The unit docs/domain.md makes responsible for the case's 小类. */
  suggested: boolean
  /** The suggestion's reasons for this one in words (责任单位 · 在办 12 件 · …); null where it was not suggested. */
  reasons: string | null
}

export interface DispatchChoices {
  units: DispatchChoice[]
  /** The service teams whose area includes the case's grid. */
  teams: DispatchChoice[]
  /** The grid's workers the suggestion names (only to those who may read the roster): on duty first, then best first. */
  workers: DispatchChoice[]
}

const keyOf = (a: Assignee) => `${a.kind}:${a.id}`
const onDuty = (c: SuggestionCandidate) => c.reasons.some((r) => r.kind === 'on_duty')

/**
 * Where a case can be sent: the units, the responsible one first and the rest by name in the
 * screen's language; the service teams that serve its grid; and the grid's workers from the case's
 * assignment suggestion (GET /cases/:id/suggestions), on duty first. Every choice the suggestion
 * names carries its reasons in words.
 */
export function dispatchChoices(
  units: readonly Unit[],
  teams: readonly Team[],
  gridId: string | null,
  suggestedId: string | null,
  locale: Locale,
  candidates: readonly SuggestionCandidate[] = [],
): DispatchChoices {
  const collator = new Intl.Collator(locale === 'en' ? 'en' : 'zh-CN')
  const unitName = (u: Unit) => (locale === 'en' ? u.nameEn : u.name)
  const why = new Map(candidates.map((c) => [keyOf(c.assignee), locale === 'en' ? c.text.en : c.text.zh]))
  const choice = (assignee: Assignee, name: string, suggested = false): DispatchChoice => ({
    value: keyOf(assignee),
    assignee,
    name,
    suggested,
    reasons: why.get(keyOf(assignee)) ?? null,
  })
  return {
    units: [...units]
      .sort((a, b) => Number(b.id === suggestedId) - Number(a.id === suggestedId) || collator.compare(unitName(a), unitName(b)))
      .map((u) => choice({ kind: 'unit', id: u.id }, unitName(u), u.id === suggestedId)),
    teams: teams
      .filter((t) => gridId !== null && t.gridIds.includes(gridId))
      .sort((a, b) => collator.compare(a.name, b.name))
      .map((t) => choice({ kind: 'team', id: t.id }, t.name)),
    // The candidates come best first; a stable sort keeps that order within on duty and off duty.
    workers: candidates
      .filter((c) => c.assignee.kind === 'worker')
      .map((c, i) => ({ c, i }))
      .sort((a, b) => Number(onDuty(b.c)) - Number(onDuty(a.c)) || a.i - b.i)
      .map(({ c }) => choice(c.assignee, c.name)),
  }
}
