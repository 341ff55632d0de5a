import { availableActions } from '@shared/caseMachine'
import type { Case } from '@shared/schemas/case'
import type { Unit } from '@shared/schemas/reference'
import type { Role } from '@shared/roles'
import type { Locale } from '../../i18n'

/** Whether this role may dispatch this case now, by the same state machine the server applies. */
export function canDispatch(c: Case | undefined, role: Role | undefined): boolean {
  return c !== undefined && role !== undefined && availableActions(c, role).includes('dispatch')
}

export interface DispatchChoice {
  id: string
  name: string
  /** The unit DOMAIN.md makes responsible for the case's 小类. */
  suggested: boolean
}

/** The units to dispatch to: the responsible one first, then the rest by name in the wall's language. */
export function dispatchChoices(units: readonly Unit[], suggestedId: string | null, locale: Locale): DispatchChoice[] {
  const name = (u: Unit) => (locale === 'en' ? u.nameEn : u.name)
  const collator = new Intl.Collator(locale === 'en' ? 'en' : 'zh-CN')
  return [...units]
    .sort((a, b) => Number(b.id === suggestedId) - Number(a.id === suggestedId) || collator.compare(name(a), name(b)))
    .map((u) => ({ id: u.id, name: name(u), suggested: u.id === suggestedId }))
}
