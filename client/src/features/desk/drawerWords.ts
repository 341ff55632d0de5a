import type { TransitionAction } from '@shared/caseMachine'
import { ACTION_LABELS } from '@shared/labels'
import { ROLE_LABELS } from '@shared/roles'
import type { CaseEvent } from '@shared/schemas/case'
import type { Locale } from '../../i18n'
import { labelOf } from '../cases/caseFormat'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** The role, and the id where it is a person's code (a registry worker's W0001), not an account's UUID. */
export function actorName(e: Pick<CaseEvent, 'actorId' | 'actorRole'>, loc: Locale): string {
  const role = labelOf(ROLE_LABELS[e.actorRole], loc)
  return UUID.test(e.actorId) ? role : `${role} ${e.actorId}`
}

export const actionLabel = (a: string, loc: Locale) => labelOf(ACTION_LABELS[a as TransitionAction], loc)

/** Which request an approval step decides: its reason is what the approver weighs. */
const REQUEST_OF: Partial<Record<TransitionAction, 'request_extension' | 'request_suspension'>> = {
  approve_extension: 'request_extension',
  reject_extension: 'request_extension',
  approve_suspension: 'request_suspension',
  reject_suspension: 'request_suspension',
  // Resuming ends the suspension that was asked for and approved: its reason says what was awaited.
  resume: 'request_suspension',
}

/** The latest request an approval (or 恢复) answers, from the history; null for other steps. */
export function requestBehind(action: TransitionAction, history: readonly CaseEvent[]): CaseEvent | null {
  const request = REQUEST_OF[action]
  if (!request) return null
  return history.findLast((e) => e.action === request) ?? null
}

export const DUPLICATE_STEPS: readonly TransitionAction[] = ['merge', 'keep_separate']
