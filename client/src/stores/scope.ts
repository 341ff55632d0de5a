import { defineStore } from 'pinia'
import { computed, shallowRef, watch } from 'vue'
import { inScope, scopeOf, type CaseScope } from '@shared/rules/caseScope'
import type { Case } from '@shared/schemas/case'
import type { Unit } from '@shared/schemas/reference'
import type { WallAlarm, WallState } from '@shared/wall/wallState'
import { fetchUnits } from '../api/caseActions'
import { useCasesStore } from './cases'
import { useReferenceStore } from './reference'
import { useSessionStore } from './session'

/** The name of an account's scope in both languages; null while it is not known yet. */
export interface ScopeName {
  kind: Exclude<CaseScope['kind'], 'all'>
  zh: string
  en: string
}

/**
 * Whether a screen of `scope` shows the alarm of a case, `alarmCase` as the screen has it (undefined
 * when it has not got it). The street sees every alarm at once (the alarm may arrive before its
 * case does); a scoped screen only one whose case it has and that is in its scope.
 */
export function alarmShown(scope: CaseScope, alarmCase: Pick<Case, 'communityId' | 'gridId' | 'assignee'> | undefined): boolean {
  return scope.kind === 'all' || (alarmCase !== undefined && inScope(scope, alarmCase))
}

/**
 * The wall as a screen of this scope shows it: the alarm on the wall and the waiting ones only if
 * the screen shows them (`shows`). The tiles stay the wall's: an alarm left out is a wall showing
 * those cameras, without the alarm's outline and label. While another scope's alarm holds the wall,
 * the first of this scope's waiting alarms is this screen's alarm (its own emergency must not hide
 * behind someone else's), with no tiles of its own: the wall's cameras are the other alarm's. The
 * same object back when nothing is left out.
 */
export function scopedWallView(state: WallState | null, shows: (caseId: string) => boolean): WallState | null {
  if (!state) return null
  const onWall = state.alarm && shows(state.alarm.caseId) ? state.alarm : null
  const waiting = state.alarmQueue.filter((queued) => shows(queued.caseId))
  if (onWall === state.alarm && waiting.length === state.alarmQueue.length) return state
  if (onWall || !waiting[0]) return { ...state, alarm: onWall, alarmQueue: waiting }
  const [first, ...rest] = waiting
  const { queuedAt, ...call } = first
  const held: WallAlarm = { ...call, tiles: [], startedAt: queuedAt, expiresAt: new Date(Date.parse(queuedAt) + call.holdSeconds * 1000).toISOString(), saved: state.tiles }
  return { ...state, alarm: held, alarmQueue: rest }
}

/**
 * Who this screen works for: the whole street, or one community, unit or grid (the shared scope
 * rule, from the signed-in account). The server already sends a scoped account only its own cases
 * and KPIs; the wall state (alarms) is one per wall, shared by every screen, so this store is where
 * a scoped screen leaves out the alarms of cases outside its scope.
 */
export const useScopeStore = defineStore('scope', () => {
  const session = useSessionStore()
  const reference = useReferenceStore()
  const cases = useCasesStore()
  const units = shallowRef<readonly Unit[] | null>(null)

  const scope = computed<CaseScope>(() => (session.user ? scopeOf(session.user) : { kind: 'all' }))
  const scoped = computed(() => scope.value.kind !== 'all')

  // Units are not part of the wall's territory: read them once, only for a unit handler.
  watch(
    () => scope.value.kind === 'unit' && units.value === null,
    (needed) => {
      if (needed) fetchUnits().then((page) => (units.value = page.items), () => undefined)
    },
    { immediate: true },
  )

  const name = computed<ScopeName | null>(() => {
    const s = scope.value
    if (s.kind === 'all') return null
    if (s.id === null) return { kind: s.kind, zh: '未设置范围', en: 'No scope set' }
    if (s.kind === 'community') {
      const c = reference.communities?.features.find((f) => f.properties.id === s.id)?.properties
      return c ? { kind: s.kind, zh: c.stationName, en: c.nameEn } : null
    }
    if (s.kind === 'grid') {
      const g = reference.grids?.features.find((f) => f.properties.id === s.id)?.properties
      return g ? { kind: s.kind, zh: g.name, en: `Grid ${g.code}` } : null
    }
    const u = units.value?.find((unit) => unit.id === s.id)
    return u ? { kind: s.kind, zh: u.name, en: u.nameEn } : null
  })

  /** Whether this screen shows the alarm of a case (alarmShown). */
  const showsAlarmOf = (caseId: string): boolean => alarmShown(scope.value, cases.getCase(caseId))

  return { scope, scoped, name, showsAlarmOf }
})
