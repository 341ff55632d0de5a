import { availableActions } from '@shared/caseMachine'
import type { Assignee, Case } from '@shared/schemas/case'
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
}

export interface DispatchChoices {
  units: DispatchChoice[]
  /** The service teams whose area includes the case's grid. */
  teams: DispatchChoice[]
}

const choice = (kind: Assignee['kind'], id: string, name: string, suggested = false): DispatchChoice => ({
  value: `${kind}:${id}`,
  assignee: { kind, id },
  name,
  suggested,
})

/**
 * Where a case can be sent from the wall: the units, the responsible one first and the rest by
 * name in the wall's language, and the service teams that serve its grid. Single workers are
 * dispatched from the desk, where the whole roster is at hand.
 */
export function dispatchChoices(
  units: readonly Unit[],
  teams: readonly Team[],
  gridId: string | null,
  suggestedId: string | null,
  locale: Locale,
): DispatchChoices {
  const collator = new Intl.Collator(locale === 'en' ? 'en' : 'zh-CN')
  const unitName = (u: Unit) => (locale === 'en' ? u.nameEn : u.name)
  return {
    units: [...units]
      .sort((a, b) => Number(b.id === suggestedId) - Number(a.id === suggestedId) || collator.compare(unitName(a), unitName(b)))
      .map((u) => choice('unit', u.id, unitName(u), u.id === suggestedId)),
    teams: teams
      .filter((t) => gridId !== null && t.gridIds.includes(gridId))
      .sort((a, b) => collator.compare(a.name, b.name))
      .map((t) => choice('team', t.id, t.name)),
  }
}
