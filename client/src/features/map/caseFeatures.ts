import type { FeatureCollection, Point } from 'geojson'
import type { Case, CaseState } from '@shared/schemas/case'
import { isAtRisk, isOverdue } from '@shared/rules/caseLateness'
import type { IdPointFeature } from './featureDiff'

/** The step an open case waits at, which is what its marker colour says. */
export type CaseGroup = 'intake' | 'dispatch' | 'handling' | 'suspended' | 'check'
export const CASE_GROUPS: readonly CaseGroup[] = ['intake', 'dispatch', 'handling', 'suspended', 'check']

const GROUP_OF: Partial<Record<CaseState, CaseGroup>> = {
  pending_filing: 'intake',
  prefiling_check: 'intake',
  pending_dispatch: 'dispatch',
  dispatched: 'handling',
  in_progress: 'handling',
  suspended: 'suspended',
  pending_check: 'check',
}

export function caseGroup(state: CaseState): CaseGroup {
  return GROUP_OF[state] ?? 'intake'
}

/**
 * Only what the layers style by: the popup reads the full case from the store, so titles and
 * addresses (free text from users) never go to the map worker.
 */
export interface CaseProperties {
  id: string
  group: CaseGroup
  urgent: boolean
  overdue: boolean
  atRisk: boolean
}

export type CaseFeature = IdPointFeature<CaseProperties>

export function caseFeature(c: Case): CaseFeature {
  return {
    type: 'Feature',
    id: c.id,
    properties: { id: c.id, group: caseGroup(c.state), urgent: c.urgent, overdue: isOverdue(c), atRisk: isAtRisk(c) },
    geometry: { type: 'Point', coordinates: [c.location.lng, c.location.lat] },
  }
}

/**
 * The features of the open cases. The store replaces a case object only when the case changed, so
 * a cache keyed by the object hands back the very same feature for the thousands that did not, and
 * the diff skips those by identity.
 */
export function caseFeatures(cases: Iterable<Case>, cache?: WeakMap<Case, CaseFeature>): CaseFeature[] {
  if (!cache) return Array.from(cases, caseFeature)
  return Array.from(cases, (c) => {
    let feature = cache.get(c)
    if (!feature) cache.set(c, (feature = caseFeature(c)))
    return feature
  })
}

/** How long a newly seen case pulses. */
export const NEW_CASE_MS = 60_000

/**
 * When each case first reached this map, for the "new" pulse. The first load is not news (the
 * whole snapshot would pulse), so ids present at the first update get no time at all.
 */
export function trackFirstSeen(
  firstSeen: ReadonlyMap<string, number>,
  previousIds: Pick<ReadonlySet<string>, 'has'> | null,
  currentIds: Iterable<string>,
  now: number,
): Map<string, number> {
  const next = new Map<string, number>()
  if (previousIds === null) return next
  for (const id of currentIds) {
    const seen = firstSeen.get(id) ?? (previousIds.has(id) ? undefined : now)
    if (seen !== undefined && now - seen < NEW_CASE_MS) next.set(id, seen)
  }
  return next
}

export interface PulseProperties {
  id: string
  urgent: boolean
}

/** Urgent cases and those first seen less than NEW_CASE_MS ago: the few markers that pulse. */
export function pulseCollection(
  features: Iterable<CaseFeature>,
  firstSeen: ReadonlyMap<string, number>,
  now: number,
): FeatureCollection<Point, PulseProperties> {
  const pulsing: IdPointFeature<PulseProperties>[] = []
  for (const f of features) {
    const seen = firstSeen.get(f.properties.id)
    const isNew = seen !== undefined && now - seen < NEW_CASE_MS
    if (!f.properties.urgent && !isNew) continue
    pulsing.push({ type: 'Feature', id: f.properties.id, properties: { id: f.properties.id, urgent: f.properties.urgent }, geometry: f.geometry })
  }
  return { type: 'FeatureCollection', features: pulsing }
}

/** When the next "new" pulse runs out, so the pulse source can drop it without waiting for a case change. */
export function nextPulseExpiry(firstSeen: ReadonlyMap<string, number>): number | null {
  let earliest: number | null = null
  for (const seen of firstSeen.values()) {
    const end = seen + NEW_CASE_MS
    if (earliest === null || end < earliest) earliest = end
  }
  return earliest
}

/** A cheap fingerprint of a pulse collection: the source is re-sent only when it changes. */
export function pulseKey(collection: FeatureCollection<Point, PulseProperties>): string {
  return collection.features
    .map((f) => `${f.properties.id}:${f.properties.urgent ? 1 : 0}:${f.geometry.coordinates.join(',')}`)
    .join('|')
}
